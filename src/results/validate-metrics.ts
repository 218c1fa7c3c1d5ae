/**
 * The measurements of an ok case: Rates with their samples, latency summaries, round times and
 * the per-round details of consensus cases. Samples are checked first: a NaN written to disk
 * reads back as null there, and that is the message worth giving.
 */
import { shown } from '../core/errors.js';
import { isFiniteNumber } from '../core/guards.js';
import { PARALLEL_OPERATIONS } from './schema.js';
import type { LatencySummary, Rate } from '../measure/stats.js';
import type { ResultFields } from './result-fields.js';
import type {
  CalibratedCost,
  ConsensusCosts,
  ConsensusMetrics,
  ConsensusRoundDetail,
  PrimitiveMetrics,
  RoundTimeSummary,
  WarmupInfo,
} from './schema.js';

const LATENCY = ['mean', 'p50', 'p95', 'p99', 'count'] as const;
const PERCENTILES = ['p50', 'p95', 'p99', 'count'] as const;

/**
 * Every Rate measures something that cannot be negative (operations, bytes or transactions per
 * second, or milliseconds), so a negative sample, median or mean is refused: the gate would
 * otherwise read -1000 ops/s as a number like any other. The interval's low end is not checked:
 * files written before intervals were kept positive may hold a negative one.
 */
export function checkRate(f: ResultFields, value: unknown, at: string): Rate {
  const r = f.record(value, at);
  f.amounts(r.samples, `${at}.samples`);
  for (const k of ['median', 'mean'] as const) f.amount(r[k], `${at}.${k}`);
  // Null: one sample, or too few positive ones, have no interval (medianCi95).
  f.nullable(r.ci95, `${at}.ci95`, (v, field) => f.interval(v, field));
  f.amount(r.cv, `${at}.cv`);
  f.amount(r.outliers, `${at}.outliers`);
  f.optional(r, 'runs', at, (v, field) => f.amounts(v, field));
  return value as Rate;
}

export function checkLatency(f: ResultFields, value: unknown, at: string): LatencySummary {
  const l = f.record(value, at);
  for (const k of LATENCY) f.amount(l[k], `${at}.${k}`);
  return value as LatencySummary;
}

/** A Rate over rounds plus its percentiles. */
function checkRoundTimes(f: ResultFields, value: unknown, at: string): RoundTimeSummary {
  const r = f.record(checkRate(f, value, at), at);
  for (const k of PERCENTILES) f.amount(r[k], `${at}.${k}`);
  return value as RoundTimeSummary;
}

export function checkPrimitiveMetrics(f: ResultFields, value: unknown, at: string): PrimitiveMetrics {
  const m = f.record(value, at);
  checkRate(f, m.opsPerSec, `${at}.opsPerSec`);
  for (const k of ['bytesPerSec', 'signaturesPerSec'] as const)
    f.optional(m, k, at, (v, field) => checkRate(f, v, field));
  f.optional(m, 'batchSpeedup', at, (v, field) => f.nullable(v, field, f.num));
  checkLatency(f, m.latencyMs, `${at}.latencyMs`);
  f.amounts(m.perThreadOpsPerSec, `${at}.perThreadOpsPerSec`);
  f.nullable(m.scalingEfficiency, `${at}.scalingEfficiency`, f.num);
  for (const k of ['batch', 'totalOps'] as const) f.finite(m[k], `${at}.${k}`);
  return value as PrimitiveMetrics;
}

export function checkWarmup(f: ResultFields, value: unknown, at: string): WarmupInfo {
  const w = f.record(value, at);
  f.finite(w.ms, `${at}.ms`);
  f.flag(w.steady, `${at}.steady`);
  return value as WarmupInfo;
}

const ROUND_COUNTS = [
  'round',
  'leader',
  'committedValidators',
  'hostMs',
  'modeledMs',
  'messages',
  'bytes',
  'signatures',
  'verifications',
  'waves',
] as const;

const ROUND_PHASES = ['warm-up', 'tail'] as const;

function checkRound(f: ResultFields, value: unknown, at: string): ConsensusRoundDetail {
  const r = f.record(value, at);
  for (const k of ROUND_COUNTS) f.finite(r[k], `${at}.${k}`);
  f.flag(r.committed, `${at}.committed`);
  f.nullable(r.modeledCommitMs, `${at}.modeledCommitMs`, f.num);
  f.optional(r, 'replayMs', at, f.num);
  f.optional(r, 'hostMeasuredMs', at, f.num);
  f.optional(r, 'phase', at, (v, field) => f.among(v, field, ROUND_PHASES));
  return value as ConsensusRoundDetail;
}

const PER_ROUND = [
  'messagesPerRound',
  'bytesPerRound',
  'signaturesPerRound',
  'verificationsPerRound',
  'committedRounds',
  'setupMs',
] as const;
const WORK = ['voteVerifications', 'aggregateVerifications', 'aggregations', 'txVerifications', 'merkleRoots'] as const;

