/**
 * Run-level consensus findings: per protocol series, how round time scales with n (a power-law
 * fit) and where committed throughput halves (the knee); and the warning that host time is the
 * machine's total capacity whenever validators outnumber worker threads.
 */
import { seriesOfId } from '../results/case-id.js';
import { fitOffsetPowerLaw, fitPowerLaw, kneeOf } from '../measure/scaling.js';
import { duration } from '../format/table.js';
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
      const xs = timed.map((c) => c.params.nodes);
      const ys = timed.map((c) => c.metrics[metric]!.median);
      // A fixed part plus a growing one where there are points enough for three parameters.
      const offset = fitOffsetPowerLaw(xs, ys);
      const fit = offset ?? fitPowerLaw(xs, ys);
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
        ...(offset ? { base: offset.base } : {}),
        r2: fit.r2,
        knee,
        kneeMetric,
        points: fit.points,
      });
    }
  }
  return out;
}

/**
 * A fit as a formula: "n^1.15" for a plain power law, "35.2 ms + n^1.02" when the fit has a fixed
 * part (the exponent is then that of the part that grows).
 */
export function scalingFormula(e: ScalingEntry): string {
  const grows = `n^${e.exponent.toFixed(2)}`;
  return e.base === undefined ? grows : `${duration(e.base)} + ${grows}`;
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

/**
 * Validators of several cores whose parallel efficiency was not measured split their signature
 * checks over the cores as if every core ran at the single-thread price (efficiency 1, see
 * costModel): with costs read from a file that lacks the measurement (`--costs-from`), or where
 * two workers cannot run at once (a pool of one thread, a machine of one CPU). One warning per cause.
 */
export function parallelWarnings(cases: readonly CaseResult[]): Warning[] {
  const unmeasured = cases.filter(
    (c): c is Extract<ConsensusCaseResult, { status: 'ok' }> =>
      isConsensusCase(c) &&
      c.status === 'ok' &&
      (c.settings.validatorCores ?? 1) > 1 &&
      c.costs !== undefined &&
      c.costs.parallel === undefined,
  );
  const mostCores = (list: readonly ConsensusCaseResult[]) =>
    Math.max(...list.map((c) => c.settings.validatorCores ?? 1));
  const split = 'their signature checks are split over the cores at the single-thread price (efficiency 1)';
  const out: Warning[] = [];
  const fromFile = unmeasured.filter((c) => c.costs?.source.kind === 'file');
  const source = fromFile[0]?.costs?.source;
  if (source?.kind === 'file')
    out.push({
      code: 'parallel-efficiency-missing',
      cases: fromFile.map((c) => c.id),
      message: `${fromFile.length} consensus case(s) model validators of up to ${mostCores(fromFile)} cores, and ${source.file} has no parallel efficiency measured: ${split}; calibrate there with --validator-cores and --threads of 2 or more`,
    });
  const here = unmeasured.filter((c) => c.costs?.source.kind !== 'file');
  if (here.length > 0)
    out.push({
      code: 'parallel-efficiency-missing',
      cases: here.map((c) => c.id),
      message: `${here.length} consensus case(s) model validators of up to ${mostCores(here)} cores, and no parallel efficiency was measured (that needs 2 threads or more on 2 CPUs or more): ${split}`,
    });
  return out;
}
