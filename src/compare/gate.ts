import type { CaseResult } from '../results/schema.js';
import { alignCases, type LoadedResult } from '../results/align.js';
import { InputError } from '../core/errors.js';
import { samplesNeededPerSide } from '../measure/mannwhitney.js';
import { caseThresholdPct, workDifferences } from './parameters.js';
import { machineTable } from './machine.js';
import { metricDirection, missingMetricMessage, readMetric, type Direction } from './metrics.js';
import { decideVerdict, testUnitOf, VERDICTS, type Verdict, type VerdictResult } from './verdict.js';
import type { CompareWarning } from './warnings.js';

export interface GateOptions {
  /** Metrics to gate on, each by name (default opsPerSec). */
  metrics: string[];
  alpha: number;
  /** Default practical threshold, percent; a case's own `thresholdPct` overrides it. */
  thresholdPct: number;
  /** Single runs (no merged runs on a side): a change below this, percent, is inconclusive. */
  singleRunFloorPct: number;
}

export interface GatedCase extends VerdictResult {
  id: string;
  metric: string;
  direction: Direction;
  thresholdPct: number;
  thresholdFrom: 'case' | 'default';
}

/** A case (and metric) the gate did not decide on, with why. */
export interface NotGated {
  id: string;
  metric: string;
  reason: string;
}

/**
 * A case (and metric) the baseline measured and the current run did not: missing, errored,
 * failed its known-answer check, skipped, or without the metric. Each one fails the gate.
 */
export interface LostCase {
  id: string;
  metric: string;
  /** What became of it: `missing`, the case status, or `no-metric`. */
  status: 'missing' | 'errored' | 'failed-check' | 'skipped' | 'no-metric';
  reason: string;
}

/**
 * `fail`: a regression, a lost case, or a current run that measured nothing; `pass`: at least one
 * case was decided (unchanged or better) and none failed; `no-verdict`: nothing was decided.
 */
export type GateOutcome = 'pass' | 'fail' | 'no-verdict';

export interface SideInfo {
  path: string;
  label: string;
  fingerprint: string;
  host: string;
  commit: string | null;
}

export interface GateReport {
  metrics: string[];
  alpha: number;
  thresholdPct: number;
  baseline: SideInfo;
  current: SideInfo;
  /** Both files come from the same host fingerprint. */
  sameHost: boolean;
  /** Machine facts that differ between the two files (empty on the same host, usually). */
  machineDiffers: string[];
  singleRunFloorPct: number;
  cases: GatedCase[];
  /** Cases the baseline measured and the current run did not: they fail the gate. */
  lost: LostCase[];
  notGated: NotGated[];
  warnings: CompareWarning[];
  counts: Record<Verdict, number>;
  /** No ok case of the current run has any gated metric. */
  currentMeasuredNothing: boolean;
  outcome: GateOutcome;
  /** 1 when the outcome is `fail`, else 0. */
  exitCode: 0 | 1;
}

function side(f: LoadedResult): SideInfo {
  const { git, hostname, fingerprint } = f.result.system;
  return { path: f.path, label: f.label, fingerprint, host: hostname, commit: git?.commit ?? null };
}

/**
 * A warning when the 1-minute load average (before or after the run) exceeded the logical cores:
 * other work shared the CPU, and a shared CPU moves rates by tens of percent, run to run.
 */
export function busyWarning(f: LoadedResult): string | null {
  const { load, cpu } = f.result.system;
  const cores = cpu.logicalCores;
  if (!(cores > 0)) return null;
  const peak = Math.max(load.before[0] ?? 0, load.after?.[0] ?? 0);
  if (peak <= cores) return null;
  return `${f.label}: load average reached ${peak.toFixed(2)} on ${cores} logical cores: the machine was busy, so differences may be the machine's, not the code's`;
}

const describeStatus = (c: CaseResult) => (c.status === 'ok' ? 'ok' : `${c.status}: ${c.error}`);

