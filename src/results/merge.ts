import { randomUUID } from 'node:crypto';
import type { CaseResult, PublishedSeries, ResultFile, RunStatus, Warning } from './schema.js';
import { summarizeLatency, summarizeRate } from '../measure/stats.js';
import { InputError } from '../core/errors.js';
import { isFiniteNumber, isObject } from '../core/guards.js';
import { alignCases, type LoadedResult } from './align.js';

/**
 * Merge runs of one scenario on one machine into one result file, so that a same-runner A/B
 * (A B A B …) gives each side all its runs: every Rate's samples are concatenated across files,
 * the summary recomputed with summarizeRate, and each run's median kept in `runs` (the unit the
 * CI gate tests). Fields that keep no samples are combined
 * as well as their summaries allow (see mergeValues). The runs' published measurements are kept,
 * each distinct series once.
 */

// mergeValues is generic over the fields of every case kind, so it tells the shapes apart by what
// they hold; the reader has checked each field's own type.
const isNumList = (v: unknown): v is number[] => Array.isArray(v) && v.every(isFiniteNumber);
const isRate = (v: unknown): v is { samples: number[]; median: number; runs?: number[] } =>
  isObject(v) && isNumList(v.samples) && isFiniteNumber(v.median);
const isLatency = (v: unknown): v is Record<'mean' | 'p50' | 'p95' | 'p99' | 'count', number> =>
  isObject(v) && ['mean', 'p50', 'p95', 'p99', 'count'].every((k) => isFiniteNumber(v[k]));
/** A run's medians: those it recorded when it was itself a merge, else its own median. */
const runMedians = (v: { samples: number[]; median: number; runs?: number[] }): number[] =>
  v.runs && v.runs.length > 0 ? v.runs : [v.median];
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

// Counts that add up across runs rather than average.
const ADDITIVE = new Set(['totalOps', 'wallMs']);

/**
 * Combine one field's values from several runs:
 * - Rate (has samples): samples concatenated, summary (and percentiles, if it has them) recomputed,
 *   one median per run kept in `runs`;
 * - latency summary: mean and percentiles weighted by count (percentiles so combined are an
 *   approximation: the per-operation times are not kept), counts added;
 * - numbers: added for counts (ADDITIVE), averaged otherwise; lists of numbers averaged per index;
 *   lists of records concatenated;
 * - anything else: the first run's value.
 */
export function mergeValues(key: string, values: unknown[]): unknown {
  if (values.every(isRate)) {
    const samples = values.flatMap((v) => v.samples);
    // One median per run; a file that was itself merged contributes its own runs.
    const runs = values.flatMap((v) => runMedians(v));
    // A Rate that also carries percentiles of its samples (consensus round times) gets them recomputed too.
    if (values.every(isLatency)) {
      const { p50, p95, p99, count } = summarizeLatency(samples);
      return { ...summarizeRate(samples), runs, p50, p95, p99, count };
    }
    return { ...summarizeRate(samples), runs };
  }
  if (values.every(isLatency)) {
    const count = values.reduce((s, v) => s + v.count, 0);
    const weighted = (k: 'mean' | 'p50' | 'p95' | 'p99') =>
      count > 0 ? values.reduce((s, v) => s + v[k] * v.count, 0) / count : values[0]![k];
    return { mean: weighted('mean'), p50: weighted('p50'), p95: weighted('p95'), p99: weighted('p99'), count };
  }
  if (values.every((v) => typeof v === 'number')) {
    const xs = values as number[];
    return ADDITIVE.has(key) ? xs.reduce((s, x) => s + x, 0) : mean(xs);
  }
  if (values.every(isNumList) && values.every((v) => v.length === values[0]!.length))
    return values[0]!.map((_, i) => mean(values.map((v) => v[i]!)));
  // Lists of records (e.g. per-round details) are concatenated in run order.
  if (values.every((v) => Array.isArray(v) && v.every(isObject))) return (values as unknown[][]).flat();
  if (values.every((v) => v === null || typeof v === 'number')) {
    const xs = values.filter((v): v is number => typeof v === 'number');
    return xs.length ? mean(xs) : null;
  }
  return values[0];
}

