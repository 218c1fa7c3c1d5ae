import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadBackends } from '../workloads/backends/index.js';
import { algorithmsFor } from '../workloads/prepare.js';
import { OPS, isUnsupported, type Backend, type HashAlgorithm, type SignatureAlgorithm } from '../workloads/types.js';
import { OP_PARAMS, readJsonFile } from '../scenario/validate.js';
import { PACKAGE_ROOT } from '../system/packages.js';
import { renderTable } from '../report/table.js';

function support(b: Backend, op: string, alg: string): string {
  const impl =
    op === 'hash' || op === 'merkle' || op === 'spin'
      ? b.hash(alg as HashAlgorithm)
      : alg === 'bls12-381'
        ? b.bls()
        : b.signature(alg as Exclude<SignatureAlgorithm, 'bls12-381'>);
  return isUnsupported(impl) ? `no (${impl.unsupported})` : 'yes';
}

export interface Listing {
  scenarios: { name: string; file: string; description: string }[];
  workloads: { op: string; param: string | null; algorithms: readonly string[] }[];
  backends: { name: string; description: string }[];
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
    for (const alg of w.algorithms) for (const b of backends) rows.push({ op: w.op, algorithm: alg, backend: b.name, supported: support(b, w.op, alg) });
  }
  return { scenarios, workloads, backends: backends.map((b) => ({ name: b.name, description: b.description })), support: rows };
}

export function renderListing(l: Listing): string {
  const algs = [...new Set(l.support.map((s) => s.algorithm))];
  const matrix = algs.map((alg) => [alg, ...l.backends.map((b) => l.support.find((s) => s.algorithm === alg && s.backend === b.name)?.supported ?? '')]);
  return [
    'Scenarios',
    renderTable([{ header: 'name' }, { header: 'file' }, { header: 'description' }], l.scenarios.map((s) => [s.name, s.file, s.description])),
    '',
    'Workloads (op: parameter → algorithms)',
    renderTable([{ header: 'op' }, { header: 'parameter' }, { header: 'algorithms' }], l.workloads.map((w) => [w.op, w.param ?? '', w.algorithms.join(', ')])),
    '',
    'Backends',
    renderTable([{ header: 'name' }, { header: 'description' }], l.backends.map((b) => [b.name, b.description])),
    '',
    'Support (algorithm × backend)',
    renderTable([{ header: 'algorithm' }, ...l.backends.map((b) => ({ header: b.name }))], matrix),
  ].join('\n');
}
