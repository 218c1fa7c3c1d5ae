import * as crypto from 'node:crypto';
import type { Backend, HashAlgorithm, HashImpl, SignatureImpl, Unsupported } from '../types.js';

/** OpenSSL digest names for our algorithms; a missing entry is a reason why node cannot run it. */
const DIGESTS: Record<HashAlgorithm, string | Unsupported> = {
  sha256: 'sha256',
  sha512: 'sha512',
  'sha3-256': 'sha3-256',
  'blake2b-512': 'blake2b512',
  ripemd160: 'ripemd160',
  keccak256: 'keccak-256',
  'blake2b-256': {
    unsupported:
      'node:crypto offers BLAKE2b only with a 512-bit digest (blake2b512); OpenSSL 3.0 has no 256-bit variant',
  },
  blake3: { unsupported: 'OpenSSL (node:crypto) has no BLAKE3' },
};

const available = new Set(crypto.getHashes().map((h) => h.toLowerCase()));

function nodeHash(alg: HashAlgorithm): HashImpl | Unsupported {
  const name = DIGESTS[alg];
  if (typeof name !== 'string') return name;
  if (!available.has(name))
    return { unsupported: `this Node's OpenSSL ${process.versions.openssl} has no ${name} digest` };
  // One-shot crypto.hash (Node ≥ 20.12; package.json requires 20.19) skips the Hash object and is what a fast caller would use.
  return { hash: (m) => crypto.hash(name, m, 'buffer') };
}

// DER prefixes for raw Ed25519 keys (RFC 8410): PKCS#8 private key and SubjectPublicKeyInfo.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const ed25519Impl: SignatureImpl<crypto.KeyObject, crypto.KeyObject> = {
  keyFromSeed: (seed) => {
    const secret = crypto.createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    });
    const pub = crypto.createPublicKey(secret);
    const spki = pub.export({ format: 'der', type: 'spki' });
    return { secret, public: pub, publicKeyBytes: new Uint8Array(spki.subarray(spki.length - 32)) };
  },
  importPublicKey: (bytes) =>
    crypto.createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, bytes]), format: 'der', type: 'spki' }),
  sign: (m, sk) => new Uint8Array(crypto.sign(null, m, sk)),
  verify: (sig, m, pk) => {
    try {
      return crypto.verify(null, m, pk, sig);
    } catch {
      return false;
    }
  },
};

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const b64url = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

function ecJwk(crv: 'secp256k1' | 'P-256', uncompressed: Uint8Array, d?: Uint8Array): crypto.JsonWebKey {
  const jwk: crypto.JsonWebKey = {
    kty: 'EC',
    crv,
    x: b64url(uncompressed.subarray(1, 33)),
    y: b64url(uncompressed.subarray(33, 65)),
  };
  if (d) jwk.d = b64url(d);
  return jwk;
}

/** OpenSSL does not normalise s; Bitcoin and Ethereum require low-S (BIP-62, EIP-2), so we do. */
function toLowS(sig: Uint8Array): Uint8Array {
  const s = BigInt('0x' + Buffer.from(sig.subarray(32)).toString('hex'));
  if (s <= SECP256K1_N >> 1n) return sig;
  const out = new Uint8Array(64);
  out.set(sig.subarray(0, 32));
  out.set(Buffer.from((SECP256K1_N - s).toString(16).padStart(64, '0'), 'hex'), 32);
  return out;
}

/**
 * ECDSA with SHA-256 of the message and r‖s encoding on an OpenSSL curve; OpenSSL picks k at
 * random. `normalize` post-processes signatures (low-S for secp256k1; nothing for P-256, which
 * has no such rule).
 */
function ecdsaOn(
  curve: 'secp256k1' | 'prime256v1',
  crv: 'secp256k1' | 'P-256',
  normalize: (sig: Uint8Array) => Uint8Array,
): SignatureImpl<crypto.KeyObject, crypto.KeyObject> {
  return {
    keyFromSeed: (seed) => {
      const ecdh = crypto.createECDH(curve);
      ecdh.setPrivateKey(seed);
      const secret = crypto.createPrivateKey({ key: ecJwk(crv, ecdh.getPublicKey(), seed), format: 'jwk' });
      return {
        secret,
        public: crypto.createPublicKey(secret),
        publicKeyBytes: new Uint8Array(ecdh.getPublicKey(null, 'compressed')),
      };
    },
    importPublicKey: (bytes) => {
      const uncompressed = crypto.ECDH.convertKey(bytes, curve, undefined, undefined, 'uncompressed') as Buffer;
      return crypto.createPublicKey({ key: ecJwk(crv, uncompressed), format: 'jwk' });
    },
    sign: (m, sk) => normalize(new Uint8Array(crypto.sign('sha256', m, { key: sk, dsaEncoding: 'ieee-p1363' }))),
    verify: (sig, m, pk) => {
      try {
        return crypto.verify('sha256', m, { key: pk, dsaEncoding: 'ieee-p1363' }, sig);
      } catch {
        return false;
      }
    },
  };
}

const ecdsaImpl = ecdsaOn('secp256k1', 'secp256k1', toLowS);
const p256Impl = ecdsaOn('prime256v1', 'P-256', (sig) => sig);

export const nodeBackend: Backend = {
  name: 'node',
  description: `node:crypto (OpenSSL ${process.versions.openssl})`,
  libraries: () => ({ openssl: process.versions.openssl ?? 'unknown' }),
  hash: nodeHash,
  signature: (alg) =>
    alg === 'ed25519'
      ? ed25519Impl
      : alg === 'ecdsa-secp256k1'
        ? ecdsaImpl
        : alg === 'ecdsa-p256'
          ? p256Impl
          : { unsupported: 'OpenSSL (node:crypto) has no BIP-340 Schnorr signatures' },
  bls: () => ({ unsupported: 'OpenSSL (node:crypto) has no BLS12-381 pairings' }),
};
