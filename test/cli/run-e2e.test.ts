import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/results/reader.js';
import { createUnique } from '../../src/results/writer.js';
import { loadScenario, resolvePlan } from '../../src/kinds/index.js';
import type { CaseResult, ResultFile } from '../../src/results/schema.js';
import { ROOT, cli, cliAsync, tempDir } from '../helpers.js';

/** Version in a package directory's package.json: '' for chainmark itself, else a dependency's name. */
const pkgVersion = (dependency: string): string => {
  const dir = dependency ? join(ROOT, 'node_modules', dependency) : ROOT;
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
};
const FAST = ['--time', '40', '--repeat', '3', '--warmup', '10'];
const BUNDLED_SCENARIOS = ['quick', 'hashing', 'signatures', 'full'];

describe('chainmark run writes a complete, self-describing result file', () => {
  const dir = tempDir();
  const scenarioFile = join(dir, 'tiny.json');
  const outFile = join(dir, 'r.json');
  const args = ['run', scenarioFile, '--threads', '1,2', ...FAST, '--out', outFile, '--no-progress'];
  let res: SpawnSyncReturns<string>;
  let result: ResultFile;

  beforeAll(() => {
    writeFileSync(
      scenarioFile,
      JSON.stringify({
        name: 'tiny',
        seed: 11,
        cases: [
          { op: 'hash', algorithms: ['sha256'], sizes: [32], backends: ['noble', 'node'] },
          { op: 'verify', algorithms: ['ed25519'], backends: ['node'] },
          { op: 'hash', algorithms: ['blake3'], sizes: [32], backends: ['node'] },
        ],
      }),
    );
    res = cli(args);
    result = readResultFile(outFile);
  });

  const ok = () => result.cases.filter((c): c is Extract<CaseResult, { status: 'ok' }> => c.status === 'ok');

  it('exits 0 and names the result file on stderr', () => {
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr.trimEnd().split('\n').at(-1)).toBe(`result: ${outFile}`);
  });

  it('carries the schema, the tool and the run', () => {
    expect(result.schema).toBe('chainmark/result@1');
    expect(result.tool).toEqual({ name: 'chainmark', version: pkgVersion('') });
    expect(result.run.status).toBe('complete');
    expect(result.run.seed).toBe(11);
    expect(result.run.scenario.name).toBe('tiny');
    expect(result.run.argv).toEqual(args);
    expect(result.run.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const started = Date.parse(result.run.startedAt);
    const finished = Date.parse(result.run.finishedAt);
    expect(Number.isFinite(started) && Number.isFinite(finished)).toBe(true);
    expect(started).toBeLessThanOrEqual(finished);
    // The only warning a healthy run may carry depends on the machine's load: a warm-up that did not settle.
    expect(result.warnings.filter((w: { code: string }) => w.code !== 'warmup-unsettled')).toEqual([]);
    expect(result.scaling).toEqual([]);
  });

  it('records how each case warmed up', () => {
    for (const c of result.cases.filter((x: { status: string }) => x.status === 'ok')) {
      expect(c.warmup.ms).toBeGreaterThanOrEqual(c.settings.warmupMs);
      expect(typeof c.warmup.steady).toBe('boolean');
      // A warm-up that did not settle is named in a warning, so a reader can discount the case.
      if (!c.warmup.steady)
        expect(
          result.warnings.some(
            (w: { code: string; cases?: string[] }) => w.code === 'warmup-unsettled' && w.cases?.includes(c.id),
          ),
        ).toBe(true);
    }
  });

  it('records the machine', () => {
    const s = result.system;
    expect(s.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(s.hostname).toBe(hostname());
    expect(s.hostnameAnonymized).toBe(false);
    expect(typeof s.cpu.brand).toBe('string');
    expect(s.cpu.brand.length).toBeGreaterThan(0);
    expect(s.cpu.logicalCores).toBeGreaterThanOrEqual(1);
    expect(typeof s.cpu.flags).toBe('object');
    expect(typeof s.cpu.flags.sha_ni).toBe('boolean');
    expect(s.memory.totalBytes).toBeGreaterThan(0);
    expect(s.os.kernel.length).toBeGreaterThan(0);
    expect(s.runtime.node).toBe(process.versions.node);
    expect(s.libraries['@noble/hashes']).toBe(pkgVersion('@noble/hashes'));
    expect(s.libraries['@noble/curves']).toBe(pkgVersion('@noble/curves'));
    expect(s.libraries.openssl).toBe(process.versions.openssl);
    expect(Array.isArray(s.load.before)).toBe(true);
    expect(Array.isArray(s.load.after)).toBe(true);
    expect(s.load.before.every(Number.isFinite)).toBe(true);
  });

  it('has every planned case exactly once, in plan order', () => {
    const plan = resolvePlan(loadScenario(scenarioFile, ['noble', 'node']), scenarioFile, { threads: [1, 2] }, [
      'noble',
      'node',
    ]);
    const expected = [
      'hash/sha256/noble/32B/t1',
      'hash/sha256/node/32B/t1',
      'verify/ed25519/node/t1',
      'hash/blake3/node/32B/t1',
      'hash/sha256/noble/32B/t2',
      'hash/sha256/node/32B/t2',
      'verify/ed25519/node/t2',
      'hash/blake3/node/32B/t2',
    ];
    expect(plan.cases.map((c) => c.id)).toEqual(expected);
    expect(result.cases.map((c) => c.id)).toEqual(expected);
  });

  it('describes each case: op, algorithm, backend, parameters, threads, settings', () => {
    const c = result.cases.find((x) => x.id === 'hash/sha256/node/32B/t2')!;
    expect(c).toMatchObject({
      kind: 'primitive',
      op: 'hash',
      algorithm: 'sha256',
      backend: 'node',
      params: { sizeBytes: 32 },
      threads: 2,
    });
    expect(c.settings).toEqual({ timeMs: 40, warmupMs: 10, repeat: 3 });
    expect(result.cases.find((x) => x.id === 'verify/ed25519/node/t1')!.params).toEqual({});
    for (const x of result.cases) expect(x.wallMs).toBeGreaterThanOrEqual(0);
  });

  it('runs the supported cases and skips node’s BLAKE3 with the reason', () => {
    expect(
      ok()
        .map((c) => c.id)
        .sort(),
    ).toEqual(
      result.cases
        .filter((c) => !c.id.startsWith('hash/blake3/'))
        .map((c) => c.id)
        .sort(),
    );
    for (const id of ['hash/blake3/node/32B/t1', 'hash/blake3/node/32B/t2']) {
      const c = result.cases.find((x) => x.id === id)!;
      expect(c.status).toBe('skipped');
      expect(c.status !== 'ok' && c.error).toMatch(/BLAKE3/);
      expect(c).not.toHaveProperty('metrics');
    }
  });

  it('gives each ok case `repeat` samples and a consistent summary', () => {
    for (const c of ok()) {
      const r = c.metrics.opsPerSec;
      expect(r.samples, c.id).toHaveLength(3);
      for (const x of r.samples) expect(x > 0 && Number.isFinite(x), c.id).toBe(true);
      expect(r.median).toBeGreaterThanOrEqual(Math.min(...r.samples));
      expect(r.median).toBeLessThanOrEqual(Math.max(...r.samples));
      expect(r.mean).toBeCloseTo(r.samples.reduce((a, b) => a + b, 0) / 3, 6);
      // The median's 95% CI: around the median, above zero.
      const [lo, hi] = r.ci95!;
      expect(lo, c.id).toBeGreaterThan(0);
      expect(lo, c.id).toBeLessThanOrEqual(r.median);
      expect(r.median, c.id).toBeLessThanOrEqual(hi);
      expect(r.cv).toBeGreaterThanOrEqual(0);
      const l = c.metrics.latencyMs;
      expect(l.count).toBeGreaterThan(0);
      expect(l.p50).toBeGreaterThan(0);
      expect(l.p50).toBeLessThanOrEqual(l.p95);
      expect(l.p95).toBeLessThanOrEqual(l.p99);
      expect(c.metrics.batch).toBeGreaterThanOrEqual(1);
      expect(c.metrics.totalOps).toBeGreaterThan(0);
    }
  });

  it('reports one rate per thread', () => {
    for (const c of ok()) {
      expect(c.metrics.perThreadOpsPerSec, c.id).toHaveLength(c.threads);
      for (const x of c.metrics.perThreadOpsPerSec) expect(x).toBeGreaterThan(0);
    }
  });

  it('sets scaling efficiency at two threads from the one-thread sibling, null at one', () => {
    for (const c of ok()) {
      if (c.threads === 1) {
        expect(c.metrics.scalingEfficiency, c.id).toBeNull();
        continue;
      }
      const one = ok().find((x) => x.id === c.id.replace(/\/t2$/, '/t1'))!;
      expect(typeof c.metrics.scalingEfficiency, c.id).toBe('number');
      expect(c.metrics.scalingEfficiency).toBeCloseTo(
        c.metrics.opsPerSec.median / (2 * one.metrics.opsPerSec.median),
        9,
      );
    }
  });

  it('adds bytes per second for hash cases only', () => {
    for (const c of ok()) {
      if (c.op === 'hash') {
        expect(c.metrics.bytesPerSec, c.id).toBeDefined();
        expect(c.metrics.bytesPerSec!.median).toBeCloseTo(c.metrics.opsPerSec.median * 32, 3);
      } else {
        expect(c.metrics.bytesPerSec, c.id).toBeUndefined();
      }
    }
  });
});

// From here to the repeat-1 run: small runs and listings, each with files of its own, two at a
// time (vitest.config.ts).
describe.concurrent('chainmark run refuses a bad scenario before running anything', () => {
  it('exits 2 with one line naming the file and the field, and writes no file', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ name: 'bad', cases: [{ op: 'hash', algorithms: ['sha256'], threads: ['two'] }] }),
    );
    const outDir = join(dir, 'out');
    const res = await cliAsync(['run', bad, '--out', `${outDir}/`, '--no-progress']);
    expect(res.status).toBe(2);
    expect(res.stderr).toBe(`chainmark: ${bad}: cases[0].threads[0] must be a positive integer, got "two"\n`);
    expect(res.stdout).toBe('');
    expect(existsSync(outDir)).toBe(false);
  });
});

