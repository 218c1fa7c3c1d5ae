/** Running one primitive case: self-test once per work item, measure on the pool, aggregate. */
import { aggregateWindows } from './aggregate.js';
import { resolveWorkload } from '../workloads/prepare.js';
import { isUnsupported } from '../workloads/types.js';
import { withoutThreads } from '../results/case-id.js';
import { specParams, type PlannedPrimitiveCase } from './plan.js';
import type { WorkerPool } from '../pool/pool.js';
import type { MeasureResponse } from '../pool/messages.js';
import type { RunContext } from '../scenario/kind.js';
import type { PrimitiveCaseResult } from '../results/schema.js';

type Failed = Extract<MeasureResponse, { ok: false }>;

/** The fields every result of this case carries, whatever its status. */
export function primitiveHead(c: PlannedPrimitiveCase) {
  return {
    id: c.id,
    kind: 'primitive' as const,
    op: c.spec.op,
    algorithm: c.spec.algorithm,
    backend: c.spec.backend,
    params: specParams(c.spec),
    threads: c.threads,
    settings: { timeMs: c.timeMs, warmupMs: c.warmupMs, repeat: c.repeat },
    wallMs: 0,
    ...(c.thresholdPct !== undefined ? { thresholdPct: c.thresholdPct } : {}),
  };
}

/** The response that explains a failed case: a worker's own failure, worst first, never a peer's abort notice. */
export function firstFailure(responses: readonly MeasureResponse[]): Failed | undefined {
  const rank = { errored: 0, 'failed-check': 1, skipped: 2, 'peer-aborted': 3 } as const;
  return responses.filter((r): r is Failed => !r.ok).sort((a, b) => rank[a.status] - rank[b.status])[0];
}

export async function runPrimitiveCase(
  c: PlannedPrimitiveCase,
  ctx: RunContext<WorkerPool>,
): Promise<PrimitiveCaseResult> {
  const head = primitiveHead(c);
  const { backend } = c.spec;
  const b = ctx.backends.get(backend);
  if (!b) return { ...head, status: 'errored', error: `unknown backend ${backend}` };
  let resolved;
  try {
    resolved = resolveWorkload(c.spec, b, ctx.seed);
  } catch (err) {
    return { ...head, status: 'errored', error: (err as Error).message };
  }
  if (isUnsupported(resolved)) return { ...head, status: 'skipped', error: resolved.unsupported };
  // The same work at every thread count passes the same self-test: run it once.
  const key = withoutThreads(c.id);
  if (!ctx.selfTests.has(key)) {
    try {
      ctx.selfTests.set(key, resolved.selfTest());
    } catch (err) {
      ctx.selfTests.set(key, `check threw ${(err as Error).name}: ${(err as Error).message}`);
    }
  }
  const failed = ctx.selfTests.get(key);
  if (failed) return { ...head, status: 'failed-check', error: failed };
  let responses: MeasureResponse[];
  try {
    responses = await ctx.pool().measure(c.spec, {
      seed: ctx.seed,
      warmupMs: c.warmupMs,
      timeMs: c.timeMs,
      repeat: c.repeat,
      backendModules: ctx.backendModules,
    });
  } catch (err) {
    // The worker itself ended (process.exit, out of memory) or was terminated.
    return { ...head, status: 'errored', error: `worker failed: ${(err as Error).message}` };
  }
  const failure = firstFailure(responses);
  if (failure)
    return { ...head, status: failure.status === 'peer-aborted' ? 'errored' : failure.status, error: failure.reason };
  const oks = responses.filter((r): r is Extract<MeasureResponse, { ok: true }> => r.ok);
  const first = oks[0];
  if (!first) return { ...head, status: 'errored', error: 'no worker reported a measurement' };
  const metrics = aggregateWindows(
    oks.map((r) => r.windows),
    first.batch,
    first.bytesPerOp,
    c.spec.op === 'verify-batch' ? c.spec.k : undefined,
  );
  const warmup = {
    ms: Math.round(Math.max(...oks.map((r) => r.warmup.ms))),
    steady: oks.every((r) => r.warmup.steady),
  };
  return { ...head, status: 'ok', metrics, warmup };
}
