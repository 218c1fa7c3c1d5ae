/**
 * Worker entry for piscina. Builds a case's inputs, warms up, then measures `repeat` windows that
 * start together on every worker (a SharedArrayBuffer barrier), timing with tinybench inside the
 * thread so no dispatch cost enters the figure. Every error is caught and returned as data.
 */
import { Bench } from 'tinybench';
import { performance } from 'node:perf_hooks';
import { loadBackends } from '../workloads/backends/index.js';
import { resolveWorkload } from '../workloads/prepare.js';
import { isUnsupported, type Backend, type PreparedWorkload } from '../workloads/types.js';
import type { MeasureRequest, MeasureResponse, WindowMeasurement } from './messages.js';

/**
 * Target duration of one timed iteration. Faster operations are batched so that the two clock
 * reads around an iteration (≈ 0.1 µs) stay below 0.1% of it.
 */
const TARGET_ITERATION_MS = 0.1;
/** A worker waiting longer than this for its peers gives up (a peer died or never started). */
const BARRIER_TIMEOUT_MS = 120_000;

const backendCache = new Map<string, Promise<Map<string, Backend>>>();
const absNow = (): number => performance.timeOrigin + performance.now();

class AbortedByPeer extends Error {}

function arriveAndWait(slots: Int32Array, window: number, threads: number, abortSlot: number): void {
  if (Atomics.add(slots, window, 1) + 1 >= threads) {
    Atomics.notify(slots, window);
    return;
  }
  const deadline = Date.now() + BARRIER_TIMEOUT_MS;
  for (;;) {
    if (Atomics.load(slots, abortSlot) !== 0) throw new AbortedByPeer('a peer worker failed');
    const seen = Atomics.load(slots, window);
    if (seen >= threads) return;
    if (Date.now() > deadline) throw new Error(`worker barrier timed out after ${BARRIER_TIMEOUT_MS / 1000} s`);
    Atomics.wait(slots, window, seen, 250);
  }
}

function raiseAbort(slots: Int32Array, abortSlot: number): void {
  Atomics.store(slots, abortSlot, 1);
  for (let i = 0; i <= abortSlot; i++) Atomics.notify(slots, i);
}

/**
 * Warm-up ends at a steady state, not after a fixed time. V8 compiles hot code in tiers, and the
 * optimizing tier arrives in the background after a few hundred milliseconds: noble's sha256 runs
 * at a tenth of its final speed for the first 25 ms and reaches it only after 200–400 ms here. A
 * window measured before that mixes tiers, and how much it mixes varies from process to process.
 * So after the configured minimum, the operation runs in blocks of at least STEADY_BLOCK_MS and
 * STEADY_BLOCK_OPS operations, until the last STEADY_BLOCKS blocks' rates agree within
 * STEADY_SPREAD, or MAX_WARMUP_FACTOR × the minimum (at least MAX_WARMUP_FLOOR_MS) has passed.
 */
const STEADY_BLOCK_MS = 40;
const STEADY_BLOCK_OPS = 4;
const STEADY_BLOCKS = 3;
const STEADY_SPREAD = 0.05;
const MAX_WARMUP_FACTOR = 10;
const MAX_WARMUP_FLOOR_MS = 1000;

export interface WarmupOutcome {
  /** Operations per timed iteration, chosen from the warmed-up speed. */
  batch: number;
  /** Time spent warming up, ms. */
  ms: number;
  /** Whether the block rates settled within STEADY_SPREAD before the time limit. */
  steady: boolean;
}

function warmup(w: PreparedWorkload, warmupMs: number, untilSteady = true): WarmupOutcome {
  const start = performance.now();
  let ops = 0;
  do {
    w.run();
    ops++;
  } while (performance.now() - start < warmupMs || ops < 2);
  // Without the steady-state loop the limit is 0: the minimum alone, and `steady` stays false.
  const limitMs = untilSteady ? Math.max(MAX_WARMUP_FLOOR_MS, MAX_WARMUP_FACTOR * warmupMs) : 0;
  const rates: number[] = [];
  let steady = false;
  let perOpMs = (performance.now() - start) / ops;
  while (!steady && performance.now() - start < limitMs) {
    const blockStart = performance.now();
    let n = 0;
    let now: number;
    do {
      w.run();
      n++;
      now = performance.now();
    } while (now - blockStart < STEADY_BLOCK_MS || n < STEADY_BLOCK_OPS);
    perOpMs = (now - blockStart) / n;
    rates.push(1 / perOpMs);
    if (rates.length >= STEADY_BLOCKS) {
      const last = rates.slice(-STEADY_BLOCKS);
      steady = (Math.max(...last) - Math.min(...last)) / Math.max(...last) <= STEADY_SPREAD;
    }
  }
  return { batch: Math.max(1, Math.ceil(TARGET_ITERATION_MS / perOpMs)), ms: performance.now() - start, steady };
}

function measureWindow(w: PreparedWorkload, batch: number, timeMs: number): WindowMeasurement {
  const bench = new Bench({ time: timeMs, iterations: 1, warmup: false, retainSamples: true, throws: true });
  bench.add('op', () => {
    for (let j = 0; j < batch; j++) w.run();
  });
  const startMs = absNow();
  const [task] = bench.runSync();
  const endMs = absNow();
  const result = task!.result;
  if (result.state === 'errored') throw result.error;
  if (result.state !== 'completed') throw new Error(`tinybench ended in state ${result.state}`);
  const samples = result.latency.samples ?? [];
  return { ops: task!.runs * batch, startMs, endMs, latencyMs: samples.map((s) => s / batch) };
}

export default async function measure(req: MeasureRequest): Promise<MeasureResponse> {
  const slots = new Int32Array(req.barrier);
  const abortSlot = req.repeat;
  try {
    const key = req.backendModules.join('\n');
    if (!backendCache.has(key)) backendCache.set(key, loadBackends(req.backendModules));
    const backend = (await backendCache.get(key)!).get(req.spec.backend);
    if (!backend) throw new Error(`unknown backend ${req.spec.backend}`);
    const resolved = resolveWorkload(req.spec, backend, req.seed);
    if (isUnsupported(resolved)) {
      raiseAbort(slots, abortSlot);
      return { ok: false, status: 'skipped', reason: resolved.unsupported };
    }
    const prepared = resolved.prepare();
    const warm = warmup(prepared, req.warmupMs, req.steadyWarmup !== false);
    const batch = warm.batch;
    const windows: WindowMeasurement[] = [];
    for (let i = 0; i < req.repeat; i++) {
      arriveAndWait(slots, i, req.threads, abortSlot);
      windows.push(measureWindow(prepared, batch, req.timeMs));
    }
    const wrong = prepared.verifyRun();
    if (wrong) return { ok: false, status: 'failed-check', reason: wrong };
    return {
      ok: true,
      batch,
      warmup: { ms: warm.ms, steady: warm.steady },
      windows,
      ...(prepared.bytesPerOp !== undefined ? { bytesPerOp: prepared.bytesPerOp } : {}),
    };
  } catch (err) {
    raiseAbort(slots, abortSlot);
    const e = err as Error;
    if (err instanceof AbortedByPeer) return { ok: false, status: 'peer-aborted', reason: e.message };
    return { ok: false, status: 'errored', reason: `${e.name}: ${e.message}` };
  }
}
