/**
 * Shared types of the workload layer: algorithms, backend implementations and prepared cases.
 * Everything here runs inside worker threads as well as on the main thread, so it imports nothing
 * heavier than the types it names.
 */

export const HASH_ALGORITHMS = [
  'sha256',
  'sha512',
  'keccak256',
  'sha3-256',
  'blake2b-256',
  'blake2b-512',
  'blake3',
  'ripemd160',
] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

export const SIGNATURE_ALGORITHMS = [
  'ed25519',
  'ecdsa-secp256k1',
  'ecdsa-p256',
  'schnorr-secp256k1',
  'bls12-381',
] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

export type Algorithm = HashAlgorithm | SignatureAlgorithm;

/** Operations a primitive case can time. */
export const OPS = [
  'hash',
  'merkle',
  'sign',
  'verify',
  'verify-batch',
  'fast-aggregate-verify',
  'aggregate-verify',
  'aggregate',
  'spin',
  'copy',
] as const;
export type Op = (typeof OPS)[number];

export interface HashImpl {
  hash(message: Uint8Array): Uint8Array;
}

/** A key pair as a backend keeps it: opaque handles prepared for fast use, plus public key bytes. */
export interface KeyPair<S = unknown, P = unknown> {
  secret: S;
  public: P;
  publicKeyBytes: Uint8Array;
}

export interface SignatureImpl<S = unknown, P = unknown> {
  /** Derive a key pair deterministically from 32 seed bytes (used as the secret key). */
  keyFromSeed(seed: Uint8Array): KeyPair<S, P>;
  /** Parse public key bytes (as produced by any backend) into this backend's handle. */
  importPublicKey(bytes: Uint8Array): P;
  sign(message: Uint8Array, secret: S): Uint8Array;
  verify(signature: Uint8Array, message: Uint8Array, publicKey: P): boolean;
  /**
   * Verify many independent (signature, message, key) triples at once, where the library offers a
   * batch method (e.g. blst's multi-verify with random linear combinations): true only when all
   * are valid. Absent when the library has none; the `verify-batch` op is then skipped.
   */
  verifyBatch?(items: readonly SignedItem<P>[]): boolean;
}

export interface SignedItem<P = unknown> {
  signature: Uint8Array;
  message: Uint8Array;
  publicKey: P;
}

/** BLS adds aggregation; public keys in G1, signatures in G2 (Ethereum's choice). */
export interface BlsImpl<S = unknown, P = unknown> extends SignatureImpl<S, P> {
  aggregateSignatures(signatures: Uint8Array[]): Uint8Array;
  /** k signatures on one message: aggregate the public keys, verify once (FastAggregateVerify). */
  fastAggregateVerify(signature: Uint8Array, message: Uint8Array, publicKeys: P[]): boolean;
  /** k signatures on k distinct messages (AggregateVerify). */
  aggregateVerify(signature: Uint8Array, messages: Uint8Array[], publicKeys: P[]): boolean;
}

/** Why a backend cannot run an algorithm; becomes a `skipped` case with this reason. */
export interface Unsupported {
  unsupported: string;
}

export interface Backend {
  name: string;
  description: string;
  /** Library name → version, for the result file's `system.libraries`. */
  libraries(): Record<string, string>;
  hash(algorithm: HashAlgorithm): HashImpl | Unsupported;
  signature(algorithm: Exclude<SignatureAlgorithm, 'bls12-381'>): SignatureImpl | Unsupported;
  bls(): BlsImpl | Unsupported;
  /**
   * Asynchronous set-up a backend needs before use (e.g. compiling WebAssembly); loadBackends
   * awaits it. Until it has resolved the backend may report its algorithms as unsupported.
   */
  ready?(): Promise<void>;
  /** Set when the backend's library could not be loaded: why. Its algorithms are then all unsupported. */
  unavailable?: string;
}

export function isUnsupported(x: object): x is Unsupported {
  return 'unsupported' in x;
}

/** The leaf size of a Merkle case that names none: a 32-byte transaction hash. */
export const DEFAULT_LEAF_BYTES = 32;

/** What every workload names: the operation, the algorithm and the backend that runs it. */
interface SpecBase {
  algorithm: string;
  backend: string;
}

/**
 * What a case is: enough to rebuild its inputs in any thread. A union keyed by `op`, so each op's
 * parameter is there by type (a hash has a size, a BLS aggregate its k).
 */
export type WorkloadSpec =
  | (SpecBase & {
      op: 'hash';
      /** Message size, bytes. */
      sizeBytes: number;
    })
  | (SpecBase & {
      op: 'merkle';
      /** Leaf count. */
      leaves: number;
      /**
       * Bytes of each leaf; absent: DEFAULT_LEAF_BYTES (a transaction hash, as primitive cases hash). A consensus
       * calibration passes its block's leaf size: a signed transaction or an opaque command.
       */
      leafBytes?: number;
    })
  | (SpecBase & { op: 'sign' })
  | (SpecBase & { op: 'verify' })
  | (SpecBase & {
      op: 'verify-batch';
      /** Signatures per batch. */
      k: number;
    })
  | (SpecBase & {
      op: 'fast-aggregate-verify' | 'aggregate-verify' | 'aggregate';
      /** Signatures per aggregate (`aggregate`: signatures added into one). */
      k: number;
    })
  | (SpecBase & {
      op: 'spin';
      /** Cost of one operation in hash rounds. */
      rounds: number;
    })
  | (SpecBase & {
      op: 'copy';
      /** Bytes copied per operation (one buffer into another). */
      sizeBytes: number;
    });

/** Which field of the spec holds each op's parameter (none for sign and verify). */
export const SPEC_PARAM = {
  hash: 'sizeBytes',
  merkle: 'leaves',
  sign: null,
  verify: null,
  'verify-batch': 'k',
  'fast-aggregate-verify': 'k',
  'aggregate-verify': 'k',
  aggregate: 'k',
  spin: 'rounds',
  copy: 'sizeBytes',
} as const satisfies Record<Op, string | null>;

/** A spec from its op, algorithm, backend and the op's parameter (ignored by ops that take none). */
export function workloadSpec(op: Op, algorithm: string, backend: string, param: number): WorkloadSpec {
  switch (op) {
    case 'hash':
    case 'copy':
      return { op, algorithm, backend, sizeBytes: param };
    case 'merkle':
      return { op, algorithm, backend, leaves: param };
    case 'sign':
    case 'verify':
      return { op, algorithm, backend };
    case 'verify-batch':
    case 'fast-aggregate-verify':
    case 'aggregate-verify':
    case 'aggregate':
      return { op, algorithm, backend, k: param };
    case 'spin':
      return { op, algorithm, backend, rounds: param };
  }
}

/** A workload ready to time: inputs built, closure allocated. */
export interface PreparedWorkload {
  /** One operation. Must be synchronous and must not allocate inputs. */
  run(): void;
  /** After timing: null when every operation's result was right, else the reason. */
  verifyRun(): string | null;
  /** Bytes processed per operation, where throughput in bytes makes sense. */
  bytesPerOp?: number;
}