export function checkConsensusMetrics(f: ResultFields, value: unknown, at: string): ConsensusMetrics {
  const m = f.record(value, at);
  // Round times are null when no round committed.
  for (const k of ['hostRoundMs', 'modeledRoundMs'] as const)
    f.nullable(m[k], `${at}.${k}`, (v, field) => checkRoundTimes(f, v, field));
  f.optional(m, 'replayRoundMs', at, (v, field) => f.nullable(v, field, (x, g) => checkRoundTimes(f, x, g)));
  f.nullable(m.modeledCommitMs, `${at}.modeledCommitMs`, (v, field) => checkLatency(f, v, field));
  for (const k of ['committedTxPerSec', 'modeledCommittedTxPerSec'] as const) checkRate(f, m[k], `${at}.${k}`);
  for (const k of PER_ROUND) f.finite(m[k], `${at}.${k}`);
  const work = f.record(m.work, `${at}.work`);
  for (const k of WORK) f.finite(work[k], `${at}.work.${k}`);
  f.items(m.rounds, `${at}.rounds`, (v, field) => checkRound(f, v, field));
  return value as ConsensusMetrics;
}

function checkCost(f: ResultFields, value: unknown, at: string): CalibratedCost {
  const c = f.record(checkRate(f, value, at), at);
  f.string(c.case, `${at}.case`);
  return value as CalibratedCost;
}

function checkSized(f: ResultFields, value: unknown, at: string): { k: number; ms: CalibratedCost }[] {
  return f.items(value, at, (v, field) => {
    const p = f.record(v, field);
    f.finite(p.k, `${field}.k`);
    checkCost(f, p.ms, `${field}.ms`);
    return v as { k: number; ms: CalibratedCost };
  });
}

/** The calibrated costs of a consensus case (src/consensus/calibrate.ts). */
export function checkCosts(f: ResultFields, value: unknown, at: string): ConsensusCosts {
  const c = f.record(value, at);
  const source = f.record(c.source, `${at}.source`);
  f.among(source.kind, `${at}.source.kind`, ['measured', 'file'] as const);
  if (source.kind === 'file')
    for (const k of ['file', 'host', 'fingerprint'] as const) f.string(source[k], `${at}.source.${k}`);
  for (const k of ['voteSignMs', 'voteVerifyMs', 'merkleMs'] as const) checkCost(f, c[k], `${at}.${k}`);
  // Absent for blocks of opaque commands (no transaction signatures).
  f.optional(c, 'txVerifyMs', at, (v, field) => checkCost(f, v, field));
  f.optional(c, 'bls', at, (v, field) => {
    const b = f.record(v, field);
    checkSized(f, b.aggregateVerify, `${field}.aggregateVerify`);
    checkSized(f, b.aggregate, `${field}.aggregate`);
    const fav = f.record(b.aggregateVerifyFit, `${field}.aggregateVerifyFit`);
    for (const k of ['baseMs', 'perSignerMs'] as const) f.finite(fav[k], `${field}.aggregateVerifyFit.${k}`);
    const agg = f.record(b.aggregateFit, `${field}.aggregateFit`);
    for (const k of ['baseMs', 'perSignatureMs'] as const) f.finite(agg[k], `${field}.aggregateFit.${k}`);
    return v;
  });
  f.optional(c, 'parallel', at, (v, field) => checkParallel(f, v, field));
  return value as ConsensusCosts;
}

/**
 * The parallel efficiency points of validators with many cores: thread counts from 2 up, ascending
 * (the model interpolates between neighbours), each efficiency in (0, 1].
 */
function checkParallel(f: ResultFields, value: unknown, at: string): NonNullable<ConsensusCosts['parallel']> {
  const p = f.record(value, at);
  f.among(p.operation, `${at}.operation`, PARALLEL_OPERATIONS);
  let below = 1;
  if (Array.isArray(p.points) && p.points.length === 0) f.fail(`${at}.points`, 'must not be empty');
  f.items(p.points, `${at}.points`, (v, field) => {
    const point = f.record(v, field);
    const threads = f.int(point.threads, `${field}.threads`, 2, Number.MAX_SAFE_INTEGER);
    if (threads <= below)
      f.fail(
        `${field}.threads`,
        `must be more than the previous point's ${below} (thread counts ascend), got ${threads}`,
      );
    below = threads;
    checkCost(f, point.ms, `${field}.ms`);
    const e = point.efficiency;
    if (!isFiniteNumber(e) || e <= 0 || e > 1)
      f.fail(`${field}.efficiency`, `must be a number above 0 and at most 1, got ${shown(e)}`);
    return v;
  });
  return value as NonNullable<ConsensusCosts['parallel']>;
}
