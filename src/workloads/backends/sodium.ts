import type { Backend, HashAlgorithm, HashImpl, SignatureImpl, Unsupported } from '../types.js';
import { lacks, loadOptional, unavailableBackend } from './optional.js';

// The libsodium calls we use, from sodium-native (bindings with prebuilt binaries).
interface SodiumModule {
  crypto_sign_seed_keypair(pk: Uint8Array, sk: Uint8Array, seed: Uint8Array): void;
  crypto_sign_detached(sig: Uint8Array, m: Uint8Array, sk: Uint8Array): void;
  crypto_sign_verify_detached(sig: Uint8Array, m: Uint8Array, pk: Uint8Array): boolean;
  crypto_generichash(out: Uint8Array, m: Uint8Array): void;
  crypto_sign_PUBLICKEYBYTES: number;
  crypto_sign_SECRETKEYBYTES: number;
  crypto_sign_BYTES: number;
}

const PACKAGE = 'sodium-native';
const DESCRIPTION = 'native libsodium via sodium-native: ed25519, BLAKE2b';

/** Ed25519 and BLAKE2b (crypto_generichash, unkeyed) on libsodium. */
export function createSodiumBackend(packageName = PACKAGE): Backend {
  const loaded = loadOptional<SodiumModule>(packageName);
  if (!loaded.ok) return unavailableBackend('sodium', DESCRIPTION, loaded.reason);
  const s = loaded.mod;
  const blake2b = (bytes: number): HashImpl => ({
    hash: (m) => {
      const out = new Uint8Array(bytes);
      s.crypto_generichash(out, m);
      return out;
    },
  });
  const hashes: Partial<Record<HashAlgorithm, HashImpl>> = { 'blake2b-256': blake2b(32), 'blake2b-512': blake2b(64) };
  const ed25519: SignatureImpl<Uint8Array, Uint8Array> = {
    keyFromSeed: (seed) => {
      const pk = new Uint8Array(s.crypto_sign_PUBLICKEYBYTES);
      const sk = new Uint8Array(s.crypto_sign_SECRETKEYBYTES);
      s.crypto_sign_seed_keypair(pk, sk, seed);
      return { secret: sk, public: pk, publicKeyBytes: pk };
    },
    importPublicKey: (bytes) => bytes,
    sign: (m, sk) => {
      const sig = new Uint8Array(s.crypto_sign_BYTES);
      s.crypto_sign_detached(sig, m, sk);
      return sig;
    },
    verify: (sig, m, pk) => sig.length === s.crypto_sign_BYTES && s.crypto_sign_verify_detached(sig, m, pk),
  };
  return {
    name: 'sodium',
    description: DESCRIPTION,
    libraries: () => ({ [PACKAGE]: loaded.version }),
    hash: (alg): HashImpl | Unsupported => hashes[alg] ?? lacks('libsodium', alg),
    signature: (alg) => (alg === 'ed25519' ? (ed25519 as SignatureImpl) : lacks('libsodium', alg)),
    bls: () => lacks('libsodium', 'BLS12-381'),
  };
}
