import { createHash } from 'node:crypto';
import type { Backend, SignatureImpl } from '../types.js';
import { lacks, loadOptional, unavailableBackend } from './optional.js';

// The calls we use from the `secp256k1` package: Bitcoin Core's libsecp256k1, prebuilt per platform.
interface Secp256k1Module {
  publicKeyCreate(sk: Uint8Array, compressed?: boolean): Uint8Array;
  publicKeyVerify(pk: Uint8Array): boolean;
  ecdsaSign(msg32: Uint8Array, sk: Uint8Array): { signature: Uint8Array; recid: number };
  ecdsaVerify(sig: Uint8Array, msg32: Uint8Array, pk: Uint8Array): boolean;
}

const PACKAGE = 'secp256k1';
const DESCRIPTION = 'native libsecp256k1 via the secp256k1 package: ECDSA';

/**
 * Whether `secp256k1` loaded its native addon. The package quietly falls back to the pure-JS
 * `elliptic` when no binary fits, which would make a "native" backend measure JavaScript.
 */
function isNative(packageName: string): boolean {
  return loadOptional(`${packageName}/bindings`).ok;
}

/**
 * ECDSA over secp256k1 with SHA-256 of the message (hashed here with OpenSSL, as the library signs
 * 32-byte digests), RFC 6979 nonces and low-S signatures, as Bitcoin and Ethereum use it.
 */
export function createSecp256k1Backend(packageName = PACKAGE): Backend {
  const loaded = loadOptional<Secp256k1Module>(packageName);
  if (!loaded.ok) return unavailableBackend('secp256k1', DESCRIPTION, loaded.reason);
  if (!isNative(packageName))
    return unavailableBackend(
      'secp256k1',
      DESCRIPTION,
      `${packageName} has no native binary for this platform (it would fall back to pure-JS elliptic)`,
    );
  const k = loaded.mod;
  const digest = (m: Uint8Array) => new Uint8Array(createHash('sha256').update(m).digest());
  const ecdsa: SignatureImpl<Uint8Array, Uint8Array> = {
    keyFromSeed: (seed) => {
      const pub = k.publicKeyCreate(seed, true);
      return { secret: seed, public: pub, publicKeyBytes: pub };
    },
    importPublicKey: (bytes) => {
      if (!k.publicKeyVerify(bytes)) throw new TypeError('not a secp256k1 public key');
      return bytes;
    },
    sign: (m, sk) => k.ecdsaSign(digest(m), sk).signature,
    verify: (sig, m, pk) => {
      try {
        return k.ecdsaVerify(sig, digest(m), pk);
      } catch {
        return false;
      }
    },
  };
  return {
    name: 'secp256k1',
    description: DESCRIPTION,
    libraries: () => ({ [PACKAGE]: loaded.version }),
    hash: () => lacks('libsecp256k1', 'hash functions'),
    signature: (alg) => (alg === 'ecdsa-secp256k1' ? (ecdsa as SignatureImpl) : lacks('the secp256k1 package', alg)),
    bls: () => lacks('libsecp256k1', 'BLS12-381'),
  };
}
