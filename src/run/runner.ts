/**
 * The run loop: every planned case in order, by its kind, on a pool this loop owns, each outcome
 * handed to the result sink. What a case is and how it runs is its kind's business (src/kinds/).
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { defaultWorkerMemoryMb } from '../pool/pool.js';
import { collectSpecs } from '../system/specs.js';
import { packageVersion, toolVersion } from '../system/packages.js';
import { RESULT_SCHEMA, type CaseResult, type ResultFile } from '../results/schema.js';
import { KINDS, type AnyKind, type Plan, type PlannedCase } from '../kinds/index.js';
import { PoolKeeper } from './pools.js';
import { ResultSink } from './sink.js';
import { bounded, seconds, settle } from './timing.js';
import type { Backend } from '../workloads/types.js';

export { resultBaseName } from './sink.js';

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
  /** The kinds that run the plan's cases (default: every registered kind); tests pass their own. */
  kinds?: readonly AnyKind[];
}

/** The kind of each planned case, by name. */
function kindFinder(kinds: readonly AnyKind[]): (c: PlannedCase) => AnyKind {
  return (c) => {
    const kind = kinds.find((k) => k.name === c.kind);
    if (!kind) throw new TypeError(`no kind of case is named ${JSON.stringify(c.kind)}`);
    return kind;
  };
}

export interface RunOutcome {
  result: ResultFile;
  path: string | null;
  /**
   * Whether some worker thread could not be stopped (blocked in a system call). Such a thread
   * keeps process.exit from returning, so the caller must end the process another way.
   */
  stuckWorkers: boolean;
}

/** Why a run stops when a worker outlives terminate(). */
const STUCK = 'its worker is stuck in a system call and could not be stopped';

async function newResult(o: RunOptions, startedAt: Date, kindOf: (c: PlannedCase) => AnyKind): Promise<ResultFile> {
  const libraries: Record<string, string> = {
    tinybench: packageVersion('tinybench'),
    piscina: packageVersion('piscina'),
  };
  for (const b of o.backends.values()) Object.assign(libraries, b.libraries());
  const system = await collectSpecs({ anonymize: o.anonymize, libraries });
  return {
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
      notRun: o.plan.cases.map((c) => kindOf(c).head(c)),
    },
    system,
    cases: [],
    scaling: [],
    warnings: [],
    ...(o.plan.published ? { published: o.plan.published } : {}),
  };
}

/** The same case, errored: whatever it measured is dropped. */
function asErrored(kind: AnyKind, c: PlannedCase, error: string): CaseResult {
  return { ...kind.head(c), wallMs: 0, status: 'errored', error } as CaseResult;
}

/** Values computed once per run and key (see RunContext.memo); a failed computation is not kept. */
class Memo {
  private readonly values = new Map<string, Promise<unknown>>();

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.values.get(key);
    // Each key is only ever used by one caller type (the kind that chose it), so its value is a T.
    if (hit) return hit as Promise<T>;
    const value = compute();
    this.values.set(key, value);
    value.catch(() => this.values.delete(key));
    return value;
  }
}

