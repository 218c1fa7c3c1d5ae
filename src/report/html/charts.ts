/**
 * Vega-Lite specs of the report's charts, as pure functions of their rows. Rendering them to SVG
 * is render.ts's job. Rates span orders of magnitude (a BLS verify against a 1 KiB SHA-256), so
 * rate axes are logarithmic; the tables under each chart carry the exact figures.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ConsensusRow, PrimitiveRow, RatioRow } from './data.js';

const WIDTH = 560;

/** Shared look: the page's font, no truncated legend labels, legends under the plot. */
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  background: 'white',
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' as const },
  legend: {
    orient: 'bottom' as const,
    direction: 'vertical' as const,
    labelLimit: 0,
    titleLimit: 0,
    symbolOpacity: 1,
    titleFontSize: 12,
    labelFontSize: 11,
  },
  view: { stroke: '#ccc' },
};

/** A log axis fitted to the data (a whole decade either side would flatten the lines) with some room at the ends. */
const LOG_PADDED = { type: 'log' as const, nice: false, padding: 16 };

/** Row objects as Vega-Lite inline data (plain records; nothing in them is code). */
const values = (rows: readonly object[]) => rows.map((r) => ({ ...r }));

/** Keep only points a logarithmic axis can show. */
const positive = (field: string) => ({ filter: `isValid(datum.${field}) && datum.${field} > 0` });

/**
 * Medians as dots with their 95% CI as a bar, one row per category and one colour per group.
 * Used for ops/s by algorithm (groups: backends, or machines when several files are compared).
 */
export function dotPlotSpec(opts: {
  rows: readonly PrimitiveRow[];
  category: (r: PrimitiveRow) => string;
  group: (r: PrimitiveRow) => string;
  groupTitle: string;
  xTitle: string;
  yTitle: string;
}): TopLevelSpec {
  const rows = opts.rows.map((r) => ({ ...r, category: opts.category(r), group: opts.group(r) }));
  const groups = [...new Set(rows.map((r) => r.group))];
  // Explicit order (the file's): with `sort: null` the layers' domains are merged, and the CI layer may lack rows.
  const categories = [...new Set(rows.map((r) => r.category))];
  const x = {
    type: 'quantitative' as const,
    scale: { type: 'log' as const },
    title: opts.xTitle,
    axis: { format: '~s' },
  };
  return {
    width: WIDTH,
    height: { step: Math.max(20, 12 * groups.length + 6) },
    config: CONFIG,
    data: { values: values(rows) },
    encoding: {
      y: { field: 'category', type: 'nominal', sort: categories, title: opts.yTitle, axis: { labelLimit: 260 } },
      yOffset: { field: 'group', type: 'nominal', sort: groups },
      color: { field: 'group', type: 'nominal', sort: groups, title: opts.groupTitle, scale: { scheme: 'tableau10' } },
    },
    layer: [
      {
        name: 'ci',
        transform: [positive('ciLo'), positive('ciHi')],
        mark: { type: 'rule', strokeWidth: 2, opacity: 0.6 },
        encoding: { x: { field: 'ciLo', ...x }, x2: { field: 'ciHi' } },
      },
      {
        name: 'median',
        transform: [positive('median')],
        mark: { type: 'point', filled: true, size: 60, opacity: 1 },
        encoding: { x: { field: 'median', ...x } },
      },
    ],
  };
}

export interface ThreadPoint {
  series: string;
  threads: number;
  opsPerSec: number;
  line: string;
  /** With several machines: the case (algorithm · backend) whose small chart this point is in. */
  panel?: string;
}

export const MEASURED = 'measured';
export const IDEAL = 'ideal: linear from the fewest threads';

/**
 * ops/s against threads, one line per series, each with its ideal linear line dashed. With
 * several machines, one small chart per case (points carry `panel`) with one line per machine, so
 * that machines × cases lines do not share one plot; each panel has its own y scale.
 */
