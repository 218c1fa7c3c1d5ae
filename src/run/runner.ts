import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { WorkerPool, defaultWorkerMemoryMb } from '../pool/pool.js';
import { aggregateWindows, fillBatchSpeedup, fillScalingEfficiency } from '../primitive/aggregate.js';
import { collectSpecs } from '../system/specs.js';
import { packageVersion, toolVersion } from '../system/packages.js';
import { createUnique, writeAtomic } from '../results/writer.js';
import { RESULT_SCHEMA, isConsensusCase, type CaseResult, type NotRunCase, type PrimitiveCaseResult, type ResultFile, type Warning } from '../results/schema.js';
import { ConsensusPool } from '../consensus/pool.js';
import { consensusCaseHead, runConsensusCase } from '../consensus/case.js';
import { consensusScaling, consensusWarnings } from '../consensus/analysis.js';
import { resolveWorkload } from '../workloads/prepare.js';
import { isUnsupported, type Backend } from '../workloads/types.js';
import type { MeasureResponse } from '../pool/messages.js';
import type { Plan, PlannedCase, PlannedConsensusCase } from '../scenario/types.js';

export type RunEvent =
  | { type: 'case-start'; index: number; total: number; id: string; elapsedMs: number; etaMs: number | null }
  | { type: 'case-end'; index: number; total: number; result: CaseResult; elapsedMs: number };

export interface RunOptions {
  plan: Plan;
  argv: string[];
  /** Directory for a generated name, or an exact file path. */
  out: { dir: string; file?: string };
  anonymize: boolean;
  backends: Map<string, Backend>;
  backendModules: string[];
  onEvent?: (e: RunEvent) => void;
  /** Aborting stops the run; completed cases stay in the file and the status reads interrupted. */
  signal?: AbortSignal;
  /** Do not create a file at all (--json with no --out). */
  noFile?: boolean;
  /** Stop after the first case that errors or fails its check (`run.status` failed). */
  bail?: boolean;
  /** A case still running after this long is errored, its workers terminated, and the run goes on. */
  caseTimeoutMs?: number;
  /** Heap limit of each worker, MB (default: defaultWorkerMemoryMb). */
  workerMemoryMb?: number;
  /** The result file whose failed cases this run repeats (`run --only-failed`). */
  rerunOf?: { id: string; file: string };
}

export interface RunOutcome {
  result: ResultFile;
  path: string | null;
}

/** Cases whose warm-up ran out of time before their rate settled: their first windows may still be warming. */
function warmupWarnings(cases: CaseResult[]): Warning[] {
  const unsettled = cases.filter((c) => c.status === 'ok' && 'warmup' in c && c.warmup && !c.warmup.steady).map((c) => c.id);
  if (unsettled.length === 0) return [];
  return [{ code: 'warmup-unsettled', cases: unsettled, message: `warm-up did not reach a steady rate (last three 40 ms blocks within 5%) before its time limit in ${unsettled.length} case(s): ${unsettled.join(', ')} (a noisy case or a busy machine); their first windows may still include warm-up` }];
}

/** `<UTC timestamp>-<host>-<scenario>`, e.g. 20261128T012711Z-vm-quick. */
export function resultBaseName(startedAt: Date, host: string, scenario: string): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 48);
  return `${stamp}-${safe(host)}-${safe(scenario)}`;
}

/** Expected duration for the ETA: a primitive's windows; a consensus case's estimate (or a second a round). */
function nominalMs(c: PlannedCase | PlannedConsensusCase): number {
  if (c.kind === 'consensus') return c.estimatedMs ?? c.rounds * 1000;
  return c.warmupMs + c.repeat * c.timeMs;
}

/** Pick the response that explains a failed case: a worker's own error before a peer's abort notice. */
function firstFailure(responses: MeasureResponse[]): Extract<MeasureResponse, { ok: false }> | undefined {
  const failed = responses.filter((r): r is Extract<MeasureResponse, { ok: false }> => !r.ok);
  const rank = { errored: 0, 'failed-check': 1, skipped: 2 } as const;
  return failed.filter((r) => r.reason !== 'a peer worker failed').sort((a, b) => rank[a.status] - rank[b.status])[0] ?? failed[0];
}

