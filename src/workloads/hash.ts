import { HASH_VECTORS } from './vectors.js';
import { bytesToHex, equalBytes, seededBytes } from './inputs.js';
import type { HashImpl, PreparedWorkload } from './types.js';

/** Known-answer check of one hash implementation; null when it passes, else the reason. */
export function checkHashVectors(algorithm: keyof typeof HASH_VECTORS, impl: HashImpl): string | null {
  for (const v of HASH_VECTORS[algorithm]) {
    const got = bytesToHex(impl.hash(new TextEncoder().encode(v.input)));
    if (got !== v.digest)
      return `${algorithm}(${JSON.stringify(v.input)}) = ${got.slice(0, 16)}…, expected ${v.digest.slice(0, 16)}… (${v.source})`;
  }
  return null;
}

/** Agreement on the case's own input: a backend must give the reference backend's digest. */
export function checkHashAgreement(
  impl: HashImpl,
  reference: HashImpl,
  message: Uint8Array,
  label: string,
): string | null {
  const a = impl.hash(message);
  const b = reference.hash(message);
  return equalBytes(a, b)
    ? null
    : `${label}: digest of the ${message.length}-byte case input disagrees with noble (${bytesToHex(a).slice(0, 16)}… vs ${bytesToHex(b).slice(0, 16)}…)`;
}

export function hashMessage(seed: number | string, sizeBytes: number): Uint8Array {
  return seededBytes(seed, `hash-message-${sizeBytes}`, sizeBytes);
}

/** Hash one seeded message per operation; the last digest must equal the reference digest. */
export function prepareHash(impl: HashImpl, message: Uint8Array, expected: Uint8Array): PreparedWorkload {
  let last: Uint8Array = new Uint8Array(0);
  return {
    run: () => {
      last = impl.hash(message);
    },
    verifyRun: () => (equalBytes(last, expected) ? null : 'digest changed during the timed run'),
    bytesPerOp: message.length,
  };
}
