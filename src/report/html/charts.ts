/**
 * Vega-Lite specs of the report's charts, as pure functions of their rows. Rendering them to SVG
 * is render.ts's job. Rates span orders of magnitude (a BLS verify against a 1 KiB SHA-256), so
 * rate axes are logarithmic; the tables under each chart carry the exact figures.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ConsensusRow, Figure, PrimitiveRow, PublishedPointRow, RatioRow } from './data.js';

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

/** Colours fixed by the caller (one per machine), or a scheme when nothing needs to stay fixed. */
export interface ColorScale {
  domain: string[];
  range: string[];
}

const colorScale = (
  fixed: ColorScale | undefined,
  n: number,
): { domain: string[]; range: string[] } | { scheme: 'tableau10' | 'tableau20' } =>
  fixed ? { domain: fixed.domain, range: fixed.range } : { scheme: n > 10 ? 'tableau20' : 'tableau10' };

/**
 * How a figure's 95% CI can be drawn on a log axis: `drawn` when both ends are positive; `cut`
 * when only the upper end is (the bar runs to the axis edge and ends in a triangle); `omitted`
 * when neither is, or the median is not positive; `none` when the file gives no interval.
 */
export type CiShape = 'drawn' | 'cut' | 'omitted' | 'none';

export function ciShape(f: Figure): CiShape {
  if (f.ciLo === null || f.ciHi === null) return 'none';
  if (!(f.median > 0) || !(f.ciHi > 0)) return 'omitted';
  return f.ciLo > 0 ? 'drawn' : 'cut';
}

export const CUT = 'CI reaches zero or below: cut at the axis edge';

/** The smallest and largest positive median and CI end: the extent a log axis must show. */
function positiveExtent(rows: readonly Figure[]): [number, number] {
  const vs = rows.flatMap((r) => [r.median, r.ciLo ?? 0, r.ciHi ?? 0]).filter((v) => v > 0 && Number.isFinite(v));
  return vs.length ? [Math.min(...vs), Math.max(...vs)] : [1, 10];
}

/** Whole decades around an extent (what Vega's "nice" log scale shows), never a single point. */
function decades([lo, hi]: [number, number]): [number, number] {
  const a = Math.floor(Math.log10(lo));
  const b = Math.max(a + 1, Math.ceil(Math.log10(hi)));
  return [10 ** a, 10 ** b];
}

/**
 * Each row's CI bar ends. A cut bar starts far below the axis's domain and its layer clips at the
 * plot's edge, so that it visibly runs out of the plot instead of vanishing.
 */
function ciEnds<T extends Figure>(r: T, domainMin: number) {
  const shape = ciShape(r);
  return {
    ciFrom: shape === 'drawn' ? r.ciLo : shape === 'cut' ? domainMin / 1000 : null,
    ciTo: shape === 'drawn' || shape === 'cut' ? r.ciHi : null,
    cut: shape === 'cut' ? CUT : null,
  };
}

/**
 * Stroke width and symbol size of the k-th of n series drawn over each other: each earlier one
 * wider than the next, so that a later series identical to an earlier one leaves it showing as an
 * outline instead of hiding it.
 */
export function casing(k: number, n: number): { lineWidth: number; dotSize: number } {
  const up = Math.max(0, Math.min(n - 1 - k, 3));
  return { lineWidth: 2 + 1.5 * up, dotSize: Math.round(40 * 1.9 ** up) };
}

