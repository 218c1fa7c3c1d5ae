/**
 * Published measurements beside the modeled curves: for each series a result file cites
 * (`published`) and each of its protocols, the modeled figures of the protocol's ok cases at every
 * node count, the published ones, their ratios, and how each falls (throughput) or grows
 * (latency) from the smallest to the largest n. Pure: the exporters and `run` render it.
 *
 * The modeled figures compared are committed tx/s over modeled round time (the median of
 * `modeledCommittedTxPerSec`) and the modeled commit latency (the p50 of `modeledCommitMs`):
 * one validator per machine like this one, every operation priced at its calibrated cost, plus
 * the network model. For a pipelined protocol they are per view and per block.
 */
import { seriesOfId, withoutThreads } from '../results/case-id.js';
import { isConsensusCase, type ConsensusCaseResult, type PublishedSeries, type ResultFile } from '../results/schema.js';
import { commitChainOf } from './consensus-settings.js';

type OkConsensus = Extract<ConsensusCaseResult, { status: 'ok' }>;

export interface PublishedRow {
  nodes: number;
  /** null where no ok case ran at this n. */
  modeledTxPerSec: number | null;
  publishedTxPerSec: number | null;
  /** modeled ÷ published; null unless both are there and above 0. */
  txPerSecRatio: number | null;
  /** null where no ok case ran at this n, or where none of its rounds committed. */
  modeledLatencyMs: number | null;
  publishedLatencyMs: number | null;
  latencyRatio: number | null;
}

/** How a figure changes from the smallest to the largest n at which both the model and the source have it. */
export interface Change {
  fromNodes: number;
  toNodes: number;
  modeled: number;
  published: number;
  /** modeled ÷ published: above 1, the model degrades faster with n than the published figures do. */
  factor: number;
}

export interface PublishedComparison {
  source: string;
  protocol: string;
  /**
   * The modeled series: the cases' id without node count and threads (`consensus/pbft/node`, with
   * a fault segment for faulty runs); '' when no case of the protocol ran ok.
   */
  series: string;
  /** The ok case of each n the modeled figures come from (the most threaded one: modeled figures do not depend on threads). */
  cases: OkConsensus[];
  /** The protocol's commit chain when it is pipelined (its figures are per view), else null. */
  commitChain: number | null;
  /** Every n the source or the model has, ascending. */
  rows: PublishedRow[];
  /** tx/s at the smallest n ÷ tx/s at the largest. */
  throughputDrop: Change | null;
  /** latency at the largest n ÷ latency at the smallest. */
  latencyGrowth: Change | null;
}

const ratio = (a: number | null, b: number | null): number | null =>
  a !== null && b !== null && a > 0 && b > 0 ? a / b : null;

/**
 * The change of one figure over the n where both have it (above 0): `grow` false for a drop
 * (first ÷ last), true for a growth (last ÷ first). null with fewer than two such n.
 */
export function change(
  rows: readonly PublishedRow[],
  modeled: (r: PublishedRow) => number | null,
  published: (r: PublishedRow) => number | null,
  grow: boolean,
): Change | null {
  const both = rows.filter((r) => (modeled(r) ?? 0) > 0 && (published(r) ?? 0) > 0).sort((a, b) => a.nodes - b.nodes);
  if (both.length < 2) return null;
  const first = both[0]!;
  const last = both.at(-1)!;
  const of = (f: (r: PublishedRow) => number | null) => (grow ? f(last)! / f(first)! : f(first)! / f(last)!);
  const m = of(modeled);
  const p = of(published);
  return { fromNodes: first.nodes, toNodes: last.nodes, modeled: m, published: p, factor: m / p };
}

/** One series against one modeled series of its protocol. */
function compareOne(s: PublishedSeries, protocol: string, series: string, cases: OkConsensus[]): PublishedComparison {
  const nodes = [...new Set([...s.points.map((p) => p.nodes), ...cases.map((c) => c.params.nodes)])].sort(
    (a, b) => a - b,
  );
  const rows = nodes.map((n): PublishedRow => {
    const point = s.points.find((p) => p.nodes === n);
    const c = cases.find((x) => x.params.nodes === n);
    const modeledTxPerSec = c ? c.metrics.modeledCommittedTxPerSec.median : null;
    const modeledLatencyMs = c?.metrics.modeledCommitMs?.p50 ?? null;
    const publishedTxPerSec = point?.txPerSec ?? null;
    const publishedLatencyMs = point?.latencyMs ?? null;
    return {
      nodes: n,
      modeledTxPerSec,
      publishedTxPerSec,
      txPerSecRatio: ratio(modeledTxPerSec, publishedTxPerSec),
      modeledLatencyMs,
      publishedLatencyMs,
      latencyRatio: ratio(modeledLatencyMs, publishedLatencyMs),
    };
  });
  const chains = cases.map(commitChainOf).filter((x): x is number => x !== null);
  return {
    source: s.source,
    protocol,
    series,
    cases,
    commitChain: chains[0] ?? null,
    rows,
    throughputDrop: change(
      rows,
      (r) => r.modeledTxPerSec,
      (r) => r.publishedTxPerSec,
      false,
    ),
    latencyGrowth: change(
      rows,
      (r) => r.modeledLatencyMs,
      (r) => r.publishedLatencyMs,
      true,
    ),
  };
}

/**
 * Every comparison a result file's `published` asks for: per series, per protocol, per modeled
 * series of that protocol (one per backend and fault setting), the ok cases only. A protocol
 * with no ok case still gets one, with no modeled figure, so that the published ones are shown.
 */
export function comparePublished(result: Pick<ResultFile, 'cases' | 'published'>): PublishedComparison[] {
  const ok = result.cases.filter((c): c is OkConsensus => isConsensusCase(c) && c.status === 'ok');
  const out: PublishedComparison[] = [];
  for (const s of result.published ?? []) {
    for (const protocol of s.protocols) {
      const bySeries = new Map<string, Map<number, OkConsensus>>();
      for (const c of ok) {
        if (c.protocol !== protocol) continue;
        const series = withoutThreads(seriesOfId(c.id));
        const perNodes = bySeries.get(series) ?? new Map<number, OkConsensus>();
        const held = perNodes.get(c.params.nodes);
        if (!held || c.threads > held.threads) perNodes.set(c.params.nodes, c);
        bySeries.set(series, perNodes);
      }
      if (bySeries.size === 0) out.push(compareOne(s, protocol, '', []));
      for (const [series, perNodes] of bySeries) out.push(compareOne(s, protocol, series, [...perNodes.values()]));
    }
  }
  return out;
}
