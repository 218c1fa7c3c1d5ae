/**
 * What the report shows, before anything is drawn: sections of charts, each chart a Vega-Lite spec
 * plus the table printed under it. Pure functions of the result files.
 */
import type { TopLevelSpec } from 'vega-lite';
import { duration, si } from '../../format/table.js';
import { isConsensusCase } from '../../results/schema.js';
import { anyPipelined } from '../consensus-settings.js';
import {
  IDEAL,
  MEASURED,
  casing,
  ciShape,
  dotPlotSpec,
  type ColorScale,
  nodeScalingSpec,
  ratioSpec,
  threadScalingSpec,
  type ThreadPoint,
} from './charts.js';
import {
  CONSENSUS_METRICS,
  byCase,
  consensusRows,
  distinct,
  fitWhat,
  publishedRows,
  machineColor,
  primitiveRows,
  ratioRows,
  type ConsensusRow,
  type Figure,
  type Machine,
  type PrimitiveRow,
  type RatioRow,
} from './data.js';

export interface Table {
  headers: string[];
  /** Columns aligned right (numbers). */
  numeric: boolean[];
  rows: string[][];
}

export interface ChartBlock {
  /** Stable key of the chart, e.g. `ops:verify`, `threads:hash`, `nodes:hostRoundMs`, `ratio:primitive`. */
  key: string;
  title: string;
  note?: string;
  spec: TopLevelSpec;
  table: Table;
}

export interface Section {
  id: string;
  title: string;
  intro?: string;
  charts: ChartBlock[];
}

const ms = (v: number | null) => (v === null ? '—' : duration(v));

/**
 * A CI as text. The figures charted are positive quantities: an interval a file records as
 * reaching below zero is shown from 0 and marked, never with a negative bound.
 */
function ci(f: Figure, fmt: (v: number) => string): string {
  if (f.ciLo === null || f.ciHi === null) return '—';
  if (!(f.ciHi > 0)) return 'none above 0';
  return f.ciLo > 0 ? `${fmt(f.ciLo)} – ${fmt(f.ciHi)}` : `${fmt(0)} – ${fmt(f.ciHi)} (cut)`;
}

/** What a chart's note says about CIs that a log axis cannot show whole; '' when there are none. */
function ciNote(rows: readonly Figure[], cutAt: string): string {
  const cut = rows.filter((r) => ciShape(r) === 'cut').length;
  const omitted = rows.filter((r) => ciShape(r) === 'omitted').length;
  const parts = [];
  if (cut)
    parts.push(
      `${plural(cut, 'CI')} recorded as reaching zero or below: drawn to the axis edge (${cutAt}), tabled from 0 and marked “cut”.`,
    );
  if (omitted) parts.push(`${plural(omitted, 'CI')} with no positive end: not drawn.`);
  return parts.join(' ');
}

const joinNotes = (...notes: string[]) => notes.filter((n) => n !== '').join(' ');

/** With several files: each machine's colour, the same in every chart. */
function machineColors(machines: readonly Machine[]): ColorScale {
  return { domain: machines.map((m) => m.label), range: machines.map((m) => machineColor(m.index)) };
}

function table(headers: [string, boolean][], rows: string[][]): Table {
  return { headers: headers.map((h) => h[0]), numeric: headers.map((h) => h[1]), rows };
}

/** Machine column only when several files are shown. */
const withMachine = (multi: boolean, headers: [string, boolean][]): [string, boolean][] =>
  multi ? [['machine', false], ...headers] : headers;
const machineCell = (multi: boolean, machine: string) => (multi ? [machine] : []);

