/**
 * The rows behind every chart and table of the HTML report, read from validated result files.
 * Strings stay raw here; the page and the chart renderer escape them.
 */
import { readMetric } from '../../compare/metrics.js';
import { consensusScaling, scalingFormula } from '../../consensus/analysis.js';
import { fitPowerLaw } from '../../measure/scaling.js';
import { alignCases } from '../../results/align.js';
import { isThreadsSegment, seriesOfId } from '../../results/case-id.js';
import { commitChainOf, consensusSettingsText } from '../consensus-settings.js';
import {
  isConsensusCase,
  isPrimitiveCase,
  isQualificationCase,
  type CaseResult,
  type ConsensusCaseResult,
  type PrimitiveCaseResult,
  type ResultFile,
  type ScalingEntry,
} from '../../results/schema.js';

/** One result file and the name its series carry in charts. */
export interface Machine {
  index: number;
  label: string;
  result: ResultFile;
}

/**
 * Vega's tableau10 colours in its order. With several files, machine k has the k-th in every
 * chart (a ratio chart lacks the first machine, so a scheme applied per chart would shift them).
 */
const MACHINE_COLORS = [
  '#4c78a8',
  '#f58518',
  '#e45756',
  '#72b7b2',
  '#54a24b',
  '#eeca3b',
  '#b279a2',
  '#ff9da6',
  '#9d755d',
  '#bab0ac',
];

export const machineColor = (index: number): string => MACHINE_COLORS[index % MACHINE_COLORS.length]!;

/** A median with its 95% CI; the CI ends are null when the metric has none. */
export interface Figure {
  median: number;
  ciLo: number | null;
  ciHi: number | null;
}

export interface PrimitiveRow extends Figure {
  machine: string;
  machineIndex: number;
  caseId: string;
  op: string;
  /** Algorithm plus the case's size parameter as its id writes it: "sha256 1KiB", "bls12-381 k16". */
  label: string;
  backend: string;
  threads: number;
  /** p99 per-operation latency, ms. */
  p99Ms: number | null;
}

export interface ConsensusRow extends Figure {
  machine: string;
  machineIndex: number;
  caseId: string;
  /** The protocol's part of the series name (protocol, or protocol/backend/threads…). */
  protocol: string;
  /** The legend entry: protocol (and machine), fitted exponent and knee. */
  series: string;
  nodes: number;
  /** p99 of the round time the metric is read from, ms. */
  p99Ms: number | null;
  /** This node count is the series' knee: committed tx/s fell below half its smallest-n value here. */
  knee: boolean;
  /** A pipelined protocol's commit chain (its times are per view), else null. */
  commitChain: number | null;
  /** Network model and validator cores the modeled figures assume (src/report/consensus-settings.ts). */
  settings: string;
}

/** A published figure (the file's `published`) drawn beside the modeled series of a chart. */
export interface PublishedPointRow {
  /** The legend entry: "published: <source>", and the protocols when the chart has others. */
  series: string;
  source: string;
  protocols: string[];
  nodes: number;
  value: number;
}

export interface RatioRow {
  caseId: string;
  machine: string;
  machineIndex: number;
  baseMedian: number;
  median: number;
  /** median ÷ baseMedian: above 1 is better for the higher-is-better metrics compared here. */
  ratio: number;
}

/**
 * Names for the files' series: the hostname when every file comes from a different host, else the
 * caller's labels (file names), else "#k hostname".
 */
export function machinesOf(results: readonly ResultFile[], labels?: readonly string[]): Machine[] {
  const hosts = results.map((r) => r.system.hostname);
  const distinct = new Set(hosts).size === hosts.length;
  return results.map((result, index) => ({
    index,
    label: distinct ? hosts[index]! : (labels?.[index] ?? `#${index + 1} ${hosts[index]}`),
    result,
  }));
}

function figureOf(c: CaseResult, metric: string): Figure | undefined {
  const v = readMetric(c, metric);
  if (!v) return undefined;
  return { median: v.median, ciLo: v.ci95?.[0] ?? null, ciHi: v.ci95?.[1] ?? null };
}

/** p99 per-operation latency of an ok primitive case, ms. */
const latencyP99 = (c: PrimitiveCaseResult): number | null => (c.status === 'ok' ? c.metrics.latencyMs.p99 : null);

/** p99 of an ok consensus case's round time (host or modeled), ms; null when no round committed. */
const roundP99 = (c: ConsensusCaseResult, clock: 'hostRoundMs' | 'modeledRoundMs'): number | null =>
  c.status === 'ok' ? (c.metrics[clock]?.p99 ?? null) : null;

/** Algorithm and size parameter from an id `<op>/<algorithm>/<backend>[/<param>…]/t<threads>`. */
function primitiveLabel(id: string): string {
  const parts = id.split('/');
  const params = parts.slice(3).filter((p) => !isThreadsSegment(p));
  return [parts[1] ?? id, ...params].join(' ');
}

