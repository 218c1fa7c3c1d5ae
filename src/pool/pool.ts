import { availableParallelism, freemem, totalmem } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { PACKAGE_ROOT } from '../system/packages.js';
import type { MeasureRequest, MeasureResponse } from './messages.js';
import type { WorkloadSpec } from '../workloads/types.js';

/**
 * Default heap limit of one worker, MB: half the machine's memory shared by the pool's threads,
 * between 256 MB and 4 GiB. A runaway workload then ends its own worker (ERR_WORKER_OUT_OF_MEMORY,
 * an errored case) instead of the machine. The limit is V8's old generation: the JS heap, not the
 * ArrayBuffers that hold messages and keys.
 */
export function defaultWorkerMemoryMb(threads: number, totalBytes = totalmem()): number {
  return Math.max(256, Math.min(4096, Math.floor(totalBytes / 2 / threads / (1 << 20))));
}

/**
 * A pool of exactly `threads` workers, one task each at a time, with an unbounded queue: a case
 * (or a consensus wave) submits all its tasks at once, and they must all be accepted. Each worker's
 * JS heap is limited to `workerMemoryMb`.
 */
export function fixedPool<Req, Res>(
  threads: number,
  filename: string,
  workerMemoryMb = defaultWorkerMemoryMb(threads),
): Piscina<Req, Res> {
  return new Piscina({
    filename,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
    maxQueue: Infinity,
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: workerMemoryMb },
  });
}

/**
 * piscina needs compiled JavaScript for its workers. `srcRelative` names a worker entry under src/
 * as compiled (e.g. `pool/worker.js`). From dist/ it sits in the compiled tree beside this file's
 * folder; from TypeScript sources (vitest) we use the compiled copy in dist/, which `npm test`
 * builds first.
 */
export function compiledWorkerFile(srcRelative: string): string {
  const here = fileURLToPath(import.meta.url);
  const path = here.endsWith('.ts')
    ? join(PACKAGE_ROOT, 'dist', 'src', srcRelative)
    : join(here, '..', '..', srcRelative);
  if (!existsSync(path)) throw new Error(`worker file ${path} is missing: run \`npm run build\` first`);
  return path;
}

function workerFile(): string {
  return compiledWorkerFile('pool/worker.js');
}

export interface MeasureSettings {
  seed: number;
  warmupMs: number;
  timeMs: number;
  repeat: number;
  backendModules: string[];
}

/** One pool per thread count; each case runs one task per thread, all measuring together. */
export class WorkerPool {
  readonly threads: number;
  private readonly pool: Piscina<MeasureRequest, MeasureResponse>;

  constructor(threads: number, workerMemoryMb?: number) {
    if (!Number.isInteger(threads) || threads < 1)
      throw new TypeError(`threads must be a positive integer, got ${threads}`);
    this.threads = threads;
    this.pool = fixedPool(threads, workerFile(), workerMemoryMb);
  }

  /**
   * Run one case on every thread of the pool; resolves with each worker's response. A worker that
   * dies (process.exit, out of memory) rejects its task: then the barrier's abort flag is raised so
   * its peers stop waiting for it at once, and the rejection is passed on when they have returned.
   */
  async measure(spec: WorkloadSpec, s: MeasureSettings): Promise<MeasureResponse[]> {
    const barrier = new SharedArrayBuffer(4 * (s.repeat + 1));
    const request: MeasureRequest = { spec, barrier, threads: this.threads, ...s };
    const tasks = Array.from({ length: this.threads }, () => this.pool.run(request));
    try {
      return await Promise.all(tasks);
    } catch (err) {
      const slots = new Int32Array(barrier);
      Atomics.store(slots, s.repeat, 1);
      for (let i = 0; i <= s.repeat; i++) Atomics.notify(slots, i);
      await Promise.allSettled(tasks);
      throw err;
    }
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}

/**
 * Threads per logical CPU beyond which a pool is refused. More measuring threads than CPUs only
 * time-slice (the summed rate stops growing at the CPU count); a few times over is a fair
 * oversubscription test, hundreds is a mistake that ends with the machine out of memory.
 */
export const MAX_THREADS_PER_CPU = 8;
/**
 * Memory one worker is counted at: a Node worker thread with its own V8 heap, the crypto
 * libraries loaded and a case's keys and messages built (an estimate with headroom; an idle
 * worker with the backends loaded takes a few MB, a working one tens).
 */
export const WORKER_ESTIMATE_MB = 64;

/** The most threads a pool may have here, and what sets that limit. */
export function threadLimit(parallelism = availableParallelism(), freeBytes = freemem()): { max: number; why: string } {
  const byCpu = MAX_THREADS_PER_CPU * parallelism;
  const byMemory = Math.max(1, Math.floor(freeBytes / (WORKER_ESTIMATE_MB << 20)));
  const gib = (freeBytes / 2 ** 30).toFixed(1);
  return byMemory < byCpu
    ? { max: byMemory, why: `${gib} GiB of free memory at about ${WORKER_ESTIMATE_MB} MB per worker` }
    : { max: byCpu, why: `${MAX_THREADS_PER_CPU} × this machine's ${parallelism} logical CPUs` };
}

/** 1, then powers of two below the parallelism, then the parallelism itself (e.g. 1,2,4,6). */
export function defaultThreadCounts(parallelism = availableParallelism()): number[] {
  const out: number[] = [];
  for (let t = 1; t < parallelism; t *= 2) out.push(t);
  out.push(parallelism);
  return out;
}
