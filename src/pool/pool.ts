import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { PACKAGE_ROOT } from '../system/packages.js';
import type { MeasureRequest, MeasureResponse } from './messages.js';
import type { WorkloadSpec } from '../workloads/types.js';

/**
 * piscina needs compiled JavaScript for its workers. `srcRelative` names a worker entry under src/
 * as compiled (e.g. `pool/worker.js`). From dist/ it sits in the compiled tree beside this file's
 * folder; from TypeScript sources (vitest) we use the compiled copy in dist/, which `npm test`
 * builds first.
 */
/**
 * A pool of exactly `threads` workers, one task each at a time, with an unbounded queue: a case
 * (or a consensus wave) submits all its tasks at once, and they must all be accepted.
 */
export function fixedPool<Req, Res>(threads: number, filename: string): Piscina<Req, Res> {
  return new Piscina({ filename, minThreads: threads, maxThreads: threads, concurrentTasksPerWorker: 1, maxQueue: Infinity, idleTimeout: 60_000 });
}

export function compiledWorkerFile(srcRelative: string): string {
  const here = fileURLToPath(import.meta.url);
  const path = here.endsWith('.ts') ? join(PACKAGE_ROOT, 'dist', 'src', srcRelative) : join(here, '..', '..', srcRelative);
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

  constructor(threads: number) {
    if (!Number.isInteger(threads) || threads < 1) throw new TypeError(`threads must be a positive integer, got ${threads}`);
    this.threads = threads;
    this.pool = fixedPool(threads, workerFile());
  }

  /** Run one case on every thread of the pool; resolves with each worker's response. */
  async measure(spec: WorkloadSpec, s: MeasureSettings): Promise<MeasureResponse[]> {
    const barrier = new SharedArrayBuffer(4 * (s.repeat + 1));
    const request: MeasureRequest = { spec, barrier, threads: this.threads, ...s };
    return Promise.all(Array.from({ length: this.threads }, () => this.pool.run(request)));
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}

/** 1, then powers of two below the parallelism, then the parallelism itself (e.g. 1,2,4,6). */
export function defaultThreadCounts(parallelism = availableParallelism()): number[] {
  const out: number[] = [];
  for (let t = 1; t < parallelism; t *= 2) out.push(t);
  out.push(parallelism);
  return out;
}
