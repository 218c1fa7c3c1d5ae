/**
 * `run --only-failed <result file>`: re-runs the cases whose status is not ok, and the cases the
 * run never reached, with the settings the file records, into a new result file; the old file is
 * never changed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planFailedCases } from '../../src/run/only-failed.js';
import { readResultFile, validateResult } from '../../src/results/reader.js';
import { InputError } from '../../src/core/errors.js';
import type { ResultFile } from '../../src/results/schema.js';
import { tempDir } from '../helpers.js';
import { BACKENDS_DIR, GOOD_RESULT, runCli, writeScenario, type Exited } from './support.js';

const FLAKY = ['--backend-module', join(BACKENDS_DIR, 'flaky.mjs')];

// The runs of these three blocks are independent (a temp dir each, no case timeout): two at a
// time (vitest.config.ts), the two shared runs side by side.
describe.concurrent('run --only-failed with a result file that has one errored case', () => {
  const dir = tempDir();
  const first = join(dir, 'first.json');
  const out = join(dir, 'rerun');
  let firstRes: Exited;
  let firstText: string;
  let res: Exited;
  let rerun: ResultFile;
  let rerunPath: string;

  beforeAll(async () => {
    const scenario = writeScenario(dir, 'flaky', {
      seed: 42,
      cases: [
        {
          op: 'hash',
          algorithms: ['sha256'],
          sizes: [64],
          backends: ['node', 'flaky'],
          timeMs: 25,
          warmupMs: 5,
          repeat: 3,
          thresholdPct: 7,
        },
      ],
    });
    // The flaky backend fails in its workers while CHAINMARK_TEST_FAIL is set.
    firstRes = await runCli(['run', scenario, '--threads', '1', '--no-progress', '--out', first, ...FLAKY], {
      CHAINMARK_TEST_FAIL: '1',
    });
    firstText = readFileSync(first, 'utf8');
    res = await runCli(['run', '--only-failed', first, '--no-progress', '--out', `${out}/`, ...FLAKY]);
    rerunPath = join(out, readdirSync(out)[0]!);
    rerun = readResultFile(rerunPath);
  }, 120_000);

  it('the first run has the errored case, says how to re-run it, and lists nothing as not reached', () => {
    expect(firstRes.code, firstRes.stderr).toBe(1);
    const old = readResultFile(first);
    expect(old.cases.map((c) => `${c.id} ${c.status}`)).toEqual([
      'hash/sha256/node/64B/t1 ok',
      'hash/sha256/flaky/64B/t1 errored',
    ]);
    expect(old.run.status).toBe('complete');
    expect(old.run.notRun).toBeUndefined();
    expect(firstRes.stderr).toContain(
      `1 case(s) failed and 0 not reached; to run them again: chainmark run --only-failed ${first}\n`,
    );
  });

  it('re-runs only that case, now passing, into a new file, and leaves the old file as it was', () => {
    expect(res.code, res.stderr).toBe(0);
    expect(readdirSync(out)).toHaveLength(1);
    expect(res.stderr).toContain(`result: ${rerunPath}\n`);
    expect(rerun.cases.map((c) => `${c.id} ${c.status}`)).toEqual(['hash/sha256/flaky/64B/t1 ok']);
    expect(readFileSync(first, 'utf8')).toBe(firstText);
  });

  it('with the recorded settings: scenario, seed, parameters, threads, timing, threshold', () => {
    const old = readResultFile(first);
    const before = old.cases[1]!;
    const after = rerun.cases[0]!;
    expect(rerun.run.scenario).toEqual(old.run.scenario);
    expect(rerun.run.seed).toBe(42);
    for (const key of ['id', 'op', 'algorithm', 'backend', 'params', 'threads', 'settings', 'thresholdPct'] as const)
      expect(after[key], key).toEqual(before[key]);
    expect(after.settings).toEqual({ timeMs: 25, warmupMs: 5, repeat: 3 });
    expect(after.status === 'ok' && after.metrics.opsPerSec.samples).toHaveLength(3);
  });

  it('records which run it repeats', () => {
    const old = readResultFile(first);
    expect(rerun.run.rerunOf).toEqual({ id: old.run.id, file: resolve(first) });
    expect(rerun.run.id).not.toBe(old.run.id);
    expect(rerun.run.status).toBe('complete');
  });

  it('refuses to write over the file it re-runs', async () => {
    const again = await runCli(['run', '--only-failed', first, '--out', first, ...FLAKY]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /^chainmark: command line: --out names .*first\.json", the file being re-run; --only-failed writes a new result file/,
    );
    expect(readFileSync(first, 'utf8')).toBe(firstText);
  });

  it('refuses flags that would change the recorded settings, and a scenario', async () => {
    const withTime = await runCli(['run', '--only-failed', first, '--time', '10', '--out', `${dir}/x/`, ...FLAKY]);
    expect(withTime.code).toBe(2);
    expect(withTime.stderr).toBe(
      'chainmark: command line: --only-failed re-runs cases with their recorded settings and cannot be combined with --time\n',
    );
    const withScenario = await runCli(['run', 'quick', '--only-failed', first, '--out', `${dir}/x/`, ...FLAKY]);
    expect(withScenario.code).toBe(2);
    expect(withScenario.stderr).toContain('cannot be combined with a scenario file');
  });

  it('names the backend module it needs when the failed case used one', async () => {
    const withoutModule = await runCli(['run', '--only-failed', first, '--out', `${dir}/y/`]);
    expect(withoutModule.code).toBe(2);
    expect(
      withoutModule.stderr.startsWith(
        `chainmark: ${first}: cases[1].backend is "flaky", a backend this run does not have (known: noble, node`,
      ),
    ).toBe(true);
    expect(withoutModule.stderr).toMatch(/\); load its module with --backend-module\n$/);
  });
});

describe.concurrent('run --only-failed after a run that stopped early (--bail)', () => {
  const dir = tempDir();
  const first = join(dir, 'first.json');
  const out = join(dir, 'rest');
  let firstRes: Exited;
  let res: Exited;
  let rest: ResultFile;

  beforeAll(async () => {
    const scenario = writeScenario(dir, 'stops', {
      seed: 7,
      cases: [
        { op: 'hash', algorithms: ['sha256'], sizes: [64], backends: ['flaky'], timeMs: 25, warmupMs: 5, repeat: 2 },
        {
          op: 'hash',
          algorithms: ['sha256'],
          sizes: [64, 128],
          backends: ['node'],
          timeMs: 25,
          warmupMs: 5,
          repeat: 2,
        },
        { op: 'verify', algorithms: ['ed25519'], backends: ['node'], timeMs: 25, warmupMs: 5, repeat: 2 },
      ],
    });
    firstRes = await runCli(['run', scenario, '--threads', '1', '--no-progress', '--bail', '--out', first, ...FLAKY], {
      CHAINMARK_TEST_FAIL: '1',
    });
    res = await runCli(['run', '--only-failed', first, '--no-progress', '--out', `${out}/`, ...FLAKY]);
    rest = readResultFile(join(out, readdirSync(out)[0]!));
  }, 120_000);

  it('the stopped run records the cases it did not reach, as their results would name them', () => {
    expect(firstRes.code, firstRes.stderr).toBe(1);
    const old = readResultFile(first);
    expect(old.run.status).toBe('failed');
    expect(old.cases.map((c) => `${c.id} ${c.status}`)).toEqual(['hash/sha256/flaky/64B/t1 errored']);
    expect(old.run.notRun?.map((c) => c.id)).toEqual([
      'hash/sha256/node/64B/t1',
      'hash/sha256/node/128B/t1',
      'verify/ed25519/node/t1',
    ]);
    expect(old.run.notRun?.[1]).toEqual({
      id: 'hash/sha256/node/128B/t1',
      kind: 'primitive',
      op: 'hash',
      algorithm: 'sha256',
      backend: 'node',
      params: { sizeBytes: 128 },
      threads: 1,
      settings: { timeMs: 25, warmupMs: 5, repeat: 2 },
    });
    expect(firstRes.stderr).toContain(
      `1 case(s) failed and 3 not reached; to run them again: chainmark run --only-failed ${first}\n`,
    );
  });

  it('--only-failed runs the failed case and every case not reached, with the recorded settings', () => {
    expect(res.code, res.stderr).toBe(0);
    expect(rest.cases.map((c) => `${c.id} ${c.status}`)).toEqual([
      'hash/sha256/flaky/64B/t1 ok',
      'hash/sha256/node/64B/t1 ok',
      'hash/sha256/node/128B/t1 ok',
      'verify/ed25519/node/t1 ok',
    ]);
    expect(rest.run.seed).toBe(7);
    expect(rest.run.status).toBe('complete');
    expect(rest.run.notRun).toBeUndefined();
    expect(rest.cases.every((c) => c.settings.repeat === 2)).toBe(true);
  });
});

describe.concurrent('run --only-failed with nothing to re-run', () => {
  it('says so, exits 0 and writes nothing', async () => {
    const dir = tempDir();
    const res = await runCli(['run', '--only-failed', GOOD_RESULT, '--out', `${dir}/out/`]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe(`chainmark: ${GOOD_RESULT}: every case is ok and none is missing; nothing to re-run\n`);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('planFailedCases', () => {
  const withNotRun = (notRun: unknown) => {
    const raw = JSON.parse(readFileSync(GOOD_RESULT, 'utf8')) as { run: Record<string, unknown> };
    raw.run.notRun = notRun;
    return validateResult(raw, 'r.json');
  };
  const head = {
    id: 'hash/sha256/node/1KiB/t2',
    kind: 'primitive',
    op: 'hash',
    algorithm: 'sha256',
    backend: 'node',
    params: { sizeBytes: 1024 },
    threads: 2,
    settings: { timeMs: 50, warmupMs: 10, repeat: 4 },
  };

  it('adds the cases the run did not reach', () => {
    const plan = planFailedCases(withNotRun([head]), 'r.json', ['noble', 'node']);
    expect(plan.cases).toEqual([
      {
        id: head.id,
        kind: 'primitive',
        spec: { op: 'hash', algorithm: 'sha256', backend: 'node', sizeBytes: 1024 },
        threads: 2,
        timeMs: 50,
        warmupMs: 10,
        repeat: 4,
      },
    ]);
  });

  it('checks the not-reached list as untrusted input, naming the field', () => {
    const refused = (notRun: unknown) => {
      try {
        planFailedCases(withNotRun(notRun), 'r.json', ['noble', 'node']);
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(refused('all')).toBe('r.json: run.notRun must be a list, got string');
    expect(refused([null])).toBe('r.json: run.notRun[0] must be an object, got null');
    expect(refused([{ ...head, threads: 0 }])).toBe('r.json: run.notRun[0].threads must be at least 1, got 0');
    expect(refused([{ ...head, backend: 'gpu' }])).toMatch(
      /^r\.json: run\.notRun\[0\]\.backend is "gpu", a backend this run does not have/,
    );
    expect(refused([head, head])).toBe('r.json: run.notRun[1].id repeats case "hash/sha256/node/1KiB/t2"');
  });

  it('rebuilds a failed consensus case from its record: protocol, nodes, block, faults, rounds, network, threads', () => {
    const raw = JSON.parse(readFileSync(GOOD_RESULT, 'utf8')) as { run: { seed: number }; cases: unknown[] };
    raw.run.seed = 9;
    raw.cases.push({
      id: 'consensus/tendermint/node/n7/2-byzantine/t2',
      kind: 'consensus',
      op: 'consensus',
      algorithm: 'tendermint',
      protocol: 'tendermint',
      backend: 'node',
      params: {
        nodes: 7,
        f: 2,
        quorum: 5,
        voteScheme: 'ed25519',
        txs: 16,
        txScheme: 'secp256k1',
        txBackend: 'noble',
        faulty: 2,
        fault: 'byzantine',
      },
      threads: 2,
      settings: { rounds: 3, repeat: 3, network: { preset: 'custom', latencyMs: 12.5, bandwidthMbps: 50 } },
      wallMs: 10,
      status: 'failed-check',
      error: 'a round did not commit',
    });
    const plan = planFailedCases(validateResult(raw, 'r.json'), 'r.json', ['noble', 'node']);
    expect(plan.seed).toBe(9);
    expect(plan.cases).toEqual([
      {
        id: 'consensus/tendermint/node/n7/2-byzantine/t2',
        kind: 'consensus',
        spec: {
          protocol: 'tendermint',
          backend: 'node',
          nodes: 7,
          txs: 16,
          txScheme: 'secp256k1',
          txBackend: 'noble',
          faulty: 2,
          fault: 'byzantine',
        },
        threads: 2,
        rounds: 3,
        network: { preset: 'custom', latencyMs: 12.5, bandwidthMbps: 50 },
        // Recorded before validators had cores: one each, as the model then had.
        validatorCores: 1,
      },
    ]);
  });
});

describe('--only-failed rebuilds a consensus case of opaque commands with its command size and payload mode', () => {
  const failedCase = (params: Record<string, unknown>) => {
    const raw = JSON.parse(readFileSync(GOOD_RESULT, 'utf8')) as { cases: unknown[] };
    raw.cases.push({
      id: 'consensus/hotstuff/node/n4/t1',
      kind: 'consensus',
      op: 'consensus',
      algorithm: 'hotstuff',
      protocol: 'hotstuff',
      backend: 'node',
      params: {
        nodes: 4,
        f: 1,
        quorum: 3,
        voteScheme: 'ed25519',
        txs: 8,
        txScheme: 'none',
        txBackend: 'node',
        faulty: 0,
        fault: 'crash',
        ...params,
      },
      threads: 1,
      settings: { rounds: 1, repeat: 1, network: { preset: 'lan', latencyMs: 0.2, bandwidthMbps: 1000 } },
      wallMs: 10,
      status: 'errored',
      error: 'x',
    });
    return raw;
  };
  const specOf = (params: Record<string, unknown>) =>
    (
      planFailedCases(validateResult(failedCase(params), 'r.json'), 'r.json', ['noble', 'node']).cases[0] as {
        spec: Record<string, unknown>;
      }
    ).spec;
  const refusedWith = (params: Record<string, unknown>): string => {
    try {
      specOf(params);
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      return (err as Error).message;
    }
    throw new Error('not refused');
  };

  it('txBytes and dissemination as recorded; a file without txBytes gets the 128-byte default', () => {
    expect(specOf({ txBytes: 1024, payload: 'dissemination' })).toMatchObject({
      txScheme: 'none',
      txBytes: 1024,
      payload: 'dissemination',
    });
    const plain = specOf({ payload: 'proposal' });
    expect(plain.txBytes).toBe(128);
    expect(plain).not.toHaveProperty('payload');
  });

  it('refuses a command size with signed transactions, out of range, or an unknown payload mode', () => {
    expect(refusedWith({ txScheme: 'ed25519', txBytes: 64 })).toBe(
      'r.json: cases[6].params.txBytes applies to opaque commands (tx scheme none) only, got 64 with tx scheme ed25519',
    );
    expect(refusedWith({ txBytes: 70000 })).toBe('r.json: cases[6].params.txBytes must be at most 65536, got 70000');
    expect(refusedWith({ payload: 'gossip' })).toBe(
      'r.json: cases[6].params.payload must be one of proposal, dissemination, got "gossip"',
    );
  });
});