function primitiveTable(rows: readonly PrimitiveRow[], multi: boolean): Table {
  return table(
    withMachine(multi, [
      ['case', false],
      ['backend', false],
      ['threads', true],
      ['ops/s (median)', true],
      ['95% CI', true],
      ['p99 latency', true],
    ]),
    rows.map((r) => [
      ...machineCell(multi, r.machine),
      r.caseId,
      r.backend,
      String(r.threads),
      si(r.median),
      ci(r, si),
      ms(r.p99Ms),
    ]),
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function opsChart(op: string, rows: readonly PrimitiveRow[], machines: readonly Machine[]): ChartBlock {
  const multi = machines.length > 1;
  const threads = Math.min(...rows.map((r) => r.threads));
  const shown = rows.filter((r) => r.threads === threads);
  const note = ciNote(shown, '◀');
  return {
    key: `ops:${op}`,
    title: `${op}: ops/s by algorithm and ${multi ? 'machine' : 'backend'}, ${plural(threads, 'thread')}`,
    ...(note ? { note } : {}),
    spec: dotPlotSpec({
      ...(multi ? { colors: machineColors(machines) } : {}),
      rows: shown,
      category: (r) => (multi ? `${r.label} · ${r.backend}` : r.label),
      group: (r) => (multi ? r.machine : r.backend),
      groupTitle: multi ? 'machine' : 'backend',
      xTitle: 'ops/s (median, log scale; line: 95% CI)',
      yTitle: multi ? 'algorithm · backend' : 'algorithm',
    }),
    table: primitiveTable(multi ? byCase(shown) : shown, multi),
  };
}

/** ops/s against threads for every series measured at two thread counts or more; null if none was. */
function threadChart(op: string, rows: readonly PrimitiveRow[], machines: readonly Machine[]): ChartBlock | null {
  const multi = machines.length > 1;
  // One machine: a line per case. Several: a small chart per case, a line per machine in it.
  const panelOf = (r: PrimitiveRow) => `${r.label} · ${r.backend}`;
  const seriesOf = (r: PrimitiveRow) => (multi ? `${r.machine}\u0000${panelOf(r)}` : panelOf(r));
  const points: ThreadPoint[] = [];
  const tableRows: { caseId: string; cells: string[] }[] = [];
  const charted: PrimitiveRow[] = [];
  for (const series of distinct(rows.map(seriesOf))) {
    const members = rows.filter((r) => seriesOf(r) === series).sort((a, b) => a.threads - b.threads);
    if (new Set(members.map((r) => r.threads)).size < 2) continue;
    const base = members[0]!;
    for (const r of members) {
      const ideal = (base.median * r.threads) / base.threads;
      const at = {
        ...(multi ? { series: r.machine, panel: panelOf(r) } : { series }),
        ...casing(multi ? r.machineIndex : 0, machines.length),
        threads: r.threads,
      };
      const drawn = ciShape(r) === 'drawn';
      points.push(
        { ...at, opsPerSec: r.median, ciLo: drawn ? r.ciLo : null, ciHi: drawn ? r.ciHi : null, line: MEASURED },
        { ...at, opsPerSec: ideal, ciLo: null, ciHi: null, line: IDEAL },
      );
      charted.push(r);
      const efficiency = ideal > 0 ? `${((r.median / ideal) * 100).toFixed(0)}%` : '—';
      tableRows.push({
        caseId: r.caseId,
        cells: [
          ...machineCell(multi, r.machine),
          r.caseId,
          r.backend,
          String(r.threads),
          si(r.median),
          ci(r, si),
          si(ideal),
          efficiency,
          ms(r.p99Ms),
        ],
      });
    }
  }
  if (points.length === 0) return null;
  // A log axis with one scale per panel has no common edge to cut a bar at: such CIs are tabled only.
  const notDrawn = charted.filter((r) => ['cut', 'omitted'].includes(ciShape(r))).length;
  return {
    key: `threads:${op}`,
    title: `${op}: thread scaling`,
    note: joinNotes(
      `Dashed: the ideal, ops/s at the fewest threads times the thread ratio; bars: 95% CI. Efficiency is measured ÷ ideal.${multi ? ' One chart per case, one line per machine (earlier machines drawn wider, so identical lines stay visible); each chart has its own scale.' : ''}`,
      notDrawn
        ? `${plural(notDrawn, 'CI')} reaching zero or below: not drawn on the log axis, tabled from 0 and marked “cut”.`
        : '',
    ),
    spec: threadScalingSpec(points, multi ? machineColors(machines) : undefined),
    table: table(
      withMachine(multi, [
        ['case', false],
        ['backend', false],
        ['threads', true],
        ['ops/s (median)', true],
        ['95% CI', true],
        ['ideal', true],
        ['efficiency', true],
        ['p99 latency', true],
      ]),
      (multi ? byCase(tableRows) : tableRows).map((r) => r.cells),
    ),
  };
}

export function primitivesSection(machines: readonly Machine[]): Section | null {
  const rows = primitiveRows(machines);
  if (rows.length === 0) return null;
  const ops = distinct(rows.map((r) => r.op));
  const charts: ChartBlock[] = ops.map((op) =>
    opsChart(
      op,
      rows.filter((r) => r.op === op),
      machines,
    ),
  );
  for (const op of ops) {
    const chart = threadChart(
      op,
      rows.filter((r) => r.op === op),
      machines,
    );
    if (chart) charts.push(chart);
  }
  return {
    id: 'primitives',
    title: 'Primitives',
    intro:
      'Aggregate operations per second of every thread over a common window (median of the samples and its 95% confidence interval), and per-operation p99 latency.',
    charts,
  };
}

/** Each consensus series in its machine's colour. */
function seriesColors(rows: readonly ConsensusRow[]): ColorScale {
  const series = distinct(rows.map((r) => r.series));
  return { domain: series, range: series.map((s) => machineColor(rows.find((r) => r.series === s)!.machineIndex)) };
}

/** "round time" as "round or view time" where a pipelined protocol's times (per view) are charted too. */
const clockWords = (text: string, pipelined: boolean): string =>
  pipelined ? text.replace(/round time/gi, (m) => `${m.slice(0, 5)} or view time`) : text;

export function consensusSection(machines: readonly Machine[]): Section | null {
  const multi = machines.length > 1;
  const pipelined = machines.some((m) => anyPipelined(m.result.cases.filter(isConsensusCase)));
  const charts: ChartBlock[] = [];
  for (const chart of CONSENSUS_METRICS) {
    const rows = consensusRows(machines, chart);
    if (rows.length === 0) continue;
    const published = publishedRows(machines, chart, rows);
    const fmt = chart.metric.endsWith('Ms') ? duration : si;
    const clock = chart.clock === 'hostRoundMs' ? 'host' : 'modeled';
    const own = fitWhat(chart);
    const legend =
      chart.fit === 'run'
        ? `the run's fit of ${clock} round time in n (a power law, or a fixed part plus one) and its R²`
        : `a power law fitted to these ${own} medians in n, its R², and the knee`;
    const axis = clockWords(chart.axis, pipelined);
    const publishedNote = published.length
      ? `Dark symbols: published measurements the scenario cites (${distinct(published.map((p) => p.source)).join('; ')}), drawn at their n, not fitted and not joined.`
      : '';
    charts.push({
      key: `nodes:${chart.metric}`,
      title: `${clockWords(chart.title, pipelined)} against validators`,
      note: joinNotes(
        clockWords(
          `Log–log axes. Legend: ${legend}; ◇ marks the knee, where committed tx/s falls below half its value at the smallest n.${multi ? ' Colour: machine; dash and symbol: protocol; earlier machines drawn wider, so identical lines stay visible.' : ''}`,
          pipelined,
        ),
        pipelined
          ? 'A pipelined protocol’s round is a view: its times are per view, its commit latency from a block’s proposal to its commit.'
          : '',
        publishedNote,
        ciNote(rows, '▼'),
      ),
      spec: nodeScalingSpec(rows, {
        yTitle: axis + ', log scale',
        legendTitle: chart.fit === 'run' ? clockWords('series — round time fit', pipelined) : `series — ${own} fit`,
        machines: machines.length,
        ...(multi ? { colors: seriesColors(rows) } : {}),
        ...(published.length ? { published } : {}),
      }),
      table: table(
        withMachine(multi, [
          ['case', false],
          ['n', true],
          [axis, true],
          ['95% CI', true],
          [clockWords('p99 round time', pipelined), true],
          ['knee', false],
          ...(pipelined ? [['time per', false] as [string, boolean]] : []),
          ['settings', false],
        ]),
        [
          ...(multi ? byCase(rows) : rows).map((r) => [
            ...machineCell(multi, r.machine),
            r.caseId,
            String(r.nodes),
            fmt(r.median),
            ci(r, fmt),
            ms(r.p99Ms),
            r.knee ? 'knee' : '',
            ...(pipelined ? [r.commitChain === null ? 'round' : `view (${r.commitChain}-chain commit)`] : []),
            r.settings,
          ]),
          ...published.map((p) => [
            ...machineCell(multi, '—'),
            p.series,
            String(p.nodes),
            fmt(p.value),
            '—',
            '—',
            '',
            ...(pipelined ? ['—'] : []),
            `published, for ${p.protocols.join(', ')}`,
          ]),
        ],
      ),
    });
  }
  if (charts.length === 0) return null;
  return {
    id: 'consensus',
    title: 'Consensus rounds',
    intro:
      'Host round time is the wall time of a round with every validator sharing this machine; modeled round time is one validator’s critical path (its own measured crypto plus the network model), as if each validator had a machine like this one. Committed tx/s is block transactions per round time; commit latency is the modeled time until the last correct validator committed. Each case’s table row names the network model and the cores of each validator its modeled figures assume.' +
      (pipelined
        ? ' Pipelined protocols (chained HotStuff, 2-chain) overlap their rounds: for them a round is a view, and a block commits after its commit chain of views.'
        : ''),
    charts,
  };
}

function ratioTable(rows: readonly RatioRow[], base: string, fmt: (v: number) => string): Table {
  return table(
    [
      ['case', false],
      ['machine', false],
      [`${base} (median)`, true],
      ['median', true],
      ['ratio', true],
    ],
    rows.map((r) => [r.caseId, r.machine, fmt(r.baseMedian), fmt(r.median), `${r.ratio.toFixed(3)}×`]),
  );
}

/** Every later file against the first: ops/s of primitives, committed tx/s of consensus cases. */
export function comparisonSection(machines: readonly Machine[]): Section | null {
  if (machines.length < 2) return null;
  const base = machines[0]!.label;
  const charts: ChartBlock[] = [];
  const kinds = [
    { kind: 'primitive', metric: 'opsPerSec', what: 'ops/s' },
    { kind: 'consensus', metric: 'committedTxPerSec', what: 'committed tx/s (host)' },
  ] as const;
  for (const k of kinds) {
    const rows = ratioRows(machines, k.metric, k.kind);
    if (rows.length === 0) continue;
    charts.push({
      key: `ratio:${k.kind}`,
      title: `${k.kind === 'primitive' ? 'Primitives' : 'Consensus'}: ${k.what} relative to ${base}`,
      note: 'Median over the first file’s median, per case both files measured; above 1 is faster. A dot marks each ratio, so that 1.000× (no bar) shows on the rule at 1.',
      spec: ratioSpec(rows, `${k.what} ÷ first file's (log scale)`, machineColors(machines.slice(1))),
      table: ratioTable(rows, base, si),
    });
  }
  if (charts.length === 0) return null;
  return { id: 'comparison', title: 'Comparison', intro: `Each file against the first (${base}).`, charts };
}
