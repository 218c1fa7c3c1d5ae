import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bareNodeLoop, timedLoop } from '../../src/ceiling/bare.js';
import { ceilingPlan, ceilingReport, OPERATIONS } from '../../src/ceiling/ceiling.js';
import { OpensslUnavailable, parseDigest, parseSignVerify, type OpensslSpeed } from '../../src/system/openssl.js';
import { summarizeRate } from '../../src/measure/stats.js';
import { readResultFile } from '../../src/results/reader.js';
import type { CaseResult, ResultFile } from '../../src/results/schema.js';
import { cli, tempDir } from '../helpers.js';

// Output of OpenSSL 3.0's `openssl speed`, as printed on this kind of machine.
const ED25519 = `Doing 253 bits sign Ed25519's for 3s: 105325 253 bits Ed25519 signs in 3.00s
Doing 253 bits verify Ed25519's for 3s: 37627 253 bits Ed25519 verify in 3.00s
version: 3.0.19
CPUINFO: OPENSSL_ia32cap=0xfed83203178bffff:0x18005f42f1bb03a9
                              sign    verify    sign/s verify/s
 253 bits EdDSA (Ed25519)   0.0000s   0.0001s  35110.6  12542.4
`;
const P256 = `                              sign    verify    sign/s verify/s
 256 bits ecdsa (nistp256)   0.0000s   0.0000s  49842.9  20076.9
`;
const SHA = `The 'numbers' are in 1000s of bytes per second processed.
type          16384 bytes
sha256         1621469.87k
`;

describe('reading openssl speed', () => {
  it('takes sign/s and verify/s from the curve line', () => {
    expect(parseSignVerify(ED25519, /Ed25519/)).toEqual({ sign: 35110.6, verify: 12542.4 });
    expect(parseSignVerify(P256, /nistp256/)).toEqual({ sign: 49842.9, verify: 20076.9 });
  });

  it('takes the digest rate in bytes per second (openssl prints thousands)', () => {
    expect(parseDigest(SHA, 'sha256')).toBeCloseTo(1_621_469_870, 0);
  });

  it('refuses output it cannot read rather than guessing', () => {
    expect(() => parseSignVerify('no such line', /Ed25519/)).toThrow(OpensslUnavailable);
    expect(() => parseDigest('sha256 fast', 'sha256')).toThrow(OpensslUnavailable);
  });
});

function speed(scale: number): OpensslSpeed {
  const f = (opsPerSec: number) => ({ opsPerSec: opsPerSec * scale, command: 'openssl speed …' });
  return {
    version: 'OpenSSL 3.0.19',
    ed25519Sign: f(30000),
    ed25519Verify: f(10000),
    p256Sign: f(50000),
    p256Verify: f(20000),
    sha256x16k: f(100000),
  };
}

function ok(id: string, backend: string, median: number): CaseResult {
  const [op, algorithm] = id.split('/') as [string, string];
  return {
    id,
    kind: 'primitive',
    op,
    algorithm,
    backend,
    params: {},
    threads: 1,
    settings: { timeMs: 100, warmupMs: 10, repeat: 3 },
    wallMs: 1,
    status: 'ok',
    metrics: {
      opsPerSec: summarizeRate([median * 0.99, median, median * 1.01]),
      latencyMs: { mean: 1, p50: 1, p95: 1, p99: 1, count: 3 },
      perThreadOpsPerSec: [median],
      scalingEfficiency: null,
      batch: 1,
      totalOps: 3,
    },
  } as CaseResult;
}

describe('ceilingReport', () => {
  const result = {
    system: { runtime: { openssl: '3.0.19' } },
    cases: [
      ok('verify/ed25519/node/t1', 'node', 9700),
      ok('verify/ed25519/noble/t1', 'noble', 700),
      ok('hash/sha256/node/16KiB/t1', 'node', 80000),
      {
        id: 'verify/ed25519/blst/t1',
        kind: 'primitive',
        backend: 'blst',
        status: 'skipped',
        error: 'blst has no ed25519',
      },
    ],
  } as unknown as ResultFile;
  // The machine's figure drifts between the two openssl runs; the ceiling is their mean.
  const r = ceilingReport(result, speed(1), speed(0.98));

  it('gives each backend its fraction of the mean openssl figure, and checks the node targets', () => {
    const ed = r.rows.find((x) => x.operation === 'ed25519 verify' && x.backend === 'node')!;
    expect(ed.openssl).toEqual({ before: 10000, after: 9800, mean: 9900 });
    expect(ed.fraction).toBeCloseTo(9700 / 9900, 9);
    expect(ed).toMatchObject({ target: 0.95, meetsTarget: true });
    const sha = r.rows.find((x) => x.operation === 'sha256, 16 KiB' && x.backend === 'node')!;
    expect(sha.fraction).toBeCloseTo(80000 / 99000, 9);
    expect(sha).toMatchObject({ target: 0.9, meetsTarget: false });
    expect(r.rows.find((x) => x.backend === 'noble')).toMatchObject({ target: null, meetsTarget: null });
  });

  it('leaves out what a backend does not have at all', () => {
    expect(r.rows.some((x) => x.backend === 'blst')).toBe(false);
  });

  it('plans every operation on every backend at one thread', () => {
    const plan = ceilingPlan(['noble', 'node'], { timeMs: 100, warmupMs: 10, repeat: 2, seed: 1 });
    const ids = plan.cases.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining(['sign/ed25519/node/t1', 'verify/ecdsa-p256/noble/t1', 'hash/sha256/node/16KiB/t1']),
    );
    expect(plan.cases.every((c) => c.threads === 1)).toBe(true);
    expect(OPERATIONS.map((o) => o.key)).toEqual([
      'ed25519Sign',
      'ed25519Verify',
      'p256Sign',
      'p256Verify',
      'sha256x16k',
    ]);
  });
});

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) console.warn('NOTICE: no openssl command here: the end-to-end ceiling test is skipped');

