/**
 * Case ids, built and taken apart in one place. An id is a path of segments ending in the thread
 * count: `<op>/<algorithm>/<backend>[/<param>]/t<threads>` for primitives,
 * `consensus/<protocol>/<backend>/n<nodes>[/<k>-<fault>]/t<threads>` for consensus rounds.
 */
import { DEFAULT_LEAF_BYTES, type WorkloadSpec } from '../workloads/types.js';

/** An id from its segments (empty ones dropped) and the thread count. */
export function buildCaseId(segments: readonly (string | undefined)[], threads: number): string {
  return [...segments.filter((s): s is string => s !== undefined && s !== ''), `t${threads}`].join('/');
}

const THREADS = /\/t(\d+)$/;

/** The id without its thread count: the same work at every thread count (`verify/ed25519/noble`). */
export function withoutThreads(id: string): string {
  return id.replace(THREADS, '');
}

/** The thread count an id ends in, or null when it has none. */
export function threadsOfId(id: string): number | null {
  const m = THREADS.exec(id);
  return m ? Number(m[1]) : null;
}

/** Whether a segment is the thread count (`t2`). */
export function isThreadsSegment(segment: string): boolean {
  return /^t\d+$/.test(segment);
}

/** A consensus case's series: its id without the node count, e.g. `consensus/pbft/node/t2`. */
export function seriesOfId(id: string): string {
  return id.replace(/\/n\d+(?=\/)/, '');
}

/** 32B, 1KiB, 64KiB: the size label used in case ids. */
export function formatSize(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes >> 20}MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes >> 10}KiB`;
  return `${bytes}B`;
}

/**
 * The id segment of a spec's parameter: `1KiB`, `1024leaves`, `k16`, `1000rounds`; none for sign
 * and verify. A Merkle case of leaves other than 32 bytes names their size: `256leaves-160B`.
 */
export function paramLabel(spec: WorkloadSpec): string | undefined {
  switch (spec.op) {
    case 'hash':
    case 'copy':
      return formatSize(spec.sizeBytes);
    case 'merkle':
      return spec.leafBytes === undefined || spec.leafBytes === DEFAULT_LEAF_BYTES
        ? `${spec.leaves}leaves`
        : `${spec.leaves}leaves-${formatSize(spec.leafBytes)}`;
    case 'spin':
      return `${spec.rounds}rounds`;
    case 'sign':
    case 'verify':
      return undefined;
    default:
      return `k${spec.k}`;
  }
}

/** A primitive case: `<op>/<algorithm>/<backend>[/<param>]/t<threads>`, e.g. `hash/sha256/node/1KiB/t1`. */
export function caseId(spec: WorkloadSpec, threads: number): string {
  return buildCaseId([spec.op, spec.algorithm, spec.backend, paramLabel(spec)], threads);
}
