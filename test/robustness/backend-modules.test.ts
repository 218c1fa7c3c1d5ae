/**
 * A --backend-module that misbehaves while it loads, or right after: each ends the run before any
 * case with one line naming the module and what went wrong, exit code 2, and no result file.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_LOAD_TIMEOUT_MS } from '../../src/workloads/backends/index.js';
import { tempDir } from '../helpers.js';
import { FAST, startCli, writeScenario } from './support.js';

/** A module exporting `backend` with these fields (JavaScript source) over a shape that passes. */
function backendModule(dir: string, file: string, body: string, prelude = ''): string {
  const path = join(dir, file);
  writeFileSync(
    path,
    `${prelude}
const unsupported = { unsupported: 'only a test' };
export const backend = {
  name: 'plugin',
  libraries: () => ({}),
  hash: () => unsupported,
  signature: () => unsupported,
  bls: () => unsupported,
  ${body}
};
`,
  );
  return path;
}

/** The CLI's run of a one-case scenario with `module`, started now. */
function startWith(module: string) {
  const dir = tempDir();
  const out = join(dir, 'out.json');
  const scenario = writeScenario(dir, 'plugin', {
    cases: [{ op: 'hash', algorithms: ['sha256'], sizes: [32], backends: ['node'] }],
  });
  return { run: startCli(['run', scenario, ...FAST, '--backend-module', module, '--out', out]), out };
}

async function runWith(module: string) {
  const { run, out } = startWith(module);
  return { res: await run.exited, out };
}

/**
 * The modules that never finish loading. Each run only waits out BACKEND_LOAD_TIMEOUT_MS, so all
 * of them start before the file's first test and wait while the other tests run; their own tests,
 * last in the file, then read what each run said.
 */
const STALLS = {
  // Keeps the event loop alive: the import would wait for ever.
  interval: { body: '', prelude: 'await new Promise(() => setInterval(() => {}, 1000));' },
  // Nothing else pending: Node would end with exit code 13 and say nothing.
  await: { body: '', prelude: 'await new Promise(() => {});' },
  ready: { body: 'ready: () => new Promise(() => setInterval(() => {}, 1000)),', prelude: '' },
};
type Stall = keyof typeof STALLS;
const stalled = new Map<Stall, { module: string; startedAt: number } & ReturnType<typeof startWith>>();

beforeAll(() => {
  for (const [name, { body, prelude }] of Object.entries(STALLS) as [Stall, (typeof STALLS)[Stall]][]) {
    const module = backendModule(tempDir(), `stalls-${name}.mjs`, body, prelude);
    stalled.set(name, { module, startedAt: Date.now(), ...startWith(module) });
  }
});
// A run whose test was filtered out is not left behind.
afterAll(() => {
  for (const { run } of stalled.values()) if (run.child.exitCode === null) run.child.kill();
});

describe('a backend module that fails right after loading', () => {
  it.each([
    ['a throwing getter', "get hash() { throw new Error('hash getter broke'); },", 'hash getter broke'],
    [
      'a rejecting ready()',
      "ready: async () => { throw new RangeError('no wasm here'); },",
      'RangeError: no wasm here',
    ],
    ['a throwing libraries()', "libraries: () => { throw new TypeError('no versions'); },", 'TypeError: no versions'],
  ])('%s: exit 2, naming the module and the error', async (_, body, error) => {
    const dir = tempDir();
    const module = backendModule(dir, 'fails.mjs', body);
    const { res, out } = await runWith(module);
    expect(res.stderr.trim()).toBe(`chainmark: ${module}: backend module failed after loading: ${error}`);
    expect(res.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('a backend name that would corrupt case ids and tables', () => {
  it.each([['a/b'], ['two\nlines'], ['\u001b[2Jclear'], ['with space'], ['a,b'], [''], ['x'.repeat(33)]])(
    '%j is refused, naming the module and the allowed characters',
    async (name) => {
      const dir = tempDir();
      const module = backendModule(dir, 'named.mjs', `name: ${JSON.stringify(name)},`);
      const { res, out } = await runWith(module);
      expect(res.stderr.trim()).toBe(
        `chainmark: ${module}: backend name ${JSON.stringify(name)} is not allowed: it must be 1 to 32 letters, digits, ".", "_" or "-", starting with a letter or digit`,
      );
      expect(res.stderr).not.toContain('\u001b');
      expect(res.code).toBe(2);
      expect(existsSync(out)).toBe(false);
    },
  );

  it('a name of letters, digits, dot, dash and underscore is accepted (control)', async () => {
    const dir = tempDir();
    const module = backendModule(dir, 'good.mjs', "name: 'My_lib-2.0',");
    const { res, out } = await runWith(module);
    expect(res.code, res.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
  });
});

describe('a backend module that never finishes loading', () => {
  it.each([
    ['an import that never settles', 'interval'],
    ['a top-level await that never settles', 'await'],
  ] as const)(
    '%s: refused after the load timeout, naming the module',
    async (_, stall) => {
      const { module, startedAt, run, out } = stalled.get(stall)!;
      const res = await run.exited;
      expect(res.stderr.trim()).toBe(
        `chainmark: ${module}: cannot load backend module: its import did not finish within ${BACKEND_LOAD_TIMEOUT_MS / 1000} s (a top-level await that never settles?)`,
      );
      expect(res.code).toBe(2);
      expect(res.endedAt - startedAt).toBeGreaterThanOrEqual(BACKEND_LOAD_TIMEOUT_MS);
      expect(existsSync(out)).toBe(false);
    },
    BACKEND_LOAD_TIMEOUT_MS + 60_000,
  );

  it(
    'a ready() that never settles: refused after the timeout, naming the module',
    async () => {
      const { module, run } = stalled.get('ready')!;
      const res = await run.exited;
      expect(res.stderr.trim()).toBe(
        `chainmark: ${module}: backend module failed after loading: backend.ready() did not finish within ${BACKEND_LOAD_TIMEOUT_MS / 1000} s`,
      );
      expect(res.code).toBe(2);
    },
    BACKEND_LOAD_TIMEOUT_MS + 60_000,
  );
});
