/**
 * Whether the files being compared did the same work: the parameters of each case, where two
 * files' entries of a case differ, and the threshold a case sets for the gate.
 */
import type { CaseResult } from '../results/schema.js';
import type { AlignedCase, LoadedResult } from '../results/align.js';
import { InputError, shown } from '../core/errors.js';
import { isFiniteNumber, isObject } from '../core/guards.js';
import type { CompareWarning } from './warnings.js';

// Fields of a case that are outcomes, not parameters: everything else describes the work done.
// `warmup` is how the warm-up ended (how long it took to settle), measured like the metrics; a
// qualification case's verdict, margin and figures (src/results/schema.ts) are what it found.
const OUTCOME_FIELDS = new Set([
  'id',
  'status',
  'error',
  'metrics',
  'wallMs',
  'warmup',
  'verdict',
  'margin',
  'measured',
  'besides',
  'reason',
  'notes',
]);
// Fields made mostly of measurements, and the parts of them that are parameters: a consensus
// case's calibrated `costs` were measured, but where they came from (here, or another machine's
// file through --costs-from) is part of the work asked for.
const MEASURED_BUT = new Map([['costs', new Set(['source'])]]);

/** A Rate-shaped value (a median with its samples): a measurement wherever it appears. */
const isMeasurement = (v: unknown) => isObject(v) && isFiniteNumber(v.median) && Array.isArray(v.samples);

/** Flatten an object to dotted paths → JSON of the leaf values, leaving measurements out. */
function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (isMeasurement(value)) return;
  if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, JSON.stringify(value) ?? 'undefined');
}

/**
 * The parameters of a case as dotted paths (`params.rounds`, `settings.timeMs`, `threads`, …):
 * every field but the outcome and measured ones, so case kinds added later are covered without
 * change.
 */
export function caseParameters(c: CaseResult): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(c)) {
    if (OUTCOME_FIELDS.has(k)) continue;
    const kept = MEASURED_BUT.get(k);
    if (kept && isObject(v)) {
      for (const [part, pv] of Object.entries(v)) if (kept.has(part)) flatten(pv, `${k}.${part}`, out);
    } else flatten(v, k, out);
  }
  return out;
}

/** Parameters that differ between two entries of a case: "params.rounds 1000 → 1100". */
export function parameterDifferences(a: CaseResult, b: CaseResult): string[] {
  const pa = caseParameters(a);
  const pb = caseParameters(b);
  const keys = [...new Set([...pa.keys(), ...pb.keys()])].sort();
  return keys
    .filter((k) => pa.get(k) !== pb.get(k))
    .map((k) => `${k} ${pa.get(k) ?? '(none)'} → ${pb.get(k) ?? '(none)'}`);
}

/** Warnings about runs that did not do the same work: scenario, seed, and per-case parameters. */
export function workDifferences(files: readonly LoadedResult[], aligned: readonly AlignedCase[]): CompareWarning[] {
  const warnings: CompareWarning[] = [];
  const base = files[0]!;
  for (const f of files.slice(1)) {
    if (f.result.run.seed !== base.result.run.seed)
      warnings.push({
        code: 'seed-differs',
        message: `seed differs: ${base.label} used ${shown(base.result.run.seed)}, ${f.label} used ${shown(f.result.run.seed)} (keys and messages differ)`,
      });
    if (f.result.run.scenario.name !== base.result.run.scenario.name)
      warnings.push({
        code: 'scenario-differs',
        message: `scenario differs: ${base.label} ran ${shown(base.result.run.scenario.name)}, ${f.label} ran ${shown(f.result.run.scenario.name)}`,
      });
  }
  for (const a of aligned) {
    const first = a.entries.findIndex((e) => e !== undefined);
    const ref = a.entries[first];
    if (!ref) continue;
    a.entries.forEach((e, i) => {
      if (!e || i === first) return;
      const diff = parameterDifferences(ref, e);
      if (diff.length)
        warnings.push({
          code: 'parameters-differ',
          message: `${a.id}: parameters differ between ${files[first]!.label} and ${files[i]!.label}: ${diff.join(', ')}`,
          cases: [a.id],
        });
    });
  }
  return warnings;
}

/**
 * The case's own gate threshold, or undefined. The reader refuses a negative one in a file; cases
 * built in memory (tests, scripts) reach the gate unread, so the gate keeps its own check.
 */
export function caseThresholdPct(c: CaseResult, file: string, index: number): number | undefined {
  const t = c.thresholdPct;
  if (t === undefined) return undefined;
  if (!isFiniteNumber(t) || t < 0)
    throw new InputError(file, `cases[${index}].thresholdPct`, `must be a number ≥ 0, got ${shown(t)}`);
  return t;
}
