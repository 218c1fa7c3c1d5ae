/**
 * A bare worker_thread that runs one workload in a plain loop: the reference that the
 * harness-overhead benchmark holds chainmark's pool against. No piscina, no tinybench.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { nobleBackend } from '../src/workloads/backends/noble.js';
import { resolveWorkload } from '../src/workloads/prepare.js';
import { isUnsupported, type WorkloadSpec } from '../src/workloads/types.js';

interface RawJob {
  spec: WorkloadSpec;
  seed: number;
  warmupMs: number;
  timeMs: number;
  barrier: SharedArrayBuffer;
  threads: number;
}

export function rawLoop(run: () => void, timeMs: number): { ops: number; startMs: number; endMs: number } {
  const startMs = performance.timeOrigin + performance.now();
  const end = performance.now() + timeMs;
  let ops = 0;
  do {
    run();
    ops++;
  } while (performance.now() < end);
  return { ops, startMs, endMs: performance.timeOrigin + performance.now() };
}

if (parentPort && workerData) {
  const job = workerData as RawJob;
  const resolved = resolveWorkload(job.spec, nobleBackend, job.seed);
  if (isUnsupported(resolved)) throw new Error(resolved.unsupported);
  const w = resolved.prepare();
  rawLoop(() => w.run(), job.warmupMs);
  const slots = new Int32Array(job.barrier);
  if (Atomics.add(slots, 0, 1) + 1 === job.threads) Atomics.notify(slots, 0);
  else while (Atomics.load(slots, 0) < job.threads) Atomics.wait(slots, 0, Atomics.load(slots, 0), 100);
  const m = rawLoop(() => w.run(), job.timeMs);
  parentPort.postMessage({ ...m, check: w.verifyRun() });
}
