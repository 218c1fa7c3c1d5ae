import { isQualificationCase, type CaseResult, type ResultFile } from '../results/schema.js';
import { caseFacts, fileLabels, machineOf, metricRow } from './cases.js';
import type { ExportOptions } from './exporter.js';

/**
 * The metric families chainmark exposes to Prometheus, independent of the text format that writes
 * them (openmetrics.ts: OpenMetrics 1.0; prometheus.ts: the Prometheus text format 0.0.4, read by
 * the Pushgateway and node_exporter's textfile collector). Rates are gauges (a measured level, not a
 * count that grows), told apart by a `stat` label; time percentiles are summaries, the one type
 * whose samples carry a `quantile` label (Prometheus's linter, `promtool check metrics`, rejects a
 * `quantile` label anywhere else). Times are converted to seconds, the base unit.
 */

export type Labels = [name: string, value: string][];

export interface Sample {
  /** The family's name, or the name with `_count` / `_sum` for a summary's totals. */
  name: string;
  labels: Labels;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: 'gauge' | 'summary';
  /** The unit the name ends in (`_<unit>`), or null for unitless families. */
  unit: string | null;
  help: string;
  samples: Sample[];
}

/** Where a family's samples come from: a registered metric of a case, scaled, with extra labels. */
interface Source {
  metric: string;
  /** `stat` = median and 95% CI bounds of a Rate; `quantile` = p50/p95/p99 of a time. */
  shape: 'stat' | 'quantile';
  /** Divides the metric's value into the family's unit (1000 for ms → s). */
  divisor: number;
  labels: Labels;
}

interface FamilySpec {
  name: string;
  unit: string | null;
  help: string;
  /** All of one shape: a family is either a gauge (`stat`) or a summary (`quantile`). */
  sources: Source[];
}

const rate = (metric: string, labels: Labels = []): Source => ({ metric, shape: 'stat', divisor: 1, labels });
const seconds = (metric: string, labels: Labels = []): Source => ({ metric, shape: 'quantile', divisor: 1000, labels });

/**
 * Metric families; a family's name ends in `_<unit>` as OpenMetrics requires when a unit is given.
 * Names and types are a contract with the servers that hold them: a Pushgateway refuses a push
 * whose type for a name differs from what it holds for another group (a machine still on an older
 * chainmark), so change them only with a reason to break that.
 */
const FAMILIES: FamilySpec[] = [
  {
    name: 'chainmark_ops_per_second',
    unit: 'ops_per_second',
    help: 'Aggregate operations per second of all threads; stat: median of the samples, ci95_lo and ci95_hi the ends of the 95% confidence interval recorded in the result file',
    sources: [rate('opsPerSec')],
  },
  {
    name: 'chainmark_bytes_per_second',
    unit: 'bytes_per_second',
    help: 'Bytes hashed per second of all threads; stat as for chainmark_ops_per_second',
    sources: [rate('bytesPerSec')],
  },
  {
    name: 'chainmark_latency_seconds',
    unit: 'seconds',
    help: 'Per-operation latency over every timed iteration, by quantile; _count: the timed iterations, _sum: their total',
    sources: [seconds('latencyMs')],
  },
  {
    name: 'chainmark_round_seconds',
    unit: 'seconds',
    help: 'Consensus round time by quantile, _count: the rounds, _sum: their total; clock host: all validators sharing this machine, modeled: one validator per machine plus the network model',
    sources: [seconds('hostRoundMs', [['clock', 'host']]), seconds('modeledRoundMs', [['clock', 'modeled']])],
  },
  {
    name: 'chainmark_commit_seconds',
    unit: 'seconds',
    help: 'Modeled time until the last correct validator committed, by quantile; _count: the rounds, _sum: their total',
    sources: [seconds('modeledCommitMs', [['clock', 'modeled']])],
  },
  {
    name: 'chainmark_committed_transactions_per_second',
    unit: 'transactions_per_second',
    help: 'Committed transactions per second of host or modeled round time; stat as for chainmark_ops_per_second',
    sources: [rate('committedTxPerSec', [['clock', 'host']]), rate('modeledCommittedTxPerSec', [['clock', 'modeled']])],
  },
  {
    name: 'chainmark_qualification_margin_ratio',
    unit: 'ratio',
    help: 'Margin over a hardware requirement of a validator profile: measured / required (required / measured where lower is better), above 1 passes; stat as for chainmark_ops_per_second',
    sources: [rate('margin')],
  },
];

/** ms → s without binary noise: 259.8 / 1000 is 0.25980000000000003, shown as 0.2598 (15 digits are all a double holds reliably). */
const inUnit = (value: number, divisor: number): number =>
  divisor === 1 ? value : Number((value / divisor).toPrecision(15));

interface Target {
  result: ResultFile;
  /** Labels naming the machine (and the file, when several are exported). */
  machine: Labels;
}

function caseLabels(c: CaseResult, t: Target): Labels {
  const f = caseFacts(c);
  const labels: Labels = [
    ['case', f.id],
    ['op', f.op],
    ['algorithm', f.algorithm],
    ['backend', f.backend],
    ['threads', String(f.threads)],
  ];
  // A requirement is found by its profile and id, as `qualify` prints them.
  if (isQualificationCase(c)) labels.push(['profile', c.profile.id], ['requirement', c.requirement.id]);
  return [...labels, ...t.machine];
}

