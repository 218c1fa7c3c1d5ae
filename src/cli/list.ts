import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadBackends, OPTIONAL_BACKENDS } from '../workloads/backends/index.js';
import { algorithmsFor } from '../workloads/prepare.js';
import { OPS, isUnsupported, type Backend, type HashAlgorithm, type SignatureAlgorithm } from '../workloads/types.js';
import { OP_PARAMS } from '../primitive/input.js';
import { readJsonFile } from '../core/json-file.js';
import { PACKAGE_ROOT } from '../system/packages.js';
import { renderTable } from '../format/table.js';
import { PROTOCOL_SPECS } from '../consensus/protocols/index.js';
import { shippedLatencyTable } from '../consensus/latency-table.js';
import { printable } from '../format/printable.js';
import { COPY_BACKEND } from '../workloads/copy.js';

function support(b: Backend, op: string, alg: string): string {
  if (op === 'copy') return b.name === COPY_BACKEND ? 'yes' : `no (copy runs on the runtime: backend ${COPY_BACKEND})`;
  const impl =
    op === 'hash' || op === 'merkle' || op === 'spin'
      ? b.hash(alg as HashAlgorithm)
      : alg === 'bls12-381'
        ? b.bls()
        : b.signature(alg as Exclude<SignatureAlgorithm, 'bls12-381'>);
  if (isUnsupported(impl)) return `no (${impl.unsupported})`;
  if (op === 'verify-batch' && !('verifyBatch' in impl && impl.verifyBatch))
    return `no (${b.name} has no batch verification for ${alg})`;
  return 'yes';
}

export interface Listing {
  scenarios: { name: string; file: string; description: string }[];
  workloads: { op: string; param: string | null; algorithms: readonly string[] }[];
  backends: { name: string; description: string }[];
  /** Backends whose library could not be loaded here. */
  unavailable: string[];
  protocols: { name: string; title: string; votes: string; certificates: string; source: string }[];
  /** The regions of the shipped latency table (`--network geo`), its default set and its source. */
  geo: { regions: string[]; defaultRegions: string[]; source: string };
  support: { op: string; algorithm: string; backend: string; supported: string }[];
}

export async function listing(modules: string[] = []): Promise<Listing> {
  const dir = join(PACKAGE_ROOT, 'scenarios');
  const scenarios = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const raw = readJsonFile(join(dir, f)) as { name?: string; description?: string };
      return { name: raw.name ?? f, file: `scenarios/${f}`, description: raw.description ?? '' };
    });
  const backends = [...(await loadBackends(modules)).values()];
  const workloads = OPS.map((op) => ({ op, param: OP_PARAMS[op]?.field ?? null, algorithms: algorithmsFor(op) }));
  const rows: Listing['support'] = [];
  for (const w of workloads) {
    if (w.op === 'merkle' || w.op === 'spin' || w.op === 'verify' || w.op === 'aggregate-verify') continue; // same as hash / sign / fast-aggregate-verify
    if (w.op === 'verify-batch') {
      // Only rows where some backend has a batch method; the rest would be all "no".
      for (const alg of w.algorithms) {
        const cells = backends.map((b) => ({
          op: w.op,
          algorithm: alg,
          backend: b.name,
          supported: support(b, w.op, alg),
        }));
        if (cells.some((c) => c.supported === 'yes')) rows.push(...cells);
      }
      continue;
    }
    for (const alg of w.algorithms)
      for (const b of backends)
        rows.push({ op: w.op, algorithm: alg, backend: b.name, supported: support(b, w.op, alg) });
  }
  const protocols = Object.values(PROTOCOL_SPECS).map((p) => ({
    name: p.name,
    title: p.title,
    votes: p.voteScheme,
    certificates: p.certificates,
    source: p.source,
  }));
  const table = shippedLatencyTable();
  return {
    scenarios,
    workloads,
    backends: backends.map((b) => ({ name: b.name, description: b.description })),
    unavailable: backends.filter((b) => b.unavailable).map((b) => b.name),
    protocols,
    geo: { regions: table.regions, defaultRegions: table.defaultRegions, source: table.source },
    support: rows,
  };
}

export function renderListing(l: Listing): string {
  const rowKey = (s: Listing['support'][number]) => (s.op === 'verify-batch' ? `${s.algorithm} (batch)` : s.algorithm);
  const keys = [...new Set(l.support.map(rowKey))];
  const cell = (key: string, backend: string) =>
    l.support.find((s) => rowKey(s) === key && s.backend === backend)?.supported ?? '';
  const matrix = keys.map((key) => [key, ...l.backends.map((b) => (cell(key, b.name) === 'yes' ? 'yes' : '—'))]);
  // Why not: per backend, the algorithms that share a reason on one line.
  const why: string[][] = [];
  for (const b of l.backends) {
    const byReason = new Map<string, string[]>();
    for (const key of keys) {
      const v = cell(key, b.name);
      if (v.startsWith('no (')) byReason.set(v.slice(4, -1), [...(byReason.get(v.slice(4, -1)) ?? []), key]);
    }
    // A specialised library lacking what it was never meant to do is said by its description.
    const specialised = OPTIONAL_BACKENDS.includes(b.name) && !l.unavailable.includes(b.name);
    for (const [reason, algs] of byReason)
      if (!specialised) why.push([b.name, algs.length === keys.length ? 'all' : algs.join(', '), reason]);
  }
  return [
    'Scenarios',
    renderTable(
      [{ header: 'name' }, { header: 'file' }, { header: 'description' }],
      l.scenarios.map((s) => [s.name, s.file, s.description]),
    ),
    '',
    'Workloads (op: parameter → algorithms)',
    renderTable(
      [{ header: 'op' }, { header: 'parameter' }, { header: 'algorithms' }],
      l.workloads.map((w) => [w.op, w.param ?? '', w.algorithms.join(', ')]),
    ),
    '',
    'Consensus protocols (op "consensus")',
    renderTable(
      [
        { header: 'protocol' },
        { header: 'votes' },
        { header: 'certificates' },
        { header: 'title' },
        { header: 'follows' },
      ],
      l.protocols.map((p) => [p.name, p.votes, p.certificates, p.title, p.source]),
    ),
    '',
    // The names and the source are read from the shipped data file: shown escaped all the same.
    printable(`Geo regions (--network geo --regions a,b,…): ${l.geo.regions.join(', ')}`),
    printable(`  default, in placement order: ${l.geo.defaultRegions.join(', ')}`),
    `  latencies from ${printable(l.geo.source)}`,
    '',
    'Backends',
    renderTable(
      [{ header: 'name' }, { header: 'description' }],
      l.backends.map((b) => [b.name, b.description]),
    ),
    '',
    'Support (algorithm × backend; sign, verify and aggregation follow the algorithm, merkle and spin the hash)',
    renderTable([{ header: 'algorithm' }, ...l.backends.map((b) => ({ header: b.name }))], matrix),
    '',
    'Why not (native and WebAssembly backends cover what their description says)',
    renderTable([{ header: 'backend' }, { header: 'algorithms' }, { header: 'reason' }], why),
  ].join('\n');
}