/** Every ok primitive case with an ops/s figure, in file order. */
export function primitiveRows(machines: readonly Machine[]): PrimitiveRow[] {
  const rows: PrimitiveRow[] = [];
  for (const m of machines) {
    for (const c of m.result.cases) {
      if (!isPrimitiveCase(c)) continue;
      const fig = figureOf(c, 'opsPerSec');
      if (!fig) continue;
      rows.push({
        ...fig,
        machine: m.label,
        machineIndex: m.index,
        caseId: c.id,
        op: c.op,
        label: primitiveLabel(c.id),
        backend: c.backend,
        threads: c.threads,
        p99Ms: latencyP99(c),
      });
    }
  }
  return rows;
}

/** Distinct values in order of first appearance. */
export function distinct<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/**
 * The consensus metrics charted against node count. `clock` is the round time behind the metric
 * (its p99 is tabled, and the run's scaling entry for it holds the knee of the matching tx/s).
 * Round-time charts show that entry's fit; tx/s and commit-latency charts fit their own medians
 * (`fit: 'own'`), as the exponent of round time is not the exponent of throughput once a round
 * has a fixed part. `published` names the figure of a file's published points drawn beside the
 * modeled ones: tx/s beside modeled tx/s, latency beside modeled commit latency.
 */
export const CONSENSUS_METRICS = [
  {
    metric: 'hostRoundMs',
    clock: 'hostRoundMs',
    fit: 'run',
    title: 'Host round time',
    axis: 'round time, ms (median)',
    published: null,
  },
  {
    metric: 'modeledRoundMs',
    clock: 'modeledRoundMs',
    fit: 'run',
    title: 'Modeled round time',
    axis: 'round time, ms (median)',
    published: null,
  },
  {
    metric: 'committedTxPerSec',
    clock: 'hostRoundMs',
    fit: 'own',
    title: 'Committed transactions per second (host)',
    axis: 'committed tx/s (median)',
    published: null,
  },
  {
    metric: 'modeledCommittedTxPerSec',
    clock: 'modeledRoundMs',
    fit: 'own',
    title: 'Committed transactions per second (modeled)',
    axis: 'committed tx/s (median)',
    published: 'txPerSec',
  },
  {
    metric: 'modeledCommitMs',
    clock: 'modeledRoundMs',
    fit: 'own',
    title: 'Modeled commit latency',
    axis: 'commit latency, ms (p50)',
    published: 'latencyMs',
  },
] as const;

export type ConsensusMetric = (typeof CONSENSUS_METRICS)[number];

/** "n^1.15 (R² 0.99), knee n = 16" or "35.2 ms + n^1.02 (R² 1.00), …" for a fit from src/consensus/analysis.ts. */
export function fitText(fit: ScalingEntry | undefined): string {
  if (!fit) return 'no fit';
  const knee = fit.knee === null ? 'no knee' : `knee n = ${fit.knee}`;
  return `${scalingFormula(fit)} (R² ${fit.r2.toFixed(2)}), ${knee}`;
}

/**
 * "tx/s ∝ n^-1.07 (R² 0.99), knee n = 8": a plain power law through a series' own medians of the
 * charted figure (`what`: tx/s, commit latency; every point positive, two node counts or more),
 * and the knee the run read from its tx/s.
 */
export function throughputFitText(
  points: readonly { nodes: number; median: number }[],
  knee: number | null,
  what = 'tx/s',
): string {
  const fit = fitPowerLaw(
    points.map((p) => p.nodes),
    points.map((p) => p.median),
  );
  const kneeText = knee === null ? 'no knee' : `knee n = ${knee}`;
  return fit ? `${what} ∝ n^${fit.exponent.toFixed(2)} (R² ${fit.r2.toFixed(2)}), ${kneeText}` : `no fit, ${kneeText}`;
}

/**
 * Rows of one consensus metric against node count. The scaling fits and knees are recomputed per
 * file with consensusScaling — the same code `run` uses to fill the file's `scaling` list — so
 * files written before a fit existed are charted the same way.
 */