describe.concurrent('chainmark run --json and --out <dir>/', () => {
  it('prints the result as JSON and writes <UTC stamp>-<host>-<scenario>.json into the directory', async () => {
    const dir = tempDir();
    const scenario = join(dir, 's.json');
    writeFileSync(
      scenario,
      JSON.stringify({
        name: 'tiny-json',
        cases: [{ op: 'hash', algorithms: ['sha256'], sizes: [32], backends: ['node'] }],
      }),
    );
    const outDir = join(dir, 'results');
    const res = await cliAsync([
      'run',
      scenario,
      '--threads',
      '1',
      '--time',
      '30',
      '--repeat',
      '2',
      '--warmup',
      '10',
      '--out',
      `${outDir}/`,
      '--json',
      '--no-progress',
    ]);
    expect(res.status, res.stderr).toBe(0);

    const printed = JSON.parse(res.stdout) as ResultFile;
    expect(printed.schema).toBe('chainmark/result@1');
    expect(printed.cases.map((c) => [c.id, c.status])).toEqual([['hash/sha256/node/32B/t1', 'ok']]);

    const files = readdirSync(outDir);
    expect(files).toHaveLength(1);
    // 2026-11-28T01:27:11.123Z → 20261128T012711Z
    const stamp = printed.run.startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    expect(stamp).toMatch(/^\d{8}T\d{6}Z$/);
    const host = hostname().replace(/[^A-Za-z0-9._-]/g, '_');
    expect(files[0]).toBe(`${stamp}-${host}-tiny-json.json`);
    expect(readResultFile(join(outDir, files[0]!))).toEqual(printed);
  });
});

