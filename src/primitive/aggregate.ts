import { withoutThreads } from '../results/case-id.js';
import { summarizeLatency, summarizeRate, median, sortedAsc } from '../measure/stats.js';
import type { WindowMeasurement } from '../pool/messages.js';
import type { PrimitiveCaseResult, PrimitiveMetrics } from '../results/schema.js';

/**
 * Combine the workers' measurements of one case. For each window, aggregate throughput is the
 * operations of all threads ÷ the wall time from the first thread's start to the last thread's
 * end, not a mean of per-thread rates; the windows are the independent samples.
 */
export function aggregateWindows(
  perWorker: WindowMeasurement[][],
  batch: number,
  bytesPerOp?: number,
  signaturesPerOp?: number,
): PrimitiveMetrics {
  const windows = perWorker[0]?.length ?? 0;
  const rates: number[] = [];
  let totalOps = 0;
  for (let w = 0; w < windows; w++) {
    let ops = 0;
    let start = Infinity;
    let end = -Infinity;
    for (const worker of perWorker) {
      const m = worker[w]!;
      ops += m.ops;
      start = Math.min(start, m.startMs);
      end = Math.max(end, m.endMs);
    }
    totalOps += ops;
    rates.push((ops / (end - start)) * 1000);
  }
  const perThreadOpsPerSec = perWorker.map((ws) => {
    const ops = ws.reduce((n, m) => n + m.ops, 0);
    const ms = ws.reduce((n, m) => n + (m.endMs - m.startMs), 0);
    return (ops / ms) * 1000;
  });
  const metrics: PrimitiveMetrics = {
    opsPerSec: summarizeRate(rates),
    latencyMs: summarizeLatency(perWorker.flatMap((ws) => ws.flatMap((m) => m.latencyMs))),
    perThreadOpsPerSec,
    scalingEfficiency: null,
    batch,
    totalOps,
  };
  if (bytesPerOp !== undefined && bytesPerOp > 0) metrics.bytesPerSec = summarizeRate(rates.map((r) => r * bytesPerOp));
  if (signaturesPerOp !== undefined && signaturesPerOp > 0)
    metrics.signaturesPerSec = summarizeRate(rates.map((r) => r * signaturesPerOp));
  return metrics;
}

/** rate(T) ÷ (T × rate(1)) for every ok case whose 1-thread sibling is ok; medians of the samples. */
export function fillScalingEfficiency(cases: PrimitiveCaseResult[]): void {
  const base = new Map<string, number>();
  for (const c of cases)
    if (c.status === 'ok' && c.threads === 1) base.set(withoutThreads(c.id), c.metrics.opsPerSec.median);
  for (const c of cases) {
    if (c.status !== 'ok') continue;
    const one = base.get(withoutThreads(c.id));
    c.metrics.scalingEfficiency =
      c.threads > 1 && one ? median(sortedAsc(c.metrics.opsPerSec.samples)) / (c.threads * one) : null;
  }
}

/**
 * What batch verification buys: for every ok `verify-batch` case, its signatures per second over
 * the ops per second of single `verify` with the same algorithm, backend and threads (medians).
 */
export function fillBatchSpeedup(cases: PrimitiveCaseResult[]): void {
  const single = new Map<string, number>();
  for (const c of cases)
    if (c.status === 'ok' && c.op === 'verify')
      single.set(`${c.algorithm}/${c.backend}/${c.threads}`, c.metrics.opsPerSec.median);
  for (const c of cases) {
    if (c.status !== 'ok' || c.op !== 'verify-batch' || !c.metrics.signaturesPerSec) continue;
    const one = single.get(`${c.algorithm}/${c.backend}/${c.threads}`);
    c.metrics.batchSpeedup = one ? c.metrics.signaturesPerSec.median / one : null;
  }
}