function familySamples(family: FamilySpec, targets: Target[]): Sample[] {
  const lines: Sample[] = [];
  const push = (name: string, labels: Labels, value: number): void => void lines.push({ name, labels, value });
  for (const t of targets) {
    for (const c of t.result.cases) {
      for (const src of family.sources) {
        const m = metricRow(c, src.metric);
        if (!m) continue;
        const base = [...caseLabels(c, t), ...src.labels];
        if (src.shape === 'stat') {
          const points: [string, number | null][] = [
            ['median', m.median],
            ['ci95_lo', m.ci95?.[0] ?? null],
            ['ci95_hi', m.ci95?.[1] ?? null],
          ];
          for (const [stat, value] of points)
            if (value !== null) push(family.name, [...base, ['stat', stat]], inUnit(value, src.divisor));
          continue;
        }
        // A summary's quantile labels are canonical numbers (OpenMetrics "Canonical Numbers": 0.5, 0.95, 0.99).
        const quantiles: [string, number | null][] = [
          ['0.5', m.p50 ?? m.median],
          ['0.95', m.p95],
          ['0.99', m.p99],
        ];
        for (const [q, value] of quantiles)
          if (value !== null) push(family.name, [...base, ['quantile', q]], inUnit(value, src.divisor));
        // Count: how many observations the quantiles come from (an integer); sum: their total, mean × count.
        // Both or neither: a Prometheus reader fills a missing one with 0, a figure nobody measured.
        if (m.samples !== null && Number.isInteger(m.samples) && m.mean !== null) {
          push(`${family.name}_count`, base, m.samples);
          push(`${family.name}_sum`, base, inUnit(m.mean * m.samples, src.divisor));
        }
      }
    }
  }
  return lines;
}

/** Every family that has samples, in a fixed order: run info, case status, verdicts, then the figures. */
export function metricFamilies(results: ResultFile[], options: ExportOptions): MetricFamily[] {
  const labels = fileLabels(results, options);
  const targets: Target[] = results.map((result, i) => {
    const { host, fingerprint } = machineOf(result);
    const machine: Labels = [
      ['host', host],
      ['fingerprint', fingerprint],
    ];
    // Two files of one machine would repeat every series; the file label keeps them apart.
    if (results.length > 1) machine.push(['file', labels[i]!]);
    return { result, machine };
  });
  const out: MetricFamily[] = [];

  out.push({
    name: 'chainmark_run_info',
    type: 'gauge',
    unit: null,
    help: 'The run and machine behind the other series; always 1',
    samples: targets.map((t) => {
      const r = t.result;
      return {
        name: 'chainmark_run_info',
        labels: [
          ...t.machine,
          ['scenario', r.run.scenario.name],
          ['status', r.run.status],
          ['cpu', r.system.cpu.brand],
          ['node', r.system.runtime.node],
          ['openssl', r.system.runtime.openssl],
          ['version', r.tool.version],
        ],
        value: 1,
      };
    }),
  });

  out.push({
    name: 'chainmark_case_ok',
    type: 'gauge',
    unit: null,
    help: '1 when the case passed its checks and was measured, 0 when it failed a check, errored or was skipped (see status)',
    samples: targets.flatMap((t) =>
      t.result.cases.map((c) => ({
        name: 'chainmark_case_ok',
        labels: [...caseLabels(c, t), ['status', c.status]],
        value: c.status === 'ok' ? 1 : 0,
      })),
    ),
  });

  const verdicts = targets.flatMap((t) =>
    t.result.cases.filter(isQualificationCase).map((c) => ({
      name: 'chainmark_qualification_pass',
      labels: [...caseLabels(c, t), ['verdict', c.verdict]] as Labels,
      value: c.verdict === 'pass' ? 1 : 0,
    })),
  );
  if (verdicts.length)
    out.push({
      name: 'chainmark_qualification_pass',
      type: 'gauge',
      unit: null,
      help: '1 when the machine meets the requirement of a validator profile, 0 when it fails it, was not measured or is not comparable (see verdict)',
      samples: verdicts,
    });

  for (const spec of FAMILIES) {
    const samples = familySamples(spec, targets);
    if (samples.length)
      out.push({
        name: spec.name,
        type: spec.sources[0]!.shape === 'quantile' ? 'summary' : 'gauge',
        unit: spec.unit,
        help: spec.help,
        samples,
      });
  }
  return out;
}

/** A finite float as the text formats write it (JavaScript's shortest round-trip form is valid in both). */
const num = (x: number): string => String(x);

/** A label value: backslash, double quote and line feed escaped (the same in both text formats). */
export function escapeLabelValue(s: string): string {
  return s.replace(/[\\"\n]/g, (ch) => (ch === '\n' ? '\\n' : `\\${ch}`));
}

export const sampleLine = (s: Sample): string =>
  `${s.name}{${s.labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}} ${num(s.value)}`;