const PROTOCOL_SHAPES = ['circle', 'square', 'triangle-up', 'cross', 'triangle-down', 'wedge'];
const PROTOCOL_DASHES = [
  [1, 0],
  [7, 3],
  [2, 2],
  [9, 3, 2, 3],
];

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
  colors?: ColorScale;
}): TopLevelSpec {
  const domain = decades(positiveExtent(opts.rows));
  const rows = opts.rows.map((r) => ({
    ...r,
    ...ciEnds(r, domain[0]),
    category: opts.category(r),
    group: opts.group(r),
  }));
  const groups = [...new Set(rows.map((r) => r.group))];
  // Explicit order (the file's): with `sort: null` the layers' domains are merged, and the CI layer may lack rows.
  const categories = [...new Set(rows.map((r) => r.category))];
  const x = {
    type: 'quantitative' as const,
    scale: { type: 'log' as const, domain, nice: false },
    title: opts.xTitle,
    axis: { format: '~s' },
  };
  const hasCut = rows.some((r) => r.cut !== null);
  return {
    width: WIDTH,
    height: { step: Math.max(20, 12 * groups.length + 6) },
    config: CONFIG,
    data: { values: values(rows) },
    encoding: {
      y: { field: 'category', type: 'nominal', sort: categories, title: opts.yTitle, axis: { labelLimit: 260 } },
      yOffset: { field: 'group', type: 'nominal', sort: groups },
      color: {
        field: 'group',
        type: 'nominal',
        sort: groups,
        title: opts.groupTitle,
        scale: colorScale(opts.colors, groups.length),
      },
    },
    layer: [
      {
        name: 'ci',
        transform: [positive('ciFrom'), positive('ciTo')],
        mark: { type: 'rule', strokeWidth: 2, opacity: 0.6, clip: true },
        encoding: { x: { field: 'ciFrom', ...x }, x2: { field: 'ciTo' } },
      },
      {
        name: 'median',
        transform: [positive('median')],
        mark: { type: 'point', filled: true, size: 60, opacity: 1 },
        encoding: { x: { field: 'median', ...x } },
      },
      ...(hasCut
        ? [
            {
              name: 'cut',
              transform: [{ filter: 'datum.cut !== null' }],
              mark: { type: 'point' as const, filled: true, size: 70, opacity: 1 },
              encoding: {
                x: { value: 0 },
                shape: {
                  field: 'cut',
                  type: 'nominal' as const,
                  title: null,
                  scale: { domain: [CUT], range: ['triangle-left'] },
                },
              },
            },
          ]
        : []),
    ],
  };
}

export interface ThreadPoint {
  series: string;
  threads: number;
  opsPerSec: number;
  /** The 95% CI of a measured point where both ends are positive; null for the ideal line. */
  ciLo: number | null;
  ciHi: number | null;
  line: string;
  /** With several machines: the case (algorithm · backend) whose small chart this point is in. */
  panel?: string;
  lineWidth: number;
  dotSize: number;
}

export const MEASURED = 'measured';
export const IDEAL = 'ideal: linear from the fewest threads';

/**
 * ops/s against threads, one line per series, each with its ideal linear line dashed and 95% CI
 * bars on the measured points. With several machines, one small chart per case (points carry
 * `panel`) with one line per machine, so that machines × cases lines do not share one plot; each
 * panel has its own y scale. Each point's `lineWidth` and `dotSize` come from `casing`.
 */
