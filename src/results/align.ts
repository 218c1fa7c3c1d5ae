import { basename } from 'node:path';
import type { CaseResult, ResultFile } from './schema.js';
import { readResultFile } from './reader.js';

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