describe.concurrent('result files never overwrite each other', () => {
  it('a second file with the same base name gets a -2 suffix; both contents survive; no temp files remain', () => {
    const dir = tempDir();
    const first = createUnique(dir, '20261128T012711Z-vm-quick', '{"n":1}\n');
    const second = createUnique(dir, '20261128T012711Z-vm-quick', '{"n":2}\n');
    const third = createUnique(dir, '20261128T012711Z-vm-quick', '{"n":3}\n');
    expect(first).toBe(join(dir, '20261128T012711Z-vm-quick.json'));
    expect(second).toBe(join(dir, '20261128T012711Z-vm-quick-2.json'));
    expect(third).toBe(join(dir, '20261128T012711Z-vm-quick-3.json'));
    expect(readFileSync(first, 'utf8')).toBe('{"n":1}\n');
    expect(readFileSync(second, 'utf8')).toBe('{"n":2}\n');
    expect(readFileSync(third, 'utf8')).toBe('{"n":3}\n');
    expect(readdirSync(dir).sort()).toEqual([
      '20261128T012711Z-vm-quick-2.json',
      '20261128T012711Z-vm-quick-3.json',
      '20261128T012711Z-vm-quick.json',
    ]);
    expect(readdirSync(dir).filter((f) => f.startsWith('.chainmark-tmp-'))).toEqual([]);
  });

  it('an exact name (an explicit --out file) is replaced, without a temp file left behind', () => {
    const dir = tempDir();
    createUnique(dir, 'r.json', 'old\n', true);
    const path = createUnique(dir, 'r.json', 'new\n', true);
    expect(path).toBe(join(dir, 'r.json'));
    expect(readFileSync(path, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['r.json']);
  });
});

describe.concurrent('chainmark --help and list', () => {
  it('--help lists the run, list and sysinfo commands', async () => {
    const res = await cliAsync(['--help']);
    expect(res.status).toBe(0);
    for (const cmd of ['run', 'list', 'sysinfo'])
      expect(res.stdout).toMatch(new RegExp(`^\\s*chainmark ${cmd}\\b`, 'm'));
  });

  it('list shows the bundled scenarios, the backends, the protocols and node’s missing BLAKE3', async () => {
    const res = await cliAsync(['list']);
    expect(res.status, res.stderr).toBe(0);
    for (const name of BUNDLED_SCENARIOS)
      expect(res.stdout).toMatch(new RegExp(`^${name}\\s+scenarios/${name}\\.json`, 'm'));
    expect(res.stdout).toMatch(/^noble\s+pure JavaScript/m);
    expect(res.stdout).toMatch(/^node\s+node:crypto/m);
    // Support matrix rows: algorithm, noble, node, then the optional backends; reasons below.
    expect(res.stdout).toMatch(/^blake3\s+yes\s+—\s/m);
    expect(res.stdout).toMatch(/^sha256\s+yes\s+yes\s/m);
    expect(res.stdout).toMatch(/^node\s+blake3\s+.*BLAKE3/m);
    // The consensus protocols are listed with their vote schemes.
    expect(res.stdout).toMatch(/^pbft\s+ed25519\s+list\s/m);
    expect(res.stdout).toMatch(/^hotstuff-bls\s+bls12-381\s+aggregate\s/m);
  });

  it('list --json parses and says the same', async () => {
    const res = await cliAsync(['list', '--json']);
    expect(res.status, res.stderr).toBe(0);
    const l = JSON.parse(res.stdout) as {
      scenarios: { name: string; file: string }[];
      backends: { name: string }[];
      support: { op: string; algorithm: string; backend: string; supported: string }[];
    };
    expect(l.scenarios.map((s) => s.name)).toEqual(expect.arrayContaining(BUNDLED_SCENARIOS));
    expect(l.backends.map((b) => b.name)).toEqual(['noble', 'node', 'blst', 'sodium', 'secp256k1', 'wasm']);
    expect(
      l.support.find((s) => s.op === 'hash' && s.algorithm === 'blake3' && s.backend === 'node')?.supported,
    ).toMatch(/^no \(/);
    expect(l.support.find((s) => s.op === 'hash' && s.algorithm === 'blake3' && s.backend === 'noble')?.supported).toBe(
      'yes',
    );
  });
});

describe('a run of one sample per case (repeat 1)', () => {
  const dir = tempDir();
  const scenario = join(dir, 'one.json');
  const out = join(dir, 'one-result.json');
  let res: SpawnSyncReturns<string>;

  beforeAll(() => {
    writeFileSync(
      scenario,
      JSON.stringify({ name: 'one', cases: [{ op: 'hash', algorithms: ['sha256'], sizes: [32], backends: ['node'] }] }),
    );
    res = cli(['run', scenario, '--threads', '1', '--time', '30', '--repeat', '1', '--warmup', '10', '--out', out]);
  });

  it('records no interval, and the summary and the markdown report show none', () => {
    expect(res.status, res.stderr).toBe(0);
    const [c] = readResultFile(out).cases;
    expect(c?.status).toBe('ok');
    expect(c?.status === 'ok' && c.kind === 'primitive' && c.metrics.opsPerSec.ci95).toBeNull();
    const lines = res.stdout.split('\n');
    const header = lines.find((l) => l.startsWith('case '))!;
    const row = lines.find((l) => l.startsWith('hash/sha256/node/32B'))!;
    const end = header.indexOf('95% CI') + '95% CI'.length;
    expect(row.slice(0, end).trimEnd().split(/\s+/).at(-1)).toBe('—');
    expect(res.stdout).not.toContain('±');
    const md = cli(['report', out, '--format', 'md']);
    expect(md.status, md.stderr).toBe(0);
    expect(
      md.stdout
        .split('\n')
        .find((l) => l.startsWith('| hash/sha256/node/32B '))!
        .split(' | ')[3],
    ).toBe('—');
  });
});

describe('chainmark run shows paths from its arguments escaped', () => {
  it('an --out path with ESC and a carriage return is written as given and shown as escapes', async () => {
    const dir = tempDir();
    const scenario = join(dir, 's.json');
    writeFileSync(
      scenario,
      JSON.stringify({ name: 's', cases: [{ op: 'hash', algorithms: ['sha256'], sizes: [32], backends: ['node'] }] }),
    );
    const out = join(dir, 'a\u001b[2Jb\rc.json');
    const res = await cliAsync(['run', scenario, '--threads', '1', ...FAST, '--out', out, '--no-progress']);
    expect(res.status, res.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(res.stderr).not.toContain('\u001b');
    expect(res.stderr).not.toContain('\r');
    expect(res.stderr).toContain(`result: ${join(dir, 'a\\x1b[2Jb\\rc.json')}`);
  });
});