/** What a case's run came to: its result, or the run's stop (a signal). */
async function runOne(
  kind: AnyKind,
  c: PlannedCase,
  o: RunOptions,
  pools: PoolKeeper,
  selfTests: Map<string, string | null>,
  memo: Memo,
  abortP: Promise<'aborted'>,
): Promise<CaseResult | 'aborted'> {
  const running = kind.run(c, {
    seed: o.plan.seed,
    backends: o.backends,
    backendModules: o.backendModules,
    pool: () => pools.get(kind, c.threads),
    selfTests,
    memo: (key, compute) => memo.get(key, compute),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const outcome = await settle(running, abortP, o.caseTimeoutMs);
  if (outcome === 'timeout') {
    // Terminating the workers ends whatever they run; the case's own promise then settles.
    await pools.drop();
    const late = await bounded(running);
    if (late === 'aborted') return late;
    const stuck = pools.stuck ? `; ${STUCK}` : '';
    return asErrored(kind, c, `timed out after ${seconds(o.caseTimeoutMs ?? 0)} s${stuck}`);
  }
  if (outcome !== 'aborted' && outcome.status === 'errored') {
    // A worker may have died or be stuck: the next case gets fresh ones.
    await pools.drop();
    if (/memory limit/i.test(outcome.error))
      outcome.error += ` (each worker's heap is limited to ${o.workerMemoryMb ?? defaultWorkerMemoryMb(c.threads)} MB; see --worker-memory)`;
  }
  return outcome;
}

export async function runPlan(o: RunOptions): Promise<RunOutcome> {
  const startedAt = new Date();
  const kinds = o.kinds ?? KINDS;
  const kindOf = kindFinder(kinds);
  const result = await newResult(o, startedAt, kindOf);
  const sink = new ResultSink(
    result,
    o.noFile ? null : o.out,
    kinds.flatMap((k) => (k.derive ? [k.derive] : [])),
  );
  const selfTests = new Map<string, string | null>();
  const memo = new Memo();
  const pools = new PoolKeeper(o.workerMemoryMb);
  const t0 = Date.now();
  const total = o.plan.cases.length;
  const nominalTotal = o.plan.cases.reduce((n, c) => n + kindOf(c).nominalMs(c), 0);
  let nominalDone = 0;
  const abortP = new Promise<'aborted'>((resolve) => {
    if (o.signal?.aborted) resolve('aborted');
    o.signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  /** Why the run ended early, for `run.stopReason`. */
  let stopped: string | null = null;
  const notRun = (done: number) => `${done} of ${total} cases completed, ${total - done} not run`;
  try {
    for (const [index, c] of o.plan.cases.entries()) {
      if (o.signal?.aborted) break;
      const elapsedMs = Date.now() - t0;
      const etaMs = nominalDone > 0 ? (elapsedMs / nominalDone) * (nominalTotal - nominalDone) : null;
      o.onEvent?.({ type: 'case-start', index, total, id: c.id, elapsedMs, etaMs });
      // One pool at a time, of the case's kind and thread count: two would compete for the cores.
      const kind = kindOf(c);
      await pools.keepOnly(kind, c.threads);
      const caseStart = Date.now();
      const outcome = await runOne(kind, c, o, pools, selfTests, memo, abortP);
      if (outcome === 'aborted') {
        stopped = `${signalName(o.signal)} during case ${index + 1} of ${total} (${c.id}); ${notRun(result.cases.length)}`;
        break;
      }
      outcome.wallMs = Date.now() - caseStart;
      sink.add(outcome);
      nominalDone += kind.nominalMs(c);
      o.onEvent?.({ type: 'case-end', index, total, result: outcome, elapsedMs: Date.now() - t0 });
      if (pools.stuck) {
        // A thread that ignores terminate() may wake at any time and compete for the cores, and
        // holds its memory: the cases after it would not be measured on a quiet machine.
        stopped = `case ${c.id}: ${STUCK}; ${notRun(result.cases.length)}`;
        break;
      }
      if (o.bail && (outcome.status === 'errored' || outcome.status === 'failed-check') && index + 1 < total) {
        stopped = `--bail: case ${c.id} ${outcome.status}; ${notRun(result.cases.length)}`;
        break;
      }
    }
  } finally {
    await pools.drop();
  }
  result.system.load.after = loadavg();
  result.run.status = o.signal?.aborted ? 'interrupted' : stopped ? 'failed' : 'complete';
  if (o.signal?.aborted && !stopped)
    stopped = `${signalName(o.signal)} ${result.cases.length === 0 ? 'before the first case' : 'between cases'}; ${notRun(result.cases.length)}`;
  if (stopped) result.run.stopReason = stopped;
  if (result.run.notRun?.length === 0) delete result.run.notRun;
  sink.save();
  return { result, path: sink.path, stuckWorkers: pools.stuck };
}

function signalName(signal: AbortSignal | undefined): string {
  return typeof signal?.reason === 'string' ? signal.reason : 'interrupt';
}
