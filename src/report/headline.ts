/**
 * The headline of a run with consensus cases: how round time and committed throughput change as
 * the validator set grows, one line per protocol and backend, with the fitted exponent and the
 * knee. Modeled figures only: they price the executed rounds' work with calibrated costs on one
 * machine like this per validator (host figures, all validators on one machine, are in the
 * consensus table above it).
 */
import { scalingFormula } from '../consensus/analysis.js';
import { renderTable, duration, si } from '../format/table.js';
import { seriesOfId, withoutThreads } from '../results/case-id.js';
import { isConsensusCase, type CaseResult, type ConsensusCaseResult, type ScalingEntry } from '../results/schema.js';

type OkConsensus = Extract<ConsensusCaseResult, { status: 'ok' }>;

/** null when the run has fewer than two node counts of any protocol: nothing grows. */
export function headlineTable(cases: readonly CaseResult[], scaling: readonly ScalingEntry[]): string | null {
  const ok = cases.filter(
    (c): c is OkConsensus => isConsensusCase(c) && c.status === 'ok' && c.metrics.modeledRoundMs !== null,
  );
  // Modeled figures do not depend on the host's thread count: one line per protocol and backend, from its most-threaded cases.
  const most = new Map<string, number>();
  for (const c of ok)
    most.set(withoutThreads(seriesOfId(c.id)), Math.max(c.threads, most.get(withoutThreads(seriesOfId(c.id))) ?? 0));
  const series = new Map<string, OkConsensus[]>();
  for (const c of ok) {
    if (c.threads !== most.get(withoutThreads(seriesOfId(c.id)))) continue;
    series.set(seriesOfId(c.id), [...(series.get(seriesOfId(c.id)) ?? []), c]);
  }
  const grown = [...series].filter(([, list]) => new Set(list.map((c) => c.params.nodes)).size >= 2);
  if (grown.length === 0) return null;
  const nodes = [...new Set(grown.flatMap(([, list]) => list.map((c) => c.params.nodes)))].sort((a, b) => a - b);
  const fits = grown.map(([name]) => scaling.find((e) => e.series === name && e.metric === 'modeledRoundMs'));
  const rows = grown.map(([, list], i) => {
    const fit = fits[i];
    const first = list[0]!;
    return [
      first.protocol,
      first.backend,
      ...nodes.map((n) => {
        const c = list.find((x) => x.params.nodes === n);
        const round = c?.metrics.modeledRoundMs;
        return c && round ? `${duration(round.p50)} · ${si(c.metrics.modeledCommittedTxPerSec.median)} tx/s` : '';
      }),
      fit ? `${scalingFormula(fit)} (R² ${fit.r2.toFixed(2)})` : '',
      fit?.knee ? `n = ${fit.knee}` : 'none',
    ];
  });
  // A pipelined protocol's figure is its steady-state view time: one block per view.
  const time = grown.some(([, list]) => list[0]!.params.commitChain !== undefined)
    ? 'round or view time'
    : 'round time';
  const table = renderTable(
    [
      { header: 'protocol' },
      { header: 'votes on' },
      ...nodes.map((n) => ({ header: `n = ${n}`, align: 'right' as const })),
      { header: `${time} fit`, align: 'right' },
      { header: 'knee' },
    ],
    rows,
  );
  return [
    `More validators, slower: modeled ${time} · committed tx/s as the validator set grows`,
    table,
    'Each validator on a machine like this one, every operation of the executed rounds priced at its calibrated cost, plus the network model; ' +
      (fits.some((f) => f?.base !== undefined)
        ? "c + n^b: a fixed part c (the block's checks) plus a part that grows as n^b, b = 1 meaning it doubles when the validators double; "
        : 'n^b: a fitted b of 1 means twice the validators take twice as long (with four node counts or more the fit also separates the fixed part); ') +
      'knee: the first n at which throughput falls below half its smallest-n value.',
  ].join('\n');
}
