import { seededBytes } from './inputs.js';
import type { PreparedWorkload } from './types.js';

/**
 * Memory bandwidth as a validator's node uses it: one large buffer copied into another, the way
 * Substrate's `benchmark machine` measures "memory copy". The copy is TypedArray.prototype.set,
 * which V8 turns into the C library's memmove, so the figure is the machine's copy bandwidth and
 * not JavaScript's speed. Buffers far larger than the last-level cache make it a DRAM figure.
 */
export const COPY_ALGORITHM = 'memcpy';
/** The backend copy cases run on: the JavaScript runtime itself (no crypto library is involved). */
export const COPY_BACKEND = 'node';

/**
 * A seeded buffer of any size in one pass: xorshift32 (Marsaglia 2003) from a seeded start, four
 * bytes a step. Hashing every 32 bytes, as seededBytes does, would take a minute for 64 MiB; the
 * copy only needs contents that are not all alike, so a compression cannot stand in for it.
 */
export function copySource(seed: number | string, sizeBytes: number): Uint8Array {
  const start = seededBytes(seed, `copy-source-${sizeBytes}`, 4);
  let x = (start[0]! | (start[1]! << 8) | (start[2]! << 16) | (start[3]! << 24)) >>> 0 || 1;
  const out = new Uint8Array(sizeBytes);
  const words = new Uint32Array(out.buffer, 0, sizeBytes >>> 2);
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  for (let i = words.length * 4; i < sizeBytes; i++) out[i] = (x >>> ((i & 3) * 8)) & 0xff;
  return out;
}

/** Positions the copy is checked at: both ends and a spread between them. */
function probes(sizeBytes: number): number[] {
  const out = [0, sizeBytes - 1];
  for (let i = 1; i < 64; i++) out.push(Math.floor((sizeBytes * i) / 64) + (i % 7));
  return out.filter((p) => p >= 0 && p < sizeBytes);
}

/**
 * Copy `source` into a fresh buffer once per operation. The destination is cleared before the
 * timing starts and checked byte for byte afterwards, so a copy that did not happen (or a
 * partial one) fails the case instead of reporting its speed.
 */
export function prepareCopy(source: Uint8Array): PreparedWorkload {
  const target = new Uint8Array(source.length);
  // Touch every page of the target first: the first copy would otherwise time page faults.
  target.fill(0);
  let copies = 0;
  const at = probes(source.length);
  return {
    run: () => {
      target.set(source);
      copies++;
    },
    verifyRun: () => {
      if (copies === 0) return 'no copy was made during the timed run';
      for (const p of at) if (target[p] !== source[p]) return `copied buffer differs from its source at byte ${p}`;
      return Buffer.compare(target, source) === 0 ? null : 'copied buffer differs from its source';
    },
    bytesPerOp: source.length,
  };
}

/** Self-test before timing: a copy of a seeded buffer equals it, and a changed byte is seen. */
export function checkCopy(source: Uint8Array): string | null {
  const sample = source.subarray(0, Math.min(source.length, 1 << 16));
  const prepared = prepareCopy(sample);
  prepared.run();
  const ok = prepared.verifyRun();
  if (ok) return `memory copy self-test: ${ok}`;
  return null;
}