describe('the plain node:crypto loop', () => {
  it('splits the node gap into harness cost and binding cost', () => {
    const bare = { before: speed(0.95), after: speed(0.93) };
    const r2 = ceilingReport(result2(), speed(1), speed(1), bare);
    const ed = r2.rows.find((x) => x.operation === 'ed25519 verify' && x.backend === 'node')!;
    // 9300 of a plain loop at 9400: the harness is within noise, the gap is Node's.
    expect(ed.bare).toEqual({ before: 9500, after: 9300, mean: 9400 });
    expect(ed.ofBare).toBeCloseTo(9300 / 9400, 9);
    expect(ed.meetsTarget).toBe(false);
    expect(ed.note).toMatch(/plain node:crypto loop reaches 94\.0% too: the gap is Node's per-call cost/);
    const sha = r2.rows.find((x) => x.operation === 'sha256, 16 KiB' && x.backend === 'node')!;
    // 80000 of a plain loop at 94000: the harness costs 14.9%.
    expect(sha.note).toBe('the harness costs 14.9% against a plain node:crypto loop');
    expect(r2.rows.find((x) => x.backend === 'noble')).toMatchObject({ bare: null, ofBare: null });
  });

  it('measures every operation and checks its answers', () => {
    const f = bareNodeLoop(0.02);
    for (const k of OPERATIONS.map((o) => o.key)) expect(f[k].opsPerSec).toBeGreaterThan(0);
    expect(() => timedLoop(() => false, 0.01, 4, 'a verifier')).toThrow(/a verifier gave a wrong answer/);
  });
});

function result2(): ResultFile {
  return {
    system: { runtime: { openssl: '3.0.19' } },
    cases: [
      ok('verify/ed25519/node/t1', 'node', 9300),
      ok('verify/ed25519/noble/t1', 'noble', 700),
      ok('hash/sha256/node/16KiB/t1', 'node', 80000),
    ],
  } as unknown as ResultFile;
}

const hasTaskset = spawnSync('taskset', ['--version']).status === 0;

describe('chainmark ceiling', () => {
  it('refuses a CPU list it cannot use, before measuring anything', () => {
    const res = cli(['ceiling', '--pin', '1;rm']);
    expect(res.status).toBe(2);
    expect(res.stderr.trim()).toBe('chainmark: command line: --pin must be a CPU list like 1 or 0-1, got "1;rm"');
  });

  it.skipIf(!hasOpenssl)('measures openssl and every backend and writes the result file', () => {
    const dir = tempDir();
    const out = join(dir, 'ceiling.json');
    const pin = hasTaskset ? ['--pin', '0'] : [];
    const res = cli([
      'ceiling',
      '--seconds',
      '1',
      '--time',
      '50',
      '--warmup',
      '0',
      '--repeat',
      '1',
      '--out',
      out,
      '--json',
      ...pin,
    ]);
    expect(res.status, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout) as {
      rows: { operation: string; backend: string; fraction: number | null; ofBare: number | null }[];
      result: string;
      pinned: string | null;
    };
    expect(report.result).toBe(out);
    expect(report.pinned).toBe(hasTaskset ? '0' : null);
    expect(report.rows.find((x) => x.operation === 'ed25519 verify' && x.backend === 'node')?.ofBare).toBeGreaterThan(
      0,
    );
    for (const op of ['ed25519 verify', 'ECDSA P-256 verify', 'sha256, 16 KiB'])
      expect(report.rows.find((x) => x.operation === op && x.backend === 'node')?.fraction).toBeGreaterThan(0);
    const file = readResultFile(out);
    expect(file.run.scenario.name).toBe('ceiling');
    // What the cases were compared against is kept in the file, both sides of the run.
    expect(file.ceiling?.pinned).toBe(hasTaskset ? '0' : null);
    for (const key of OPERATIONS.map((o) => o.key)) {
      expect(file.ceiling?.openssl.before[key], key).toBeGreaterThan(0);
      expect(file.ceiling?.openssl.after[key], key).toBeGreaterThan(0);
      expect(file.ceiling?.plainLoop.before[key], key).toBeGreaterThan(0);
      expect(file.ceiling?.plainLoop.after[key], key).toBeGreaterThan(0);
    }
    expect(file.ceiling?.openssl.commands).toContain('openssl speed -seconds 1 ed25519');
    expect(file.cases.filter((c) => c.status === 'ok').length).toBeGreaterThanOrEqual(9);
  });
});
