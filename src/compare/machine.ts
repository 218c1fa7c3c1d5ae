import type { ResultFile } from '../results/schema.js';

/**
 * The machine facts shown in a comparison header, as label → text. Result files are untrusted and
 * the reader only checks `system.fingerprint`, so every other field is read defensively.
 */
export type MachineFacts = [label: string, value: string][];

function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

const text = (v: unknown): string => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : '?');

export function machineFacts(r: ResultFile): MachineFacts {
  const s: unknown = r.system;
  const totalBytes = at(s, 'memory.totalBytes');
  const commit = at(s, 'git.commit');
  const facts: MachineFacts = [
    ['host', text(at(s, 'hostname'))],
    ['CPU', text(at(s, 'cpu.brand'))],
    ['cores', `${text(at(s, 'cpu.physicalCores'))} physical / ${text(at(s, 'cpu.logicalCores'))} logical (${text(at(s, 'cpu.availableParallelism'))} usable)`],
    ['memory', typeof totalBytes === 'number' ? `${(totalBytes / 2 ** 30).toFixed(1)} GiB` : '?'],
    ['OS', `${text(at(s, 'os.distro'))} ${text(at(s, 'os.release'))} ${text(at(s, 'os.arch'))}`],
    ['kernel', text(at(s, 'os.kernel'))],
    ['Node', text(at(s, 'runtime.node'))],
    ['V8', text(at(s, 'runtime.v8'))],
    ['OpenSSL', text(at(s, 'runtime.openssl'))],
  ];
  const libs = at(s, 'libraries');
  if (typeof libs === 'object' && libs !== null) for (const [name, v] of Object.entries(libs)) facts.push([name, text(v)]);
  facts.push(
    ['chainmark', text(at(r, 'tool.version'))],
    ['commit', typeof commit === 'string' ? commit.slice(0, 12) + (at(s, 'git.dirty') === true ? ' (dirty)' : '') : '?'],
    ['fingerprint', text(r.system.fingerprint)],
    ['scenario', text(r.run.scenario.name)],
    ['seed', text(r.run.seed)],
  );
  return facts;
}

/**
 * One row per fact across all files (libraries present in only some files get '—'), and the
 * labels of the rows whose values are not all equal.
 */
export function machineTable(results: readonly ResultFile[]): { rows: { label: string; values: string[]; differs: boolean }[]; differs: string[] } {
  const perFile = results.map((r) => new Map(machineFacts(r)));
  const labels: string[] = [];
  for (const m of perFile) for (const k of m.keys()) if (!labels.includes(k)) labels.push(k);
  const rows = labels.map((label) => {
    const values = perFile.map((m) => m.get(label) ?? '—');
    return { label, values, differs: new Set(values).size > 1 };
  });
  return { rows, differs: rows.filter((r) => r.differs).map((r) => r.label) };
}
