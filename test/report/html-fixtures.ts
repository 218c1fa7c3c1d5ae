/**
 * Result files for the HTML report tests: two real runs on this machine (the quick scenario, and
 * PBFT, Tendermint and HotStuff at n = 4, 8, 16 with 2 threads and 3 rounds), read through the
 * result reader, and variants derived from them: another machine, and a hostile one whose strings
 * carry markup.
 */
import { join } from 'node:path';
import { readResultFile } from '../../src/results/reader.js';
import type { ResultFile } from '../../src/results/schema.js';
import { isObject } from '../../src/core/guards.js';

const DIR = join(import.meta.dirname, 'html-fixtures');

export const QUICK_FILE = join(DIR, 'quick.json');
export const CONSENSUS_FILE = join(DIR, 'consensus.json');

export const quick = (): ResultFile => readResultFile(QUICK_FILE);
export const consensus = (): ResultFile => readResultFile(CONSENSUS_FILE);

/** Markup that would run script if a report ever wrote it unescaped. */
export const PAYLOAD = '<img src=x onerror=alert(1)>';
export const PAYLOAD_ESCAPED = '&lt;img src=x onerror=alert(1)&gt;';

/**
 * The same run on another machine `factor` times as fast: every rate (`…PerSec`) multiplied and
 * every time (`…Ms`) divided, samples and CI included.
 */
export function otherMachine(r: ResultFile, hostname: string, factor: number): ResultFile {
  const copy = structuredClone(r);
  copy.system.hostname = hostname;
  copy.system.fingerprint = `fp-${hostname}`;
  for (const c of copy.cases) {
    if (c.status !== 'ok') continue;
    for (const [name, m] of Object.entries(c.metrics)) {
      const k = name.endsWith('PerSec') ? factor : name.endsWith('Ms') ? 1 / factor : null;
      if (k === null || !isObject(m)) continue;
      for (const [field, v] of Object.entries(m)) {
        if (typeof v === 'number' && field !== 'count' && field !== 'cv' && field !== 'outliers') m[field] = v * k;
        else if (Array.isArray(v)) m[field] = v.map((x: unknown) => (typeof x === 'number' ? x * k : x));
      }
    }
  }
  return copy;
}

/**
 * A result whose every free-text field a report shows carries PAYLOAD: hostname, scenario name,
 * a library's name and version, CPU brand, a case's id, algorithm and backend (they reach chart
 * labels), a consensus protocol (it reaches a legend), an error message and a run warning.
 */
export function hostile(r: ResultFile): ResultFile {
  const copy = structuredClone(r);
  copy.system.hostname = PAYLOAD;
  copy.system.cpu.brand = PAYLOAD;
  copy.system.libraries = { ...copy.system.libraries, [PAYLOAD]: PAYLOAD };
  copy.run.scenario.name = PAYLOAD;
  copy.warnings = [...copy.warnings, { code: 'note', message: PAYLOAD }];
  const ok = copy.cases.find((c) => c.status === 'ok' && c.kind === 'primitive');
  if (ok && ok.kind === 'primitive') {
    ok.algorithm = PAYLOAD;
    ok.backend = PAYLOAD;
    ok.id = `${ok.op}/${PAYLOAD}/${PAYLOAD}/t${ok.threads}`;
  }
  const failed = copy.cases.find((c) => c.status !== 'ok');
  if (failed && failed.status !== 'ok') failed.error = PAYLOAD;
  for (const c of copy.cases) {
    if (c.kind === 'consensus' && c.protocol === 'pbft') {
      c.protocol = PAYLOAD;
      c.id = c.id.replace('/pbft/', `/${PAYLOAD}/`);
    }
  }
  return copy;
}

/** One file holding both the quick run's primitive cases and the consensus cases. */
export function combined(): ResultFile {
  const q = quick();
  return {
    ...q,
    cases: [...q.cases, ...consensus().cases],
    scaling: consensus().scaling,
    warnings: [...q.warnings, ...consensus().warnings],
  };
}
