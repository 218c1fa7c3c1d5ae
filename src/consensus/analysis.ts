/**
 * Run-level consensus findings: per protocol series, how round time scales with n (a power-law
 * fit) and where committed throughput halves (the knee); and the warning that host time is the
 * machine's total capacity whenever validators outnumber worker threads.
 */
import { seriesOfId } from '../results/case-id.js';
import { fitPowerLaw, kneeOf } from '../measure/scaling.js';
import {
  isConsensusCase,
  type CaseResult,
  type ConsensusCaseResult,
  type ScalingEntry,
  type Warning,
} from '../results/schema.js';

/** A case's series: its id without the node count, e.g. `consensus/pbft/node/t2`. */
export const seriesOf = seriesOfId;

const FITS = [
  { metric: 'hostRoundMs', kneeMetric: 'committedTxPerSec' },
  { metric: 'modeledRoundMs', kneeMetric: 'modeledCommittedTxPerSec' },
] as const;

export function consensusScaling(cases: readonly CaseResult[]): ScalingEntry[] {
  const bySeries = new Map<string, Extract<ConsensusCaseResult, { status: 'ok' }>[]>();
  for (const c of cases) {
    if (!isConsensusCase(c) || c.status !== 'ok') continue;
    const key = seriesOf(c.id);
    bySeries.set(key, [...(bySeries.get(key) ?? []), c]);
  }
  const out: ScalingEntry[] = [];
  for (const [series, list] of bySeries) {
    for (const { metric, kneeMetric } of FITS) {
      const timed = list.filter((c) => c.metrics[metric] !== null);
      const fit = fitPowerLaw(
        timed.map((c) => c.params.nodes),
        timed.map((c) => c.metrics[metric]!.median),
      );
      if (!fit) continue;
      const knee = kneeOf(
        list.map((c) => c.params.nodes),
        list.map((c) => c.metrics[kneeMetric].median),
      );
      out.push({
        series,
        metric,
        x: 'nodes',
        exponent: fit.exponent,
        r2: fit.r2,
        knee,
        kneeMetric,
        points: fit.points,
      });
    }
  }
  return out;
}

export function consensusWarnings(cases: readonly CaseResult[]): Warning[] {
  const crowded = cases.filter(
    (c): c is ConsensusCaseResult => isConsensusCase(c) && c.status === 'ok' && c.params.nodes > c.threads,
  );
  if (crowded.length === 0) return [];
  const most = crowded.reduce((a, b) => (b.params.nodes / b.threads > a.params.nodes / a.threads ? b : a));
  return [
    {
      code: 'validators-exceed-threads',
      cases: crowded.map((c) => c.id),
      message:
        `${crowded.length} consensus case(s) run more virtual validators than worker threads (up to ${most.params.nodes} on ${most.threads}): ` +
        'host round time there measures this machine’s total capacity for all validators, not one validator’s latency; ' +
        'modeled round time estimates one validator per machine like this one',
    },
  ];
}
