/**
 * `run --only-failed <result file>`: re-runs the cases whose status is not ok, with the settings
 * the file records, into a new result file; the old file is never changed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planFailedCases } from '../../src/run/only-failed.js';
import { readResultFile, validateResult } from '../../src/results/reader.js';
import type { ResultFile } from '../../src/results/schema.js';
import { tempDir } from '../helpers.js';
import { BACKENDS_DIR, GOOD_RESULT, runCli, writeScenario, type Exited } from './support.js';

const FLAKY = ['--backend-module', join(BACKENDS_DIR, 'flaky.mjs')];

describe('run --only-failed with a result file that has one errored case', () => {
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
      cases: [{ op: 'hash', algorithms: ['sha256'], sizes: [64], backends: ['node', 'flaky'], timeMs: 25, warmupMs: 5, repeat: 3, thresholdPct: 7 }],
    });
    // The flaky backend fails in its workers while CHAINMARK_TEST_FAIL is set.
    firstRes = await runCli(['run', scenario, '--threads', '1', '--no-progress', '--out', first, ...FLAKY], { CHAINMARK_TEST_FAIL: '1' });
    firstText = readFileSync(first, 'utf8');
    res = await runCli(['run', '--only-failed', first, '--no-progress', '--out', `${out}/`, ...FLAKY]);
    rerunPath = join(out, readdirSync(out)[0]!);
    rerun = readResultFile(rerunPath);
  }, 120_000);

  it('the first run has the errored case', () => {
    expect(firstRes.code, firstRes.stderr).toBe(1);
    const old = readResultFile(first);
    expect(old.cases.map((c) => `${c.id} ${c.status}`)).toEqual(['hash/sha256/node/64B/t1 ok', 'hash/sha256/flaky/64B/t1 errored']);
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
    for (const key of ['id', 'op', 'algorithm', 'backend', 'params', 'threads', 'settings', 'thresholdPct'] as const) expect(after[key], key).toEqual(before[key]);
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
    expect(again.stderr).toMatch(/^chainmark: command line: --out names .*first\.json", the file being re-run; --only-failed writes a new result file/);
    expect(readFileSync(first, 'utf8')).toBe(firstText);
  });

  it('refuses flags that would change the recorded settings, and a scenario', async () => {
    const withTime = await runCli(['run', '--only-failed', first, '--time', '10', '--out', `${dir}/x/`, ...FLAKY]);
    expect(withTime.code).toBe(2);
    expect(withTime.stderr).toBe('chainmark: command line: --only-failed re-runs cases with their recorded settings and cannot be combined with --time\n');
    const withScenario = await runCli(['run', 'quick', '--only-failed', first, '--out', `${dir}/x/`, ...FLAKY]);
    expect(withScenario.code).toBe(2);
    expect(withScenario.stderr).toContain('cannot be combined with a scenario file');
  });

  it('names the backend module it needs when the failed case used one', async () => {
    const withoutModule = await runCli(['run', '--only-failed', first, '--out', `${dir}/y/`]);
    expect(withoutModule.code).toBe(2);
    expect(withoutModule.stderr.startsWith(`chainmark: ${first}: cases[1].backend is "flaky", a backend this run does not have (known: noble, node`)).toBe(true);
    expect(withoutModule.stderr).toMatch(/\); load its module with --backend-module\n$/);
  });
});

describe('run --only-failed with nothing to re-run', () => {
  it('says so, exits 0 and writes nothing', async () => {
    const dir = tempDir();
    const res = await runCli(['run', '--only-failed', GOOD_RESULT, '--out', `${dir}/out/`]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe(`chainmark: ${GOOD_RESULT}: every case is ok; nothing to re-run\n`);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('planFailedCases', () => {
  it('rebuilds a failed consensus case from its record: protocol, nodes, block, faults, rounds, network, threads', () => {
    const raw = JSON.parse(readFileSync(GOOD_RESULT, 'utf8')) as { run: { seed: number }; cases: unknown[] };
    raw.run.seed = 9;
    raw.cases.push({
      id: 'consensus/tendermint/node/n7/2-byzantine/t2', kind: 'consensus', op: 'consensus', algorithm: 'tendermint', protocol: 'tendermint', backend: 'node',
      params: { nodes: 7, f: 2, quorum: 5, voteScheme: 'ed25519', txs: 16, txScheme: 'secp256k1', txBackend: 'noble', faulty: 2, fault: 'byzantine' },
      threads: 2, settings: { rounds: 3, repeat: 3, network: { preset: 'custom', latencyMs: 12.5, bandwidthMbps: 50 } }, wallMs: 10,
      status: 'failed-check', error: 'a round did not commit',
    });
    const plan = planFailedCases(validateResult(raw, 'r.json'), 'r.json', ['noble', 'node']);
    expect(plan.seed).toBe(9);
    expect(plan.cases).toEqual([
      {
        id: 'consensus/tendermint/node/n7/2-byzantine/t2',
        kind: 'consensus',
        spec: { protocol: 'tendermint', backend: 'node', nodes: 7, txs: 16, txScheme: 'secp256k1', txBackend: 'noble', faulty: 2, fault: 'byzantine' },
        threads: 2,
        rounds: 3,
        network: { preset: 'custom', latencyMs: 12.5, bandwidthMbps: 50 },
      },
    ]);
  });
});
