import { basename } from 'node:path';
import type { CaseResult, ResultFile } from '../results/schema.js';
import { readResultFile } from '../results/reader.js';
import { InputError, shown } from '../core/errors.js';

/** A result file and where it came from. */
export interface LoadedResult {
  path: string;
  /** Short name for tables: the file name, or `#k` when two files share a name. */
  label: string;
  result: ResultFile;
}

/** Read and validate every file (the first bad one throws InputError, exit 2) and label them. */
export function loadResults(paths: readonly string[]): LoadedResult[] {
  const results = paths.map((path) => ({ path, result: readResultFile(path) }));
  const names = results.map((r) => basename(r.path));
  const unique = new Set(names).size === names.length;
  return results.map((r, i) => ({ ...r, label: unique ? names[i]! : `#${i + 1} ${names[i]}` }));
}

/** One case id and its entry in every file (undefined where a file lacks it). */
export interface AlignedCase {
  id: string;
  entries: (CaseResult | undefined)[];
}

/** Align cases by id; order of first appearance (the baseline's order, then newcomers). */
export function alignCases(results: readonly ResultFile[]): AlignedCase[] {
  const byId = new Map<string, (CaseResult | undefined)[]>();
  results.forEach((r, fileIndex) => {
    for (const c of r.cases) {
      let entries = byId.get(c.id);
      if (!entries) {
        entries = new Array<CaseResult | undefined>(results.length).fill(undefined);
        byId.set(c.id, entries);
      }
      entries[fileIndex] = c;
    }
  });
  return [...byId].map(([id, entries]) => ({ id, entries }));
}

// Fields of a case that are outcomes, not parameters: everything else describes the work done.
const OUTCOME_FIELDS = new Set(['id', 'status', 'error', 'metrics', 'wallMs']);

/** Flatten an object to dotted paths → JSON of the leaf values. */
function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, JSON.stringify(value) ?? 'undefined');
}

/**
 * The parameters of a case as dotted paths (`params.rounds`, `settings.timeMs`, `threads`, …):
 * every field but the outcome ones, so case kinds added later are covered without change.
 */
export function caseParameters(c: CaseResult): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(c)) if (!OUTCOME_FIELDS.has(k)) flatten(v, k, out);
  return out;
}

/** Parameters that differ between two entries of a case: "params.rounds 1000 → 1100". */
export function parameterDifferences(a: CaseResult, b: CaseResult): string[] {
  const pa = caseParameters(a);
  const pb = caseParameters(b);
  const keys = [...new Set([...pa.keys(), ...pb.keys()])].sort();
  return keys.filter((k) => pa.get(k) !== pb.get(k)).map((k) => `${k} ${pa.get(k) ?? '(none)'} → ${pb.get(k) ?? '(none)'}`);
}

/** Warnings about runs that did not do the same work: scenario, seed, and per-case parameters. */
export function workDifferences(files: readonly LoadedResult[], aligned: readonly AlignedCase[]): string[] {
  const warnings: string[] = [];
  const base = files[0]!;
  for (const f of files.slice(1)) {
    if (f.result.run.seed !== base.result.run.seed)
      warnings.push(`seed differs: ${base.label} used ${shown(base.result.run.seed)}, ${f.label} used ${shown(f.result.run.seed)} (keys and messages differ)`);
    if (f.result.run.scenario.name !== base.result.run.scenario.name)
      warnings.push(`scenario differs: ${base.label} ran ${shown(base.result.run.scenario.name)}, ${f.label} ran ${shown(f.result.run.scenario.name)}`);
  }
  for (const a of aligned) {
    const first = a.entries.findIndex((e) => e !== undefined);
    const ref = a.entries[first];
    if (!ref) continue;
    a.entries.forEach((e, i) => {
      if (!e || i === first) return;
      const diff = parameterDifferences(ref, e);
      if (diff.length) warnings.push(`${a.id}: parameters differ between ${files[first]!.label} and ${files[i]!.label}: ${diff.join(', ')}`);
    });
  }
  return warnings;
}

/** A non-negative finite number or undefined; anything else in an untrusted file is an error. */
export function caseThresholdPct(c: CaseResult, file: string, index: number): number | undefined {
  const t: unknown = (c as { thresholdPct?: unknown }).thresholdPct;
  if (t === undefined) return undefined;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) throw new InputError(file, `cases[${index}].thresholdPct`, `must be a number ≥ 0, got ${shown(t)}`);
  return t;
}
