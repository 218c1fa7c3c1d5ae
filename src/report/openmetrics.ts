import type { CaseResult, ResultFile } from '../results/schema.js';
import { caseFacts, fileLabels, machineOf, metricRow } from './cases.js';
import type { Exporter, ExportOptions } from './exporter.js';

/**
 * OpenMetrics 1.0 text exposition (https://prometheus.io/docs/specs/om/open_metrics_spec/), also
 * readable as Prometheus text format (`# UNIT` and `# EOF` are comments there), e.g. for the
 * node_exporter textfile collector. Rates are gauges (a measured level, not a count that grows),
 * told apart by a `stat` label; time percentiles are summaries, the one type whose samples carry a
 * `quantile` label (the spec's Summary: quantiles plus an optional Count; Prometheus's linter,
 * `promtool check metrics`, rejects a `quantile` label anywhere else). Times are converted to
 * seconds, the base unit.
 */

type Labels = [name: string, value: string][];

/** Where a family's samples come from: a registered metric of a case, scaled, with extra labels. */
interface Source {
  metric: string;
  /** `stat` = median and 95% CI bounds of a Rate; `quantile` = p50/p95/p99 of a time. */
  shape: 'stat' | 'quantile';
  /** Divides the metric's value into the family's unit (1000 for ms → s). */
  divisor: number;
  labels: Labels;
}

interface Family {
  name: string;
  unit: string | null;
  help: string;
  /** All of one shape: a family is either a gauge (`stat`) or a summary (`quantile`). */
  sources: Source[];
}

const familyType = (f: Family): 'gauge' | 'summary' => (f.sources[0]!.shape === 'quantile' ? 'summary' : 'gauge');

const rate = (metric: string, labels: Labels = []): Source => ({ metric, shape: 'stat', divisor: 1, labels });
const seconds = (metric: string, labels: Labels = []): Source => ({ metric, shape: 'quantile', divisor: 1000, labels });

/** Metric families; a family's name ends in `_<unit>` as the spec requires when a unit is given. */
const FAMILIES: Family[] = [
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
    help: 'Per-operation latency over every timed iteration, by quantile; _count: the timed iterations',
    sources: [seconds('latencyMs')],
  },
  {
    name: 'chainmark_round_seconds',
    unit: 'seconds',
    help: 'Consensus round time by quantile, _count: the rounds; clock host: all validators sharing this machine, modeled: one validator per machine plus the network model',
    sources: [seconds('hostRoundMs', [['clock', 'host']]), seconds('modeledRoundMs', [['clock', 'modeled']])],
  },
  {
    name: 'chainmark_commit_seconds',
    unit: 'seconds',
    help: 'Modeled time until the last correct validator committed, by quantile; _count: the rounds',
    sources: [seconds('modeledCommitMs', [['clock', 'modeled']])],
  },
  {
    name: 'chainmark_committed_transactions_per_second',
    unit: 'transactions_per_second',
    help: 'Committed transactions per second of host or modeled round time; stat as for chainmark_ops_per_second',
    sources: [rate('committedTxPerSec', [['clock', 'host']]), rate('modeledCommittedTxPerSec', [['clock', 'modeled']])],
  },
];

/** Label values and help text: backslash, double quote and line feed escaped, as the spec's escaped-string. */
export function escapeLabelValue(s: string): string {
  return s.replace(/[\\"\n]/g, (ch) => (ch === '\n' ? '\\n' : `\\${ch}`));
}

/** A finite float as the exposition writes it (JavaScript's shortest round-trip form is valid there). */
const num = (x: number): string => String(x);

/** ms → s without binary noise: 259.8 / 1000 is 0.25980000000000003, shown as 0.2598 (15 digits are all a double holds reliably). */
const inUnit = (value: number, divisor: number): number =>
  divisor === 1 ? value : Number((value / divisor).toPrecision(15));

const sampleLine = (name: string, labels: Labels, value: number): string =>
  `${name}{${labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}} ${num(value)}`;

interface Target {
  result: ResultFile;
  /** Labels naming the machine (and the file, when several are exported). */
  machine: Labels;
}

function caseLabels(c: CaseResult, t: Target): Labels {
  const f = caseFacts(c);
  return [
    ['case', f.id],
    ['op', f.op],
    ['algorithm', f.algorithm],
    ['backend', f.backend],
    ['threads', String(f.threads)],
    ...t.machine,
  ];
}

function familySamples(family: Family, targets: Target[]): string[] {
  const lines: string[] = [];
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
            if (value !== null)
              lines.push(sampleLine(family.name, [...base, ['stat', stat]], inUnit(value, src.divisor)));
          continue;
        }
        // A summary's quantile labels are canonical numbers (the spec's "Canonical Numbers": 0.5, 0.95, 0.99).
        const quantiles: [string, number | null][] = [
          ['0.5', m.p50 ?? m.median],
          ['0.95', m.p95],
          ['0.99', m.p99],
        ];
        for (const [q, value] of quantiles)
          if (value !== null)
            lines.push(sampleLine(family.name, [...base, ['quantile', q]], inUnit(value, src.divisor)));
        // Count: how many observations the quantiles come from (the spec requires an integer).
        if (m.samples !== null && Number.isInteger(m.samples))
          lines.push(sampleLine(`${family.name}_count`, base, m.samples));
      }
    }
  }
  return lines;
}

function metadata(name: string, unit: string | null, help: string, type: 'gauge' | 'summary' = 'gauge'): string[] {
  return [
    `# TYPE ${name} ${type}`,
    ...(unit ? [`# UNIT ${name} ${unit}`] : []),
    `# HELP ${name} ${escapeLabelValue(help)}`,
  ];
}

export function renderOpenMetrics(results: ResultFile[], options: ExportOptions): string {
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
  const out: string[] = [];

  const info = 'chainmark_run_info';
  out.push(...metadata(info, null, 'The run and machine behind the other series; always 1'));
  for (const t of targets) {
    const r = t.result;
    const runLabels: Labels = [
      ...t.machine,
      ['scenario', r.run.scenario.name],
      ['status', r.run.status],
      ['cpu', r.system.cpu.brand],
      ['node', r.system.runtime.node],
      ['openssl', r.system.runtime.openssl],
      ['version', r.tool.version],
    ];
    out.push(sampleLine(info, runLabels, 1));
  }

  const ok = 'chainmark_case_ok';
  out.push(
    ...metadata(
      ok,
      null,
      '1 when the case passed its checks and was measured, 0 when it failed a check, errored or was skipped (see status)',
    ),
  );
  for (const t of targets)
    for (const c of t.result.cases)
      out.push(sampleLine(ok, [...caseLabels(c, t), ['status', c.status]], c.status === 'ok' ? 1 : 0));

  for (const family of FAMILIES) {
    const samples = familySamples(family, targets);
    if (samples.length) out.push(...metadata(family.name, family.unit, family.help, familyType(family)), ...samples);
  }
  out.push('# EOF');
  return out.join('\n');
}

export const openMetricsExporter: Exporter = {
  name: 'openmetrics',
  description: 'OpenMetrics / Prometheus text exposition (gauges and summaries)',
  extension: '.prom',
  render: renderOpenMetrics,
};
