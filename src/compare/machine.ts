import type { ResultFile } from '../results/schema.js';

/** The machine facts shown in a comparison header, as label → text. */
export type MachineFacts = [label: string, value: string][];

/** Text that is empty (an unnamed CPU, a blank version) shows as unknown. */
const text = (v: string): string => (v === '' ? '?' : v);

export function machineFacts(r: ResultFile): MachineFacts {
  const { cpu, os, runtime, git } = r.system;
  const facts: MachineFacts = [
    ['host', text(r.system.hostname)],
    ['CPU', text(cpu.brand)],
    ['cores', `${cpu.physicalCores} physical / ${cpu.logicalCores} logical (${cpu.availableParallelism} usable)`],
    ['memory', `${(r.system.memory.totalBytes / 2 ** 30).toFixed(1)} GiB`],
    ['OS', `${text(os.distro)} ${text(os.release)} ${text(os.arch)}`],
    ['kernel', text(os.kernel)],
    ['Node', text(runtime.node)],
    ['V8', text(runtime.v8)],
    ['OpenSSL', text(runtime.openssl)],
  ];
  for (const [name, version] of Object.entries(r.system.libraries)) facts.push([name, text(version)]);
  facts.push(
    ['chainmark', text(r.tool.version)],
    ['commit', git ? git.commit.slice(0, 12) + (git.dirty ? ' (dirty)' : '') : '?'],
    ['fingerprint', text(r.system.fingerprint)],
    ['scenario', text(r.run.scenario.name)],
    ['seed', String(r.run.seed)],
  );
  return facts;
}

/**
 * One row per fact across all files (libraries present in only some files get '—'), and the
 * labels of the rows whose values are not all equal.
 */
export function machineTable(results: readonly ResultFile[]): {
  rows: { label: string; values: string[]; differs: boolean }[];
  differs: string[];
} {
  const perFile = results.map((r) => new Map(machineFacts(r)));
  const labels: string[] = [];
  for (const m of perFile) for (const k of m.keys()) if (!labels.includes(k)) labels.push(k);
  const rows = labels.map((label) => {
    const values = perFile.map((m) => m.get(label) ?? '—');
    return { label, values, differs: new Set(values).size > 1 };
  });
  return { rows, differs: rows.filter((r) => r.differs).map((r) => r.label) };
}