export function threadScalingSpec(points: readonly ThreadPoint[], colors?: ColorScale): TopLevelSpec {
  const threads = [...new Set(points.map((p) => p.threads))].sort((a, b) => a - b);
  const series = [...new Set(points.map((p) => p.series))];
  const panels = [...new Set(points.flatMap((p) => (p.panel === undefined ? [] : [p.panel])))];
  const y = {
    type: 'quantitative' as const,
    scale: LOG_PADDED,
    title: 'ops/s (median, log scale)',
  };
  const encoding = {
    x: {
      field: 'threads',
      type: 'quantitative' as const,
      title: 'worker threads',
      // Room at the ends, so that the points and CI bars at the fewest and most threads are not on the frame.
      scale: { domain: [Math.min(...threads), Math.max(...threads)], padding: 14 },
      axis: { values: threads, format: 'd' },
    },
    y: { field: 'opsPerSec', ...y, axis: { format: '~s' } },
    color: {
      field: 'series',
      type: 'nominal' as const,
      sort: series,
      title: panels.length > 0 ? 'machine' : 'case',
      scale: colorScale(colors, series.length),
    },
  };
  const hasCi = points.some((p) => p.ciLo !== null && p.ciHi !== null);
  const layer = [
    ...(hasCi
      ? [
          {
            name: 'ci',
            transform: [positive('ciLo'), positive('ciHi')],
            mark: { type: 'rule' as const, opacity: 0.6 },
            encoding: {
              y: { field: 'ciLo', ...y },
              y2: { field: 'ciHi' },
              strokeWidth: { field: 'lineWidth', type: 'quantitative' as const, scale: null, legend: null },
            },
          },
        ]
      : []),
    {
      name: 'lines',
      mark: { type: 'line' as const },
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
        strokeWidth: { field: 'lineWidth', type: 'quantitative' as const, scale: null, legend: null },
        detail: { field: 'line', type: 'nominal' as const },
      },
    },
    {
      name: 'points',
      transform: [{ filter: { field: 'line', equal: MEASURED } }],
      mark: { type: 'point' as const, filled: true, opacity: 1 },
      encoding: { size: { field: 'dotSize', type: 'quantitative' as const, scale: null, legend: null } },
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

const NODES_HEIGHT = 320;

/**
 * Symbols of published points, one per cited series: none of them a filled circle (the modeled
 * medians) or a ring of the knee's size; the first a five-pointed star (an SVG path, unit size).
 */
export const PUBLISHED_SHAPES = [
  'M0,-1L0.2245,-0.309L0.9511,-0.309L0.3633,0.118L0.5878,0.809L0,0.382L-0.5878,0.809L-0.3633,0.118L-0.9511,-0.309L-0.2245,-0.309Z',
  'triangle-right',
  'triangle-left',
  'stroke',
];
export const PUBLISHED_COLOR = '#222';

/**
 * A consensus metric against node count on log–log axes: one line per series (the legend carries
 * the fit and knee), 95% CI bars, and each series' knee ringed. With several machines
 * (`machines` > 1) a series has its machine's colour (`colors`), its protocol's dash and symbol,
 * and its `casing` by machine, so that identical runs stay visible.
 */
export function nodeScalingSpec(
  rows: readonly ConsensusRow[],
  opts: {
    yTitle: string;
    legendTitle: string;
    machines: number;
    colors?: ColorScale;
    /** Published figures drawn as points of their own symbol, one legend entry per cited series. */
    published?: readonly PublishedPointRow[];
  },
): TopLevelSpec {
  const published = (opts.published ?? []).filter((p) => p.value > 0);
  const nodes = [...new Set([...rows.map((r) => r.nodes), ...published.map((p) => p.nodes)])].sort((a, b) => a - b);
  const series = [...new Set(rows.map((r) => r.series))];
  const protocols = [...new Set(rows.map((r) => r.protocol))];
  const multi = opts.machines > 1;
  const [lo, hi] = positiveExtent([...rows, ...published.map((p) => ({ median: p.value, ciLo: null, ciHi: null }))]);
  const domain: [number, number] = lo === hi ? [lo / 2, hi * 2] : [lo, hi];
  const data = rows.map((r) => ({
    ...r,
    ...ciEnds(r, domain[0]),
    ...casing(multi ? r.machineIndex : 0, multi ? opts.machines : 1),
  }));
  // An empty layer would leave its scales without an extent: ring knees only when there are some.
  const hasKnee = rows.some((r) => r.knee && r.median > 0);
  const hasCut = data.some((r) => r.cut !== null);
  // Commit latencies are summaries without a CI: a chart of them has no bar to draw.
  const hasCi = data.some((r) => r.ciFrom !== null && r.ciTo !== null);
  const protocolOf = (s: string) => protocols.indexOf(rows.find((r) => r.series === s)!.protocol);
  // Dash and symbol by protocol, on the colour's field and title, so that the three share one legend.
  const bySeries = <T>(range: readonly T[]) => ({
    field: 'series',
    type: 'nominal' as const,
    sort: series,
    title: opts.legendTitle,
    scale: { domain: series, range: series.map((s) => range[protocolOf(s) % range.length]!) },
  });
  const y = { type: 'quantitative' as const, scale: { ...LOG_PADDED, domain }, title: opts.yTitle };
  return {
    width: WIDTH,
    height: NODES_HEIGHT,
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
        title: opts.legendTitle,
        scale: colorScale(opts.colors, series.length),
      },
    },
    layer: [
      ...(hasCi
        ? [
            {
              name: 'ci',
              transform: [positive('ciFrom'), positive('ciTo')],
              mark: { type: 'rule' as const, opacity: 0.5, clip: true },
              encoding: {
                y: { field: 'ciFrom', ...y },
                y2: { field: 'ciTo' },
                strokeWidth: { field: 'lineWidth', type: 'quantitative' as const, scale: null, legend: null },
              },
            },
          ]
        : []),
      {
        name: 'median',
        transform: [positive('median')],
        mark: { type: 'line' },
        encoding: {
          y: { field: 'median', ...y, axis: { format: '~s' } },
          strokeWidth: { field: 'lineWidth', type: 'quantitative', scale: null, legend: null },
          ...(multi ? { strokeDash: bySeries(PROTOCOL_DASHES) } : {}),
        },
      },
      {
        name: 'medianDot',
        transform: [positive('median')],
        mark: { type: 'point', filled: true, opacity: 1 },
        encoding: {
          y: { field: 'median', type: 'quantitative' },
          size: { field: 'dotSize', type: 'quantitative', scale: null, legend: null },
          ...(multi ? { shape: bySeries(PROTOCOL_SHAPES) } : {}),
        },
      },
      // The knee's ring and the cut marker have fixed shapes (the chart's note names them): a shape
      // legend of their own would share the shape scale the series use.
      ...(hasKnee
        ? [
            {
              name: 'knee',
              transform: [positive('median'), { filter: 'datum.knee' }],
              mark: { type: 'point' as const, shape: 'diamond', filled: false, size: 320, strokeWidth: 2.5 },
              encoding: { y: { field: 'median', type: 'quantitative' as const } },
            },
          ]
        : []),
      ...(hasCut
        ? [
            {
              name: 'cut',
              transform: [{ filter: 'datum.cut !== null' }],
              mark: { type: 'point' as const, shape: 'triangle-down', filled: true, size: 70, opacity: 1 },
              encoding: { y: { value: NODES_HEIGHT } },
            },
          ]
        : []),
      ...(published.length > 0 ? [publishedLayer(published, y)] : []),
    ],
    // The published symbols have a legend of their own, apart from the protocols' symbols of several machines.
    ...(published.length > 0 ? { resolve: { scale: { shape: 'independent' as const } } } : {}),
  };
}