function mergeCase(entries: { c: CaseResult; label: string }[]): CaseResult {
  const bad = entries.find((e) => e.c.status !== 'ok');
  // A case that failed or errored in any run is not averaged away: the merged case keeps the failure.
  if (bad) return { ...bad.c, error: `in ${bad.label}: ${bad.c.status === 'ok' ? '' : bad.c.error}` } as CaseResult;
  const first = entries[0]!.c;
  const metricsList = entries.map((e): Record<string, unknown> => (e.c.status === 'ok' ? e.c.metrics : {}));
  const metrics: Record<string, unknown> = {};
  for (const key of Object.keys(metricsList[0]!)) {
    const values = metricsList.map((m) => m[key]);
    metrics[key] = values.some((v) => v === undefined) ? metricsList[0]![key] : mergeValues(key, values);
  }
  // The merged case holds every run's samples: say so in its settings.
  const settings = { ...first.settings, repeat: entries.reduce((n, e) => n + e.c.settings.repeat, 0) };
  // mergeValues keeps each field's shape, so the metrics are still the kind's; a merged file is read back through the reader.
  return {
    ...first,
    metrics,
    settings,
    wallMs: mergeValues(
      'wallMs',
      entries.map((e) => e.c.wallMs),
    ),
  } as CaseResult;
}

function worstStatus(statuses: RunStatus[]): RunStatus {
  return statuses.includes('failed') ? 'failed' : statuses.includes('interrupted') ? 'interrupted' : 'complete';
}

/** Merge result files of one machine. Different host fingerprints are refused (InputError). */
export function mergeResults(files: readonly LoadedResult[]): ResultFile {
  if (files.length === 0) throw new InputError('command line', '', 'merge needs at least one result file');
  const base = files[0]!;
  for (const f of files.slice(1)) {
    if (f.result.system.fingerprint !== base.result.system.fingerprint)
      throw new InputError(
        f.path,
        'system.fingerprint',
        `is ${JSON.stringify(f.result.system.fingerprint)} but ${base.path} has ${JSON.stringify(base.result.system.fingerprint)}: merge combines runs of one machine only`,
      );
  }
  const warnings: Warning[] = [
    { code: 'merged', message: `merged from ${files.length} runs: ${files.map((f) => f.path).join(', ')}` },
  ];
  for (const f of files.slice(1)) {
    if (f.result.run.seed !== base.result.run.seed)
      warnings.push({
        code: 'merge-seed-differs',
        message: `merge: ${f.label} used seed ${f.result.run.seed}, ${base.label} used ${base.result.run.seed}`,
      });
    if (f.result.run.scenario.name !== base.result.run.scenario.name)
      warnings.push({
        code: 'merge-scenario-differs',
        message: `merge: ${f.label} ran scenario ${JSON.stringify(f.result.run.scenario.name)}, ${base.label} ran ${JSON.stringify(base.result.run.scenario.name)}`,
      });
  }
  const cases = alignCases(files.map((f) => f.result)).map(({ id, entries }) => {
    const present = entries.flatMap((c, i) => (c ? [{ c, label: files[i]!.label }] : []));
    if (present.length < files.length)
      warnings.push({
        code: 'merge-case-missing',
        message: `merge: ${id} is in ${present.length} of ${files.length} runs; merged from those`,
        cases: [id],
      });
    return mergeCase(present);
  });
  const latencyMerged = cases.some((c) => c.kind === 'primitive' && c.status === 'ok');
  if (latencyMerged && files.length > 1)
    warnings.push({
      code: 'merge-latency-approximate',
      message: "merge: latency percentiles are count-weighted averages of the runs' percentiles (approximate)",
    });
  const times = (k: 'startedAt' | 'finishedAt') => files.map((f) => f.result.run[k]).sort();
  const last = files[files.length - 1]!.result;
  const { published: _, ...baseResult } = base.result;
  const published = uniquePublished(files.flatMap((f) => f.result.published ?? []));
  return {
    ...baseResult,
    run: {
      ...base.result.run,
      id: randomUUID(),
      startedAt: times('startedAt')[0]!,
      finishedAt: times('finishedAt').at(-1)!,
      status: worstStatus(files.map((f) => f.result.run.status)),
      argv: ['merge', ...files.map((f) => f.path)],
    },
    system: { ...base.result.system, load: { ...base.result.system.load, after: last.system.load.after ?? [] } },
    cases,
    warnings: uniqueWarnings([...files.flatMap((f) => f.result.warnings), ...warnings]),
    ...(published.length > 0 ? { published } : {}),
  };
}

/** Every run's published series, each one that several runs cite (the same scenario) kept once. */
function uniquePublished(list: readonly PublishedSeries[]): PublishedSeries[] {
  const seen = new Set<string>();
  return list.filter((s) => {
    const key = JSON.stringify([s.source, s.protocols, s.points]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The same warning recorded by several runs is kept once. */
function uniqueWarnings(list: readonly Warning[]): Warning[] {
  const seen = new Set<string>();
  return list.filter((w) => {
    const key = `${w.code}\u0000${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