export async function runPlan(o: RunOptions): Promise<RunOutcome> {
  const startedAt = new Date();
  const libraries: Record<string, string> = { tinybench: packageVersion('tinybench'), piscina: packageVersion('piscina') };
  for (const b of o.backends.values()) Object.assign(libraries, b.libraries());
  const system = await collectSpecs({ anonymize: o.anonymize, libraries });
  const result: ResultFile = {
    schema: RESULT_SCHEMA,
    tool: { name: 'chainmark', version: toolVersion() },
    run: {
      id: randomUUID(),
      startedAt: startedAt.toISOString(),
      finishedAt: startedAt.toISOString(),
      status: 'interrupted',
      scenario: o.plan.scenario,
      seed: o.plan.seed,
      argv: o.argv,
      ...(o.rerunOf ? { rerunOf: o.rerunOf } : {}),
      notRun: o.plan.cases.map(notRunRecord),
    },
    system,
    cases: [],
    scaling: [],
    warnings: [],
  };
  const text = () => JSON.stringify(result, null, 2) + '\n';
  let path: string | null = null;
  if (!o.noFile) {
    path = o.out.file
      ? createUnique(o.out.dir, o.out.file, text(), true)
      : createUnique(o.out.dir, resultBaseName(startedAt, system.hostname, o.plan.scenario.name), text());
  }
  let ownWarnings: Warning[] = [];
  const save = () => {
    result.run.finishedAt = new Date().toISOString();
    fillScalingEfficiency(result.cases.filter((c): c is PrimitiveCaseResult => !isConsensusCase(c)));
    fillBatchSpeedup(result.cases.filter((c): c is PrimitiveCaseResult => !isConsensusCase(c)));
    result.scaling = consensusScaling(result.cases);
    result.warnings = result.warnings.filter((w) => !ownWarnings.includes(w));
    ownWarnings = [...consensusWarnings(result.cases), ...warmupWarnings(result.cases)];
    result.warnings.push(...ownWarnings);
    if (path) writeAtomic(path, text());
  };

  const checks = new Map<string, string | null>();
  const t0 = Date.now();
  const total = o.plan.cases.length;
  const nominalTotal = o.plan.cases.reduce((n, c) => n + nominalMs(c), 0);
  let nominalDone = 0;
  let pool = null as WorkerPool | null;
  let cpool = null as ConsensusPool | null;
  const dropPools = async () => {
    const p = pool;
    const cp = cpool;
    pool = null;
    cpool = null;
    await p?.destroy().catch(() => undefined);
    await cp?.destroy().catch(() => undefined);
  };
  const abortP = new Promise<'aborted'>((resolve) => {
    if (o.signal?.aborted) resolve('aborted');
    o.signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  /** Why the run ended early, for `run.stopReason`. */
  let stopped: string | null = null;
  const notRun = (done: number) => `${done} of ${total} cases completed, ${total - done} not run`;
  try {
    for (let index = 0; index < total; index++) {
      if (o.signal?.aborted) break;
      const c = o.plan.cases[index]!;
      const elapsedMs = Date.now() - t0;
      const etaMs = nominalDone > 0 ? (elapsedMs / nominalDone) * (nominalTotal - nominalDone) : null;
      o.onEvent?.({ type: 'case-start', index, total, id: c.id, elapsedMs, etaMs });
      // One pool at a time, of the case's kind and thread count: two would compete for the cores.
      if (pool && (pool.threads !== c.threads || c.kind === 'consensus')) {
        await pool.destroy();
        pool = null;
      }
      if (cpool && (cpool.threads !== c.threads || c.kind !== 'consensus')) {
        await cpool.destroy();
        cpool = null;
      }
      const caseStart = Date.now();
      const running: Promise<CaseResult | 'aborted'> =
        c.kind === 'consensus'
          ? runConsensusCase(c, {
              seed: o.plan.seed,
              backends: o.backends,
              backendModules: o.backendModules,
              pool: () => (cpool ??= new ConsensusPool(c.threads, o.workerMemoryMb)),
              checks,
              ...(o.signal ? { signal: o.signal } : {}),
            })
          : runCase(c, o, checks, () => (pool ??= new WorkerPool(c.threads, o.workerMemoryMb)));
      let outcome = await settle(running, abortP, o.caseTimeoutMs);
      if (outcome === 'timeout') {
        // Terminating the workers ends whatever they run; the case's own promise then settles.
        await bounded(dropPools());
        const late = await bounded(running);
        outcome = late === 'aborted' ? late : asErrored(late ?? caseHead(c), `timed out after ${seconds(o.caseTimeoutMs!)} s`);
      } else if (outcome !== 'aborted' && outcome.status === 'errored') {
        // A worker may have died or be stuck: the next case gets fresh ones.
        await dropPools();
        if (/memory limit/i.test(outcome.error)) outcome.error += ` (each worker's heap is limited to ${o.workerMemoryMb ?? defaultWorkerMemoryMb(c.threads)} MB; see --worker-memory)`;
      }
      if (outcome === 'aborted') {
        stopped = `${signalName(o.signal)} during case ${index + 1} of ${total} (${c.id}); ${notRun(result.cases.length)}`;
        break;
      }
      outcome.wallMs = Date.now() - caseStart;
      result.cases.push(outcome);
      const pending = result.run.notRun!.findIndex((n) => n.id === c.id);
      if (pending >= 0) result.run.notRun!.splice(pending, 1);
      nominalDone += nominalMs(c);
      save();
      o.onEvent?.({ type: 'case-end', index, total, result: outcome, elapsedMs: Date.now() - t0 });
      if (o.bail && (outcome.status === 'errored' || outcome.status === 'failed-check') && index + 1 < total) {
        stopped = `--bail: case ${c.id} ${outcome.status}; ${notRun(result.cases.length)}`;
        break;
      }
    }
  } finally {
    await bounded(dropPools());
  }
  result.system.load.after = loadavg();
  result.run.status = o.signal?.aborted ? 'interrupted' : stopped ? 'failed' : 'complete';
  if (o.signal?.aborted && !stopped) stopped = `${signalName(o.signal)} ${result.cases.length === 0 ? 'before the first case' : 'between cases'}; ${notRun(result.cases.length)}`;
  if (stopped) result.run.stopReason = stopped;
  if (result.run.notRun?.length === 0) delete result.run.notRun;
  save();
  return { result, path };
}

/**
 * A worker blocked in a system call (a read that never returns) cannot be terminated, and waiting
 * for it would hold back the result file and the exit: wait at most this long.
 */
const STOP_WAIT_MS = 1000;

/** The promise's value, or undefined if it takes longer than STOP_WAIT_MS. */
async function bounded<T>(p: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), STOP_WAIT_MS)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** The case's outcome, or 'aborted' when the run is interrupted first, or 'timeout' after `timeoutMs`. */
async function settle<T>(running: Promise<T>, abortP: Promise<'aborted'>, timeoutMs: number | undefined): Promise<T | 'aborted' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeoutP = new Promise<'timeout'>((resolve) => {
    if (timeoutMs !== undefined) timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return await Promise.race([running, abortP, timeoutP]);
  } finally {
    clearTimeout(timer);
  }
}

/** The same case, errored: its metrics (if it got that far) are dropped. */
function asErrored(r: CaseResult, error: string): CaseResult {
  const { metrics: _metrics, warmup: _warmup, error: _error, ...head } = r as CaseResult & { metrics?: unknown; warmup?: unknown; error?: string };
  return { ...head, status: 'errored', error } as CaseResult;
}

function signalName(signal: AbortSignal | undefined): string {
  return typeof signal?.reason === 'string' ? signal.reason : 'interrupt';
}

/** 1.5, 30, 0.25: seconds as given, without trailing zeros. */
function seconds(ms: number): string {
  return String(+(ms / 1000).toFixed(3));
}

/** The fields every result of this case carries, whatever its status. */
function primitiveHead(c: PlannedCase) {
  const { op, algorithm, backend, ...params } = c.spec;
  return {
    id: c.id,
    kind: 'primitive' as const,
    op,
    algorithm,
    backend,
    params,
    threads: c.threads,
    settings: { timeMs: c.timeMs, warmupMs: c.warmupMs, repeat: c.repeat },
    wallMs: 0,
    ...(c.thresholdPct !== undefined ? { thresholdPct: c.thresholdPct } : {}),
  };
}

/** How the result file lists a case not run yet: its head, without wallMs. */
function notRunRecord(c: PlannedCase | PlannedConsensusCase): NotRunCase {
  const { wallMs: _, ...head } = c.kind === 'consensus' ? consensusCaseHead(c) : primitiveHead(c);
  return head;
}

/** A result shell for a case that never reported (its workers could not even be stopped). */
function caseHead(c: PlannedCase | PlannedConsensusCase): CaseResult {
  const head = c.kind === 'consensus' ? consensusCaseHead(c) : primitiveHead(c);
  return { ...head, status: 'errored', error: '' } as CaseResult;
}

async function runCase(
  c: PlannedCase,
  o: RunOptions,
  checks: Map<string, string | null>,
  getPool: () => WorkerPool,
): Promise<CaseResult> {
  const common = primitiveHead(c);
  const { backend } = c.spec;
  const b = o.backends.get(backend);
  if (!b) return { ...common, status: 'errored', error: `unknown backend ${backend}` };
  let resolved;
  try {
    resolved = resolveWorkload(c.spec, b, o.plan.seed);
  } catch (err) {
    return { ...common, status: 'errored', error: (err as Error).message };
  }
  if (isUnsupported(resolved)) return { ...common, status: 'skipped', error: resolved.unsupported };
  const checkKey = c.id.replace(/\/t\d+$/, '');
  if (!checks.has(checkKey)) {
    try {
      checks.set(checkKey, resolved.check());
    } catch (err) {
      checks.set(checkKey, `check threw ${(err as Error).name}: ${(err as Error).message}`);
    }
  }
  const failed = checks.get(checkKey);
  if (failed) return { ...common, status: 'failed-check', error: failed };
  let responses: MeasureResponse[];
  try {
    responses = await getPool().measure(c.spec, {
      seed: o.plan.seed,
      warmupMs: c.warmupMs,
      timeMs: c.timeMs,
      repeat: c.repeat,
      backendModules: o.backendModules,
    });
  } catch (err) {
    // The worker itself ended (process.exit, out of memory) or was terminated.
    return { ...common, status: 'errored', error: `worker failed: ${(err as Error).message}` };
  }
  const failure = firstFailure(responses);
  if (failure) return { ...common, status: failure.status, error: failure.reason };
  const oks = responses as Extract<MeasureResponse, { ok: true }>[];
  const metrics = aggregateWindows(
    oks.map((r) => r.windows),
    oks[0]!.batch,
    oks[0]!.bytesPerOp,
    c.spec.op === 'verify-batch' ? c.spec.k : undefined,
  );
  const warmup = { ms: Math.round(Math.max(...oks.map((r) => r.warmup.ms))), steady: oks.every((r) => r.warmup.steady) };
  return { ...common, status: 'ok', metrics, warmup };
}