export function consensusRows(machines: readonly Machine[], chart: ConsensusMetric): ConsensusRow[] {
  const multi = machines.length > 1;
  const rows: ConsensusRow[] = [];
  for (const m of machines) {
    const cases = m.result.cases.filter(isConsensusCase);
    const fits = consensusScaling(cases);
    // The protocol alone names a series unless one file runs it with several backends, thread counts or faults.
    const seriesPerProtocol = new Map<string, Set<string>>();
    for (const c of cases)
      seriesPerProtocol.set(c.protocol, (seriesPerProtocol.get(c.protocol) ?? new Set()).add(seriesOfId(c.id)));
    const figures = cases.flatMap((c) => {
      const fig = figureOf(c, chart.metric);
      return fig ? [{ c, fig, sid: seriesOfId(c.id), nodes: c.params.nodes }] : [];
    });
    for (const { c, fig, sid, nodes } of figures) {
      const name = seriesPerProtocol.get(c.protocol)!.size === 1 ? c.protocol : sid.replace(/^consensus\//, '');
      const fit = fits.find((f) => f.series === sid && f.metric === chart.clock);
      const knee = fit?.knee ?? null;
      const legend =
        chart.fit === 'run'
          ? fitText(fit)
          : throughputFitText(
              figures.filter((f) => f.sid === sid).map((f) => ({ nodes: f.nodes, median: f.fig.median })),
              knee,
              fitWhat(chart),
            );
      rows.push({
        ...fig,
        machine: m.label,
        machineIndex: m.index,
        caseId: c.id,
        protocol: name,
        series: `${multi ? `${m.label}: ` : ''}${name} — ${legend}`,
        nodes,
        // The p99 of the round time behind this chart: host for host figures, modeled for modeled ones.
        p99Ms: roundP99(c, chart.clock),
        knee: knee === nodes,
        commitChain: commitChainOf(c),
        settings: consensusSettingsText(c),
      });
    }
  }
  return rows;
}

/** What a chart's own fit is of: "tx/s" or "commit latency". */
export const fitWhat = (chart: ConsensusMetric): string =>
  chart.metric.endsWith('TxPerSec') ? 'tx/s' : 'commit latency';

/**
 * The published points of a chart that has a published figure (`chart.published`): every point
 * of every series the files cite that gives that figure, for a protocol the chart draws. A
 * series two files cite alike is drawn once.
 */
export function publishedRows(
  machines: readonly Machine[],
  chart: ConsensusMetric,
  drawn: readonly ConsensusRow[],
): PublishedPointRow[] {
  const figure = chart.published;
  if (figure === null) return [];
  const ids = new Set(drawn.map((r) => r.caseId));
  const drawnProtocols = new Set(
    machines.flatMap((m) => m.result.cases.filter(isConsensusCase).flatMap((c) => (ids.has(c.id) ? [c.protocol] : []))),
  );
  const otherSeries = drawnProtocols.size > 1;
  const rows: PublishedPointRow[] = [];
  const seen = new Set<string>();
  for (const m of machines) {
    for (const s of m.result.published ?? []) {
      const protocols = s.protocols.filter((p) => drawnProtocols.has(p));
      if (protocols.length === 0) continue;
      const series = `published: ${s.source}${otherSeries ? ` (${protocols.join(', ')})` : ''}`;
      for (const p of s.points) {
        const value = p[figure];
        const key = JSON.stringify([series, p.nodes, value]);
        if (value === undefined || seen.has(key)) continue;
        seen.add(key);
        rows.push({ series, source: s.source, protocols, nodes: p.nodes, value });
      }
    }
  }
  return rows;
}

/**
 * Each later file's median of `metric` over the first file's, per case id both measured.
 * `kind` keeps primitive and consensus cases in separate charts.
 */
export function ratioRows(machines: readonly Machine[], metric: string, kind: 'primitive' | 'consensus'): RatioRow[] {
  const rows: RatioRow[] = [];
  for (const a of alignCases(machines.map((m) => m.result))) {
    const base = a.entries[0];
    if (!base || base.kind !== kind) continue;
    const baseFig = figureOf(base, metric);
    if (!baseFig || !(baseFig.median > 0)) continue;
    machines.slice(1).forEach((m) => {
      const e = a.entries[m.index];
      const fig = e && e.kind === kind ? figureOf(e, metric) : undefined;
      if (!fig || !(fig.median > 0)) return;
      rows.push({
        caseId: a.id,
        machine: m.label,
        machineIndex: m.index,
        baseMedian: baseFig.median,
        median: fig.median,
        ratio: fig.median / baseFig.median,
      });
    });
  }
  return rows;
}

/** Cases without a figure to chart: failed checks, errors and skips, with their reason. */
export interface UnmeasuredRow {
  machine: string;
  caseId: string;
  status: string;
  error: string;
}

export function unmeasuredRows(machines: readonly Machine[]): UnmeasuredRow[] {
  // A requirement not measured says why in the qualification section's own row.
  return machines.flatMap((m) =>
    m.result.cases.flatMap((c) =>
      c.status === 'ok' || isQualificationCase(c)
        ? []
        : [{ machine: m.label, caseId: c.id, status: c.status, error: c.error }],
    ),
  );
}

/**
 * Rows of several files grouped by case (cases in order of first appearance, files in order
 * within a case), so that a table puts the machines' figures for one case next to each other.
 */
export function byCase<T extends { caseId: string }>(rows: readonly T[]): T[] {
  const order = new Map<string, number>();
  for (const r of rows) if (!order.has(r.caseId)) order.set(r.caseId, order.size);
  // Array.prototype.sort is stable: rows of one case keep the files' order.
  return [...rows].sort((a, b) => order.get(a.caseId)! - order.get(b.caseId)!);
}
