import { getHashes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BUILTIN_BACKENDS, loadBackends } from '../../src/workloads/backends/index.js';
import { nobleBackend } from '../../src/workloads/backends/noble.js';
import { nodeBackend } from '../../src/workloads/backends/node.js';
import { checkHashVectors } from '../../src/workloads/hash.js';
import { checkSignatureScheme } from '../../src/workloads/signature.js';
import { checkBlsAggregation } from '../../src/workloads/bls.js';
import { bytesToHex, seededBytes } from '../../src/workloads/inputs.js';
import {
  HASH_ALGORITHMS,
  SIGNATURE_ALGORITHMS,
  isUnsupported,
  type Backend,
  type BlsImpl,
  type HashAlgorithm,
  type HashImpl,
  type SignatureImpl,
  type Unsupported,
} from '../../src/workloads/types.js';

const SEED = 7;
// Backends with asynchronous set-up (WebAssembly) are usable once loadBackends has run.
await loadBackends();
/** Optional backends whose library is not installed here are reported, not tested. */
const LOADED = BUILTIN_BACKENDS.filter((b) => !b.unavailable);
for (const b of BUILTIN_BACKENDS)
  if (b.unavailable) console.warn(`NOTICE: backend ${b.name} not tested here: ${b.unavailable}`);
type PlainSignature = Exclude<(typeof SIGNATURE_ALGORITHMS)[number], 'bls12-381'>;
const PLAIN_SIGNATURES = SIGNATURE_ALGORITHMS.filter((a): a is PlainSignature => a !== 'bls12-381');

function signatureImpl(b: Backend, alg: (typeof SIGNATURE_ALGORITHMS)[number]): SignatureImpl | Unsupported {
  return alg === 'bls12-381' ? b.bls() : b.signature(alg);
}

const ALL: readonly string[] = [...HASH_ALGORITHMS, ...SIGNATURE_ALGORITHMS];
const only = (...supported: string[]) => ALL.filter((a) => !supported.includes(a));

/** Pairs a backend must not claim: its library lacks them. */
const KNOWN_UNSUPPORTED: Record<string, readonly string[]> = {
  noble: [],
  blst: only('bls12-381'),
  sodium: only('ed25519', 'blake2b-256', 'blake2b-512'),
  secp256k1: only('ecdsa-secp256k1'),
  wasm: only(...HASH_ALGORITHMS),
  node: [
    'blake3',
    'blake2b-256',
    'schnorr-secp256k1',
    'bls12-381',
    // OpenSSL gained KECCAK-256 in 3.2; older builds (Node 20 ships 3.0) lack it.
    ...(getHashes()
      .map((h) => h.toLowerCase())
      .includes('keccak-256')
      ? []
      : ['keccak256']),
  ],
};

describe('builtin backends', () => {
  it('are noble and node, then the optional native and WebAssembly ones', () => {
    expect(BUILTIN_BACKENDS.map((b) => b.name)).toEqual(['noble', 'node', 'blst', 'sodium', 'secp256k1', 'wasm']);
  });
});

describe.each(LOADED.map((b) => [b.name, b] as const))('hash known answers on %s', (name, backend) => {
  it.each([...HASH_ALGORITHMS])('%s', (alg) => {
    const impl = backend.hash(alg);
    if (KNOWN_UNSUPPORTED[name]!.includes(alg)) {
      expect(isUnsupported(impl)).toBe(true);
      expect((impl as Unsupported).unsupported).toMatch(/\S{3}/);
      return;
    }
    expect(isUnsupported(impl)).toBe(false);
    expect(checkHashVectors(alg, impl as HashImpl)).toBeNull();
  });
});

describe.each(LOADED.map((b) => [b.name, b] as const))(
  'signature known answers and tamper checks on %s',
  (name, backend) => {
    const reference = (alg: PlainSignature) => nobleBackend.signature(alg) as SignatureImpl;

    it.each(PLAIN_SIGNATURES)('%s', (alg) => {
      const impl = backend.signature(alg);
      if (KNOWN_UNSUPPORTED[name]!.includes(alg)) {
        expect(isUnsupported(impl)).toBe(true);
        expect((impl as Unsupported).unsupported).toMatch(/\S{3}/);
        return;
      }
      expect(isUnsupported(impl)).toBe(false);
      expect(checkSignatureScheme(alg, impl as SignatureImpl, reference(alg), SEED)).toBeNull();
    });

    it('bls12-381', () => {
      const impl = backend.bls();
      if (KNOWN_UNSUPPORTED[name]!.includes('bls12-381')) {
        expect(isUnsupported(impl)).toBe(true);
        expect((impl as Unsupported).unsupported).toMatch(/BLS12-381/);
        return;
      }
      expect(isUnsupported(impl)).toBe(false);
      const bls = impl as BlsImpl;
      expect(checkSignatureScheme('bls12-381', bls, nobleBackend.bls() as BlsImpl, SEED)).toBeNull();
      expect(checkBlsAggregation(bls, SEED)).toBeNull();
    });
  },
);

describe('node:crypto gaps are reported with a reason', () => {
  const reason = (x: object): string => (isUnsupported(x) ? x.unsupported : '(supported)');

  it('no BLAKE3', () => {
    expect(reason(nodeBackend.hash('blake3'))).toMatch(/BLAKE3/);
  });

  it('no 256-bit BLAKE2b', () => {
    expect(reason(nodeBackend.hash('blake2b-256'))).toMatch(/BLAKE2b/);
  });

  it('no BIP-340 Schnorr', () => {
    expect(reason(nodeBackend.signature('schnorr-secp256k1'))).toMatch(/Schnorr/);
  });

  it('no BLS12-381', () => {
    expect(reason(nodeBackend.bls())).toMatch(/BLS12-381/);
  });

  it('noble supports every algorithm', () => {
    for (const alg of HASH_ALGORITHMS) expect(isUnsupported(nobleBackend.hash(alg)), alg).toBe(false);
    for (const alg of SIGNATURE_ALGORITHMS) expect(isUnsupported(signatureImpl(nobleBackend, alg)), alg).toBe(false);
  });
});

const CORE = [nobleBackend, nodeBackend];

describe('backends agree on seeded inputs', () => {
  const shared = HASH_ALGORITHMS.filter((alg) => CORE.every((b) => !isUnsupported(b.hash(alg))));

  it('at least the SHA-2, SHA-3, BLAKE2b-512 and RIPEMD-160 digests are shared', () => {
    expect(shared).toEqual(
      expect.arrayContaining<HashAlgorithm>(['sha256', 'sha512', 'sha3-256', 'blake2b-512', 'ripemd160']),
    );
  });

  it.each([...HASH_ALGORITHMS])(
    '%s digests of 0, 32, 1024 and 65536 bytes are equal on every backend that has it',
    (alg) => {
      const impls = LOADED.filter((b) => !isUnsupported(b.hash(alg))).map((b) => b.hash(alg) as HashImpl);
      const digests = new Set<string>();
      for (const size of [0, 32, 1024, 65536]) {
        const message = seededBytes(SEED, `agreement-${size}`, size);
        expect(message.length).toBe(size);
        const hex = impls.map((impl) => bytesToHex(impl.hash(message)));
        expect(new Set(hex).size, `${alg} at ${size} bytes: ${hex.join(' vs ')}`).toBe(1);
        digests.add(hex[0]!);
      }
      // Different inputs give different digests: the comparison above is not vacuous.
      expect(digests.size).toBe(4);
    },
  );
});
