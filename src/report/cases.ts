import { caseMetrics, metricInfo, readMetric, registeredMetrics } from '../compare/metrics.js';
import { isFiniteNumber, isObject } from '../core/guards.js';
import { withoutThreads } from '../results/case-id.js';
import type { CaseResult, ResultFile } from '../results/schema.js';
import type { ExportOptions } from './exporter.js';

/** What every text export needs from a result file, read once here from the validated result. */

/** The parameter that tells cases of one op apart, in the order the case id shows it. */
const PARAM_KEYS = ['sizeBytes', 'leaves', 'k', 'rounds', 'nodes'] as const;

export interface CaseFacts {
  id: string;
  /** The id without its `/t<threads>` suffix (threads get a column of their own). */
  name: string;
  op: string;
  algorithm: string;
  backend: string;
  /** Name and value of the case's size parameter (sizeBytes, leaves, k, rounds or nodes), or '' and null. */
  param: string;
  paramValue: number | null;
  threads: number;
  status: CaseResult['status'];
  /** Why a case that is not ok has no numbers; '' for ok cases. */
  error: string;
}

export function caseFacts(c: CaseResult): CaseFacts {
  const params: Partial<Record<(typeof PARAM_KEYS)[number], number>> = c.params;
  const key = PARAM_KEYS.find((k) => params[k] !== undefined);
  return {
    id: c.id,
    name: withoutThreads(c.id),
    op: c.op,
    algorithm: c.algorithm,
    backend: c.backend,
    param: key ?? '',
    paramValue: key ? params[key]! : null,
    threads: c.threads,
    status: c.status,
    error: c.status === 'ok' ? '' : c.error,
  };
}

/** One registered metric of one case: its centre, spread and percentiles, in the metric's own unit. */
export interface MetricRow {
  metric: string;
  unit: string;
  /** Median of a Rate, p50 of a latency summary. */
  median: number;
  /**
   * The 95% CI of the median; null with none recorded (one sample) and when the recorded one is
   * invalid (`ciInvalid`): a lower end below 0, which files of earlier versions can hold.
   */
  ci95: [number, number] | null;
  ciInvalid: boolean;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** Samples behind the figure: a Rate's samples, a latency summary's timed iterations. */
  samples: number | null;
  /** Mean of those samples (a summary's sum is mean × count); null where none is recorded. */
  mean: number | null;
}

/** The registered metrics an ok case has, in registry order; none for a case that is not ok. */
export function metricRows(c: CaseResult): MetricRow[] {
  const metrics = caseMetrics(c);
  if (!metrics) return [];
  const rows: MetricRow[] = [];
  for (const name of registeredMetrics()) {
    const v = readMetric(c, name);
    if (!v) continue;
    // Percentiles and counts where the metric's shape has them (latency and round-time summaries).
    const raw = metrics[name];
    const num = (key: string): number | null => (isObject(raw) && isFiniteNumber(raw[key]) ? raw[key] : null);
    const ciInvalid = v.ci95 !== null && v.ci95[0] < 0;
    rows.push({
      metric: name,
      unit: metricInfo(name)!.unit,
      median: v.median,
      ci95: ciInvalid ? null : v.ci95,
      ciInvalid,
      p50: num('p50'),
      p95: num('p95'),
      p99: num('p99'),
      samples: v.samples ? v.samples.length : num('count'),
      mean: num('mean'),
    });
  }
  return rows;
}

/** The metric row of one name, if the case has it. */
export function metricRow(c: CaseResult, name: string): MetricRow | undefined {
  return metricRows(c).find((m) => m.metric === name);
}

/** The machine a result file came from: hostname (may be a hash with --anonymize) and fingerprint. */
export function machineOf(r: ResultFile): { host: string; fingerprint: string } {
  return { host: r.system.hostname, fingerprint: r.system.fingerprint };
}

/** How each result file is named in a multi-file export: the label given (file name), else `#k`. */
export function fileLabels(results: readonly ResultFile[], options: ExportOptions): string[] {
  return results.map((_, i) => options.labels?.[i] ?? `#${i + 1}`);
}
