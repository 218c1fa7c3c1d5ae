import type { CaseResult } from '../results/schema.js';
import { alignCases, type LoadedResult } from '../results/align.js';
import { InputError } from '../core/errors.js';
import { samplesNeededPerSide } from '../measure/mannwhitney.js';
import { caseThresholdPct, workDifferences } from './parameters.js';
import { machineTable } from './machine.js';
import { metricDirection, missingMetricMessage, readMetric, type Direction } from './metrics.js';
import { decideVerdict, VERDICTS, type TestUnit, type Verdict, type VerdictResult } from './verdict.js';
import type { CompareWarning } from './warnings.js';

export interface GateOptions {
  /** Metrics to gate on, each by name (default opsPerSec). */
  metrics: string[];
  alpha: number;
  /** Default practical threshold, percent; a case's own `thresholdPct` overrides it. */
  thresholdPct: number;
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
  cases: GatedCase[];
  notGated: NotGated[];
  warnings: CompareWarning[];
  counts: Record<Verdict, number>;
  /** 1 when any case regressed, else 0. */
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
  for (const metric of options.metrics) {
    if (!aligned.some((a) => a.entries.some((e) => e && readMetric(e, metric))))
      throw new InputError('command line', '--metric', missingMetricMessage(metric, [baseline.result, current.result]));
  }
  const indexIn = (r: LoadedResult) => new Map(r.result.cases.map((c, i) => [c.id, i]));
  const curIndex = indexIn(current);
  const baseIndex = indexIn(baseline);

  const cases: GatedCase[] = [];
  const notGated: NotGated[] = [];
  for (const { id, entries } of aligned) {
    const [b, c] = entries;
    for (const metric of options.metrics) {
      const skip = (reason: string) => notGated.push({ id, metric, reason });
      if (!b) {
        skip(`missing from the baseline (${baseline.label})`);
        continue;
      }
      if (!c) {
        skip(`missing from the current run (${current.label})`);
        continue;
      }
      if (b.status !== 'ok' || c.status !== 'ok') {
        skip(`not measured: baseline ${describeStatus(b)}; current ${describeStatus(c)}`);
        continue;
      }
      const bv = readMetric(b, metric);
      const cv = readMetric(c, metric);
      if (!bv || !cv) {
        skip(`no ${metric} in ${!bv && !cv ? 'either file' : !bv ? 'the baseline' : 'the current run'}`);
        continue;
      }
      const direction = metricDirection(metric);
      if (!direction) {
        skip(`direction of ${metric} is unknown (not registered): not gated`);
        continue;
      }
      if (!bv.samples || !cv.samples) {
        skip(`${metric} keeps no samples, so it cannot be tested`);
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
      // median per run; otherwise fall back to the windows of the single runs (warned about below).
      const unit: TestUnit = bv.runs && cv.runs && bv.runs.length >= 2 && cv.runs.length >= 2 ? 'runs' : 'samples';
      const [bx, cx] = unit === 'runs' ? [bv.runs!, cv.runs!] : [bv.samples, cv.samples];
      const v = decideVerdict({ unit, baseline: bx, current: cx, direction, alpha: options.alpha, thresholdPct });
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
        `so these verdicts overstate the evidence. Gate on merged runs instead: ≥ ${samplesNeededPerSide(options.alpha)} runs per side, alternated (scripts/ab.sh --pairs ${samplesNeededPerSide(options.alpha)})`,
      cases: [...new Set(bySamples.map((c) => c.id))],
    });

  const counts = Object.fromEntries(VERDICTS.map((v) => [v, cases.filter((c) => c.verdict === v).length])) as Record<
    Verdict,
    number
  >;
  return {
    metrics: options.metrics,
    alpha: options.alpha,
    thresholdPct: options.thresholdPct,
    baseline: side(baseline),
    current: side(current),
    sameHost,
    machineDiffers: machines.differs,
    cases,
    notGated,
    warnings,
    counts,
    exitCode: counts.regression > 0 ? 1 : 0,
  };
}