/** Published points: their own data, one dark symbol per cited series, not joined by lines (they are another's measurements). */
function publishedLayer(points: readonly PublishedPointRow[], y: object) {
  const labels = [...new Set(points.map((p) => p.series))];
  return {
    name: 'published',
    data: { values: values(points) },
    mark: { type: 'point' as const, filled: true, size: 150, opacity: 1, strokeWidth: 1.5 },
    encoding: {
      y: { field: 'value', ...y },
      color: { value: PUBLISHED_COLOR },
      shape: {
        field: 'series',
        type: 'nominal' as const,
        sort: labels,
        title: 'published measurements',
        scale: { domain: labels, range: labels.map((_, i) => PUBLISHED_SHAPES[i % PUBLISHED_SHAPES.length]!) },
        legend: { symbolFillColor: PUBLISHED_COLOR, symbolStrokeColor: PUBLISHED_COLOR, symbolSize: 150 },
      },
    },
  };
}

/**
 * Each case's median relative to the first file's on a log axis centred on 1: a bar from 1 and a
 * dot at the ratio, so that a ratio of exactly 1 (a bar of no length) still shows, on the rule at 1.
 */
export function ratioSpec(rows: readonly RatioRow[], xTitle: string, colors?: ColorScale): TopLevelSpec {
  const machines = [...new Set(rows.map((r) => r.machine))];
  const cases = [...new Set(rows.map((r) => r.caseId))];
  // Symmetric in log space, and never narrower than ×1.1 either way, so that 1 sits in the middle.
  const reach = Math.max(Math.log(1.1), ...rows.map((r) => Math.abs(Math.log(r.ratio)) * 1.08));
  const x = {
    field: 'ratio',
    type: 'quantitative' as const,
    scale: { type: 'log' as const, nice: false, domain: [Math.exp(-reach), Math.exp(reach)] },
    title: xTitle,
  };
  const encoding = {
    y: { field: 'caseId', type: 'nominal' as const, sort: cases, title: 'case', axis: { labelLimit: 420 } },
    yOffset: { field: 'machine', type: 'nominal' as const, sort: machines },
    color: {
      field: 'machine',
      type: 'nominal' as const,
      sort: machines,
      title: 'machine',
      scale: colorScale(colors, machines.length),
    },
  };
  return {
    width: WIDTH,
    height: { step: Math.max(18, 12 * machines.length + 6) },
    config: CONFIG,
    layer: [
      {
        name: 'ratio',
        data: { values: values(rows) },
        mark: { type: 'bar', height: { band: 0.9 }, opacity: 0.75 },
        encoding: { ...encoding, x, x2: { datum: 1 } },
      },
      {
        name: 'parity',
        data: { values: [{ one: 1 }] },
        mark: { type: 'rule', color: '#333', strokeWidth: 1.5 },
        encoding: { x: { field: 'one', type: 'quantitative' } },
      },
      {
        name: 'ratioDot',
        data: { values: values(rows) },
        mark: { type: 'point', filled: true, size: 60, opacity: 1, stroke: 'white', strokeWidth: 0.8 },
        encoding: { ...encoding, x },
      },
    ],
  };
}