export function threadScalingSpec(points: readonly ThreadPoint[]): TopLevelSpec {
  const threads = [...new Set(points.map((p) => p.threads))].sort((a, b) => a - b);
  const series = [...new Set(points.map((p) => p.series))];
  const panels = [...new Set(points.flatMap((p) => (p.panel === undefined ? [] : [p.panel])))];
  const encoding = {
    x: {
      field: 'threads',
      type: 'quantitative' as const,
      title: 'worker threads',
      scale: { domain: [Math.min(...threads), Math.max(...threads)] },
      axis: { values: threads, format: 'd' },
    },
    y: {
      field: 'opsPerSec',
      type: 'quantitative' as const,
      scale: LOG_PADDED,
      title: 'ops/s (median, log scale)',
      axis: { format: '~s' },
    },
    color: {
      field: 'series',
      type: 'nominal' as const,
      sort: series,
      title: panels.length > 0 ? 'machine' : 'case',
      scale: { scheme: series.length > 10 ? 'tableau20' : 'tableau10' },
    },
  };
  const layer = [
    {
      name: 'lines',
      mark: { type: 'line' as const, strokeWidth: 2 },
      encoding: {
        strokeDash: {
          field: 'line',
          type: 'nominal' as const,
          sort: [MEASURED, IDEAL],
          title: null,
          scale: {
            domain: [MEASURED, IDEAL],
            range: [
              [1, 0],
              [5, 4],
            ],
          },
        },
        detail: { field: 'line', type: 'nominal' as const },
      },
    },
    {
      name: 'points',
      transform: [{ filter: { field: 'line', equal: MEASURED } }],
      mark: { type: 'point' as const, filled: true, size: 50 },
    },
  ];
  if (panels.length > 0) {
    return {
      config: CONFIG,
      data: { values: values(points) },
      transform: [positive('opsPerSec')],
      facet: {
        field: 'panel',
        type: 'nominal',
        sort: panels,
        title: null,
        header: { labelLimit: 0, labelFontSize: 11 },
      },
      columns: Math.min(3, panels.length),
      resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
      spec: { width: 160, height: 130, encoding, layer },
    };
  }
  return {
    width: WIDTH,
    height: 300,
    config: CONFIG,
    data: { values: values(points) },
    transform: [positive('opsPerSec')],
    encoding,
    layer,
  };
}

export const KNEE = 'knee: committed tx/s below half its value at the smallest n';

/**
 * A consensus metric against node count on log–log axes: one line per series (the legend carries
 * the fitted exponent and knee), 95% CI bars, and each series' knee ringed.
 */
export function nodeScalingSpec(rows: readonly ConsensusRow[], yTitle: string): TopLevelSpec {
  const nodes = [...new Set(rows.map((r) => r.nodes))].sort((a, b) => a - b);
  const series = [...new Set(rows.map((r) => r.series))];
  const data = rows.map((r) => ({ ...r, marker: r.knee ? KNEE : null }));
  // An empty layer would leave its scales without an extent: ring knees only when there are some.
  const hasKnee = rows.some((r) => r.knee && r.median > 0);
  return {
    width: WIDTH,
    height: 320,
    config: CONFIG,
    data: { values: values(data) },
    encoding: {
      x: {
        field: 'nodes',
        type: 'quantitative',
        scale: { type: 'log', nice: false, padding: 24 },
        title: 'validators n (log scale)',
        axis: { values: nodes, format: 'd' },
      },
      color: {
        field: 'series',
        type: 'nominal',
        sort: series,
        title: 'series — round time fit',
        scale: { scheme: series.length > 10 ? 'tableau20' : 'tableau10' },
      },
    },
    layer: [
      {
        name: 'ci',
        transform: [positive('ciLo'), positive('ciHi')],
        mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.5 },
        encoding: {
          y: { field: 'ciLo', type: 'quantitative', scale: LOG_PADDED, title: yTitle },
          y2: { field: 'ciHi' },
        },
      },
      {
        name: 'median',
        transform: [positive('median')],
        mark: { type: 'line', point: { filled: true, size: 50 }, strokeWidth: 2 },
        encoding: {
          y: { field: 'median', type: 'quantitative', scale: LOG_PADDED, title: yTitle, axis: { format: '~s' } },
        },
      },
      ...(hasKnee
        ? [
            {
              name: 'knee',
              transform: [positive('median'), { filter: 'datum.marker !== null' }],
              mark: { type: 'point' as const, filled: false, size: 320, strokeWidth: 2.5 },
              encoding: {
                y: { field: 'median', type: 'quantitative' as const },
                shape: {
                  field: 'marker',
                  type: 'nominal' as const,
                  title: null,
                  scale: { domain: [KNEE], range: ['diamond'] },
                },
              },
            },
          ]
        : []),
    ],
  };
}

/** Each case's median relative to the first file's, as bars from 1 on a log axis. */
export function ratioSpec(rows: readonly RatioRow[], xTitle: string): TopLevelSpec {
  const machines = [...new Set(rows.map((r) => r.machine))];
  const cases = [...new Set(rows.map((r) => r.caseId))];
  return {
    width: WIDTH,
    height: { step: Math.max(18, 12 * machines.length + 6) },
    config: CONFIG,
    layer: [
      {
        name: 'ratio',
        data: { values: values(rows) },
        mark: { type: 'bar', height: { band: 0.9 } },
        encoding: {
          y: { field: 'caseId', type: 'nominal', sort: cases, title: 'case', axis: { labelLimit: 420 } },
          yOffset: { field: 'machine', type: 'nominal', sort: machines },
          x: { field: 'ratio', type: 'quantitative', scale: { type: 'log', nice: false, padding: 24 }, title: xTitle },
          x2: { datum: 1 },
          color: {
            field: 'machine',
            type: 'nominal',
            sort: machines,
            title: 'machine',
            scale: { scheme: 'tableau10' },
          },
        },
      },
      {
        name: 'parity',
        data: { values: [{ one: 1 }] },
        mark: { type: 'rule', color: '#333', strokeWidth: 1.5 },
        encoding: { x: { field: 'one', type: 'quantitative' } },
      },
    ],
  };
}