/** Gate `current` against `baseline`: a verdict per case and metric, and the exit code. */
export function gateResults(baseline: LoadedResult, current: LoadedResult, options: GateOptions): GateReport {
  const aligned = alignCases([baseline.result, current.result]);
  // A metric no ok case has is a mistyped flag; with no ok case at all there is nothing to judge
  // the name by, and the gate fails below because the current run measured nothing.
  const anyOk = [baseline, current].some((f) => f.result.cases.some((c) => c.status === 'ok'));
  for (const metric of options.metrics) {
    if (anyOk && !aligned.some((a) => a.entries.some((e) => e && readMetric(e, metric))))
      throw new InputError('command line', '--metric', missingMetricMessage(metric, [baseline.result, current.result]));
  }
  const indexIn = (r: LoadedResult) => new Map(r.result.cases.map((c, i) => [c.id, i]));
  const curIndex = indexIn(current);
  const baseIndex = indexIn(baseline);

  const cases: GatedCase[] = [];
  const lost: LostCase[] = [];
  const notGated: NotGated[] = [];
  for (const { id, entries } of aligned) {
    const [b, c] = entries;
    for (const metric of options.metrics) {
      const skip = (reason: string) => notGated.push({ id, metric, reason });
      const lose = (status: LostCase['status'], reason: string) => lost.push({ id, metric, status, reason });
      const direction = metricDirection(metric);
      if (!direction) {
        skip(`direction of ${metric} is unknown (not registered): not gated`);
        continue;
      }
      if (!b) {
        skip(`missing from the baseline (${baseline.label})`);
        continue;
      }
      if (b.status !== 'ok') {
        skip(`not measured in the baseline: ${describeStatus(b)}; current ${c ? describeStatus(c) : 'missing'}`);
        continue;
      }
      const bv = readMetric(b, metric);
      if (!bv) {
        skip(`no ${metric} in the baseline`);
        continue;
      }
      // From here on the baseline measured the case: a current run that did not has lost it.
      if (!c) {
        lose('missing', `missing from the current run (${current.label}); the baseline measured it`);
        continue;
      }
      if (c.status !== 'ok') {
        lose(c.status, `${describeStatus(c)} in the current run; ok in the baseline`);
        continue;
      }
      const cv = readMetric(c, metric);
      if (!cv) {
        lose('no-metric', `no ${metric} in the current run; the baseline has it`);
        continue;
      }
      // An empty samples list is no measurement, whatever median the file states beside it.
      const bs = bv.samples?.length ? bv.samples : null;
      const cs = cv.samples?.length ? cv.samples : null;
      if (!bs) {
        skip(`${metric} keeps no samples, so it cannot be tested`);
        continue;
      }
      if (!cs) {
        lose('no-metric', `${metric} has no samples in the current run; the baseline's has ${bs.length}`);
        continue;
      }
      if (!(bv.median > 0)) {
        skip(`baseline median ${bv.median} is not positive: no relative change`);
        continue;
      }
      // The current file's threshold wins: it reflects the scenario under review.
      const own =
        caseThresholdPct(c, current.path, curIndex.get(id)!) ?? caseThresholdPct(b, baseline.path, baseIndex.get(id)!);
      const thresholdPct = own ?? options.thresholdPct;
      // The run is the independent unit: when both files were merged from several runs, test one
      // median per run; otherwise fall back to the windows of the single runs (warned about below),
      // held to the single-run floor.
      const unit = testUnitOf(bv, cv);
      const [bx, cx] = unit === 'runs' ? [bv.runs!, cv.runs!] : [bs, cs];
      const v = decideVerdict({
        unit,
        baseline: bx,
        current: cx,
        direction,
        alpha: options.alpha,
        thresholdPct,
        singleRunFloorPct: options.singleRunFloorPct,
      });
      cases.push({ id, metric, direction, thresholdPct, thresholdFrom: own === undefined ? 'default' : 'case', ...v });
    }
  }

  const machines = machineTable([baseline.result, current.result]);
  const sameHost = baseline.result.system.fingerprint === current.result.system.fingerprint;
  const warnings: CompareWarning[] = [];
  if (!sameHost)
    warnings.push({
      code: 'different-machines',
      message:
        `DIFFERENT MACHINES: baseline fingerprint ${baseline.result.system.fingerprint}, current ${current.result.system.fingerprint}` +
        (machines.differs.length ? ` (differ: ${machines.differs.join(', ')})` : '') +
        `. A difference between machines is not a regression; gate on a same-runner comparison (scripts/ab.sh).`,
    });
  for (const f of [baseline, current]) {
    if (f.result.run.status !== 'complete')
      warnings.push({
        code: 'run-incomplete',
        message: `${f.label}: run status is ${f.result.run.status}; some cases may be missing`,
      });
    const busy = busyWarning(f);
    if (busy) warnings.push({ code: 'machine-busy', message: busy });
  }
  warnings.push(...workDifferences([baseline, current], aligned));
  const bySamples = cases.filter((c) => c.unit === 'samples');
  if (bySamples.length > 0)
    warnings.push({
      code: 'single-run-windows',
      message:
        `${bySamples.length} of ${cases.length} verdicts test the measuring windows of single runs: windows of one process share its offset, ` +
        `so a single-run change within ±${options.singleRunFloorPct}% is inconclusive. Gate on merged runs instead: ≥ ${samplesNeededPerSide(options.alpha)} runs per side, alternated (scripts/ab.sh --pairs ${samplesNeededPerSide(options.alpha)})`,
      cases: [...new Set(bySamples.map((c) => c.id))],
    });

  const counts = Object.fromEntries(VERDICTS.map((v) => [v, cases.filter((c) => c.verdict === v).length])) as Record<
    Verdict,
    number
  >;
  const currentMeasuredNothing = !current.result.cases.some((c) =>
    options.metrics.some((m) => {
      const v = readMetric(c, m);
      return v !== undefined && (v.samples === null || v.samples.length > 0);
    }),
  );
  const decided = counts.regression + counts.improvement + counts.unchanged;
  const outcome: GateOutcome =
    counts.regression > 0 || lost.length > 0 || currentMeasuredNothing ? 'fail' : decided > 0 ? 'pass' : 'no-verdict';
  return {
    metrics: options.metrics,
    alpha: options.alpha,
    thresholdPct: options.thresholdPct,
    singleRunFloorPct: options.singleRunFloorPct,
    baseline: side(baseline),
    current: side(current),
    sameHost,
    machineDiffers: machines.differs,
    cases,
    lost,
    notGated,
    warnings,
    counts,
    currentMeasuredNothing,
    outcome,
    exitCode: outcome === 'fail' ? 1 : 0,
  };
}
