/**
 * From a case's description to (1) its pre-timing correctness check and (2) a prepared workload.
 * The same function runs on the main thread (check) and inside every worker (prepare).
 */
import { checkHashAgreement, checkHashVectors, hashMessage, prepareHash } from './hash.js';
import { merkleLeaves, merkleRoot, merkleRootRecursive, prepareMerkle } from './merkle.js';
import {
  checkBatchVerify,
  checkSignatureScheme,
  prepareSign,
  prepareVerify,
  prepareVerifyBatch,
  signedSet,
} from './signature.js';
import { checkBlsAggregation, prepareAggregate, prepareAggregateVerify } from './bls.js';
import { prepareSpin, spin, spinStart } from './spin.js';
import { checkCopy, copySource, COPY_ALGORITHM, COPY_BACKEND, prepareCopy } from './copy.js';
import { nobleBackend } from './backends/noble.js';
import { HASH_ALGORITHMS, SIGNATURE_ALGORITHMS, isUnsupported } from './types.js';
import type {
  Backend,
  BlsImpl,
  HashAlgorithm,
  HashImpl,
  PreparedWorkload,
  SignatureAlgorithm,
  SignatureImpl,
  Unsupported,
  WorkloadSpec,
} from './types.js';

export interface ResolvedWorkload {
  /** Known-answer, tamper and agreement checks; null when all pass, else the reason. */
  selfTest(): string | null;
  /** Build inputs (outside any timing) and return the closure to time. */
  prepare(): PreparedWorkload;
}

const HASH_OPS = new Set(['hash', 'merkle', 'spin']);

/** Which (op, algorithm) pairs exist at all, independent of backend. */
export function algorithmsFor(op: WorkloadSpec['op']): readonly string[] {
  if (op === 'copy') return [COPY_ALGORITHM];
  if (HASH_OPS.has(op)) return op === 'spin' ? ['sha256'] : HASH_ALGORITHMS;
  if (op === 'sign' || op === 'verify' || op === 'verify-batch') return SIGNATURE_ALGORITHMS;
  return ['bls12-381'];
}

export function resolveWorkload(
  spec: WorkloadSpec,
  backend: Backend,
  seed: number | string,
): ResolvedWorkload | Unsupported {
  if (!algorithmsFor(spec.op).includes(spec.algorithm))
    return { unsupported: `${spec.op} is not defined for ${spec.algorithm}` };
  if (spec.op === 'copy') {
    if (backend.name !== COPY_BACKEND)
      return {
        unsupported: `copy runs on the JavaScript runtime itself (TypedArray set, the C library's memmove): backend ${COPY_BACKEND}`,
      };
    const source = copySource(seed, spec.sizeBytes);
    return { selfTest: () => checkCopy(source), prepare: () => prepareCopy(source) };
  }
  if (spec.op === 'hash' || spec.op === 'merkle' || spec.op === 'spin') {
    const alg = spec.algorithm as HashAlgorithm;
    const impl = backend.hash(alg);
    if (isUnsupported(impl)) return impl;
    return resolveHashOp(spec, alg, impl, nobleBackend.hash(alg) as HashImpl, seed);
  }
  if (spec.algorithm === 'bls12-381') {
    const impl = backend.bls();
    if (isUnsupported(impl)) return impl;
    return resolveBlsOp(spec, impl, nobleBackend.bls() as BlsImpl, seed);
  }
  if (spec.op !== 'sign' && spec.op !== 'verify' && spec.op !== 'verify-batch')
    return { unsupported: `${spec.op} is not defined for ${spec.algorithm}` };
  const alg = spec.algorithm as Exclude<SignatureAlgorithm, 'bls12-381'>;
  const impl = backend.signature(alg);
  if (isUnsupported(impl)) return impl;
  return resolveSignatureOp(spec, alg, impl, nobleBackend.signature(alg) as SignatureImpl, seed);
}

function resolveHashOp(
  spec: Extract<WorkloadSpec, { op: 'hash' | 'merkle' | 'spin' }>,
  alg: HashAlgorithm,
  impl: HashImpl,
  ref: HashImpl,
  seed: number | string,
): ResolvedWorkload {
  if (spec.op === 'merkle') {
    const leaves = merkleLeaves(seed, spec.leaves, spec.leafBytes);
    return {
      selfTest: () => {
        const expected = merkleRootRecursive(ref, leaves);
        return (
          checkHashVectors(alg, impl) ??
          checkHashAgreement(impl, ref, leaves[0]!, alg) ??
          (Buffer.compare(merkleRoot(impl, leaves), expected) === 0
            ? null
            : 'Merkle root disagrees with the RFC 6962 reference over noble')
        );
      },
      prepare: () => prepareMerkle(impl, leaves, merkleRoot(ref, leaves)),
    };
  }
  if (spec.op === 'spin') {
    const rounds = spec.rounds;
    const start = spinStart(seed);
    return {
      selfTest: () => checkHashVectors(alg, impl) ?? checkHashAgreement(impl, ref, start, alg),
      prepare: () => prepareSpin(impl, start, rounds, spin(ref, start, rounds)),
    };
  }
  const message = hashMessage(seed, spec.sizeBytes);
  return {
    selfTest: () => checkHashVectors(alg, impl) ?? checkHashAgreement(impl, ref, message, alg),
    prepare: () => prepareHash(impl, message, ref.hash(message)),
  };
}

function resolveSignatureOp(
  spec: Extract<WorkloadSpec, { op: 'sign' | 'verify' | 'verify-batch' }>,
  alg: SignatureAlgorithm,
  impl: SignatureImpl,
  ref: SignatureImpl,
  seed: number | string,
): ResolvedWorkload | Unsupported {
  if (spec.op === 'verify-batch') {
    if (!impl.verifyBatch) return { unsupported: `backend ${spec.backend} offers no batch verification for ${alg}` };
    const k = spec.k;
    return {
      selfTest: () => checkSignatureScheme(alg, impl, ref, seed) ?? checkBatchVerify(alg, impl, ref, seed),
      prepare: () => prepareVerifyBatch(impl, seed, alg, k),
    };
  }
  return {
    selfTest: () => checkSignatureScheme(alg, impl, ref, seed),
    prepare: () => {
      const set = signedSet(impl, seed, `${alg}-${spec.op}`);
      return spec.op === 'sign' ? prepareSign(impl, set) : prepareVerify(impl, set);
    },
  };
}

function resolveBlsOp(
  spec: Exclude<WorkloadSpec, { op: 'hash' | 'merkle' | 'spin' | 'copy' }>,
  impl: BlsImpl,
  ref: BlsImpl,
  seed: number | string,
): ResolvedWorkload | Unsupported {
  if (spec.op === 'sign' || spec.op === 'verify' || spec.op === 'verify-batch')
    return resolveSignatureOp(spec, 'bls12-381', impl, ref, seed);
  const k = spec.k;
  if (spec.op === 'aggregate')
    return {
      selfTest: () => checkSignatureScheme('bls12-381', impl, ref, seed) ?? checkBlsAggregation(impl, seed),
      prepare: () => prepareAggregate(impl, ref, seed, k),
    };
  const distinct = spec.op === 'aggregate-verify';
  return {
    selfTest: () => checkSignatureScheme('bls12-381', impl, ref, seed) ?? checkBlsAggregation(impl, seed),
    prepare: () => prepareAggregateVerify(impl, seed, k, distinct),
  };
}
