import { isQualificationCase, type CaseResult, type ResultFile } from '../results/schema.js';
import { duration, si } from '../format/table.js';
import { isFiniteNumber, isObject } from '../core/guards.js';

/**
 * Which way is better, per metric, as data. A direction is never guessed from a name: a metric
 * that is not registered here is shown but not gated (and not marked faster or slower).
 */
export type Direction = 'higher' | 'lower';

export interface MetricInfo {
  name: string;
  direction: Direction;
  /** Unit shown beside values and written into exports. */
  unit: string;
  description: string;
}

const REGISTRY = new Map<string, MetricInfo>();

/** Add (or replace) a metric. Each case kind registers its metrics by name. */
export function registerMetric(info: MetricInfo): void {
  REGISTRY.set(info.name, info);
}

// Primitive cases (src/results/schema.ts PrimitiveMetrics).
registerMetric({
  name: 'opsPerSec',
  direction: 'higher',
  unit: 'ops/s',
  description: 'aggregate operations per second',
});
registerMetric({ name: 'bytesPerSec', direction: 'higher', unit: 'B/s', description: 'bytes hashed per second' });
registerMetric({
  name: 'signaturesPerSec',
  direction: 'higher',
  unit: 'sig/s',
  description: 'signatures verified per second by batch verification',
});
registerMetric({
  name: 'batchSpeedup',
  direction: 'higher',
  unit: '×',
  description: 'batch verification rate over single verification rate',
});
registerMetric({ name: 'latencyMs', direction: 'lower', unit: 'ms', description: 'per-operation latency (p50)' });
// Consensus cases: round times are lower-is-better, committed throughput higher-is-better.
registerMetric({
  name: 'hostRoundMs',
  direction: 'lower',
  unit: 'ms',
  description: 'wall time of a round with every validator on this host',
});
registerMetric({
  name: 'modeledRoundMs',
  direction: 'lower',
  unit: 'ms',
  description: 'modeled per-validator round time (own crypto + network model)',
});
registerMetric({
  name: 'committedTxPerSec',
  direction: 'higher',
  unit: 'tx/s',
  description: 'committed transactions per second of host round time',
});
registerMetric({
  name: 'modeledCommittedTxPerSec',
  direction: 'higher',
  unit: 'tx/s',
  description: 'committed transactions per second of modeled round time',
});
registerMetric({
  name: 'modeledCommitMs',
  direction: 'lower',
  unit: 'ms',
  description: 'modeled time until the last correct validator committed (p50)',
});

// Qualification cases (src/results/schema.ts QualificationMetrics): the margin over the
// requirement's threshold, oriented so that above 1 passes whichever way the requirement compares.
registerMetric({
  name: 'margin',
  direction: 'higher',
  unit: '×',
  description: 'margin over a hardware requirement (measured ÷ required, or the reverse where lower is better)',
});

/** The metric `compare` and `check` use unless told: opsPerSec, or the margin for files of qualification cases only. */
export function defaultMetric(results: readonly ResultFile[]): string {
  const cases = results.flatMap((r) => r.cases);
  return cases.length > 0 && cases.every(isQualificationCase) ? 'margin' : 'opsPerSec';
}

export function metricInfo(name: string): MetricInfo | undefined {
  return REGISTRY.get(name);
}

export function metricDirection(name: string): Direction | undefined {
  return REGISTRY.get(name)?.direction;
}

export function registeredMetrics(): string[] {
  return [...REGISTRY.keys()];
}

/** A metric's central value, its spread and its samples, whatever shape the result file gives it. */
export interface MetricValue {
  /** Median (Rate), p50 (latency summary) or the number itself. */
  median: number;
  /** 95% CI when the metric has one (Rate-shaped metrics). */
  ci95: [number, number] | null;
  /** Retained samples when the metric keeps them (Rate-shaped metrics). */
  samples: number[] | null;
  /** One median per merged run, when the file was merged from several runs (see Rate.runs). */
  runs: number[] | null;
}

/** The metrics of an ok case by name: case kinds carry different metrics. */
export function caseMetrics(c: CaseResult): Record<string, unknown> | undefined {
  return c.status === 'ok' ? c.metrics : undefined;
}

/**
 * Read one metric of a case generically, by its shape: a Rate (`{median, ci95, samples}`), a
 * latency summary (`{p50, …}`) or a bare number. The reader has checked every metric the schema
 * names; a metric it does not name (written by a newer chainmark) is read only if it has one of
 * these shapes, so each part is still looked at before use.
 */
export function readMetric(c: CaseResult, name: string): MetricValue | undefined {
  const v = caseMetrics(c)?.[name];
  if (isFiniteNumber(v)) return { median: v, ci95: null, samples: null, runs: null };
  if (!isObject(v)) return undefined;
  if (isFiniteNumber(v.median)) {
    const ci =
      Array.isArray(v.ci95) && v.ci95.length === 2 && v.ci95.every(isFiniteNumber)
        ? ([v.ci95[0], v.ci95[1]] as [number, number])
        : null;
    const samples = Array.isArray(v.samples) && v.samples.every(isFiniteNumber) ? v.samples : null;
    const runs = Array.isArray(v.runs) && v.runs.length > 0 && v.runs.every(isFiniteNumber) ? v.runs : null;
    return { median: v.median, ci95: ci, samples, runs };
  }
  if (isFiniteNumber(v.p50)) return { median: v.p50, ci95: null, samples: null, runs: null };
  return undefined;
}

/** A value with its unit, compactly: "1.23k ops/s", "1.52 ms". */
export function formatMetric(name: string, value: number): string {
  const unit = metricInfo(name)?.unit ?? '';
  if (unit === 'ms') return duration(value);
  return unit ? `${si(value)} ${unit}` : si(value);
}

/** Registered metrics that some ok case of these files has: the ones worth suggesting for --metric. */
export function knownMetricsIn(results: readonly ResultFile[]): string[] {
  const present = new Set<string>();
  for (const r of results)
    for (const c of r.cases)
      for (const name of Object.keys(caseMetrics(c) ?? {}))
        if (REGISTRY.has(name) && readMetric(c, name)) present.add(name);
  return [...present];
}

/** "names a metric no case has: "x" (metrics with a known direction here: a, b)". */
export function missingMetricMessage(metric: string, results: readonly ResultFile[]): string {
  const known = knownMetricsIn(results);
  return (
    `names a metric no case has: ${JSON.stringify(metric)}` +
    (known.length ? ` (metrics with a known direction here: ${known.join(', ')})` : '')
  );
}
