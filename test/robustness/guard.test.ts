/**
 * The guard on huge consensus work: each case's duration is estimated from its node count and
 * protocol before anything runs; over an hour the run is refused (exit 2) with the estimate in
 * minutes at this machine's measured speed, unless --force.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_ESTIMATED_MS,
  estimateCaseMs,
  estimatePlan,
  refuseSlowCases,
  type OpCosts,
} from '../../src/consensus/estimate.js';
import { closedFormMessages, expectedWork } from '../../src/consensus/work.js';
import { PROTOCOL_SPECS } from '../../src/consensus/protocols/index.js';
import { resolveNetwork } from '../../src/consensus/defaults.js';
import { loadBackends } from '../../src/workloads/backends/index.js';
import { loadScenario, resolvePlan, type Plan } from '../../src/kinds/index.js';
import { InputError } from '../../src/core/errors.js';
import { readResultFile } from '../../src/results/reader.js';
import type { PlannedConsensusCase } from '../../src/consensus/plan.js';
import { tempDir } from '../helpers.js';
import { runCli, writeScenario } from './support.js';

function pbftCase(nodes: number, rounds: number, threads = 1): PlannedConsensusCase {
  return {
    id: `consensus/pbft/node/n${nodes}/t${threads}`,
    kind: 'consensus',
    spec: {
      protocol: 'pbft',
      backend: 'node',
      nodes,
      txs: 256,
      txScheme: 'ed25519',
      txBackend: 'node',
      faulty: 0,
      fault: 'crash',
    },
    threads,
    rounds,
    network: resolveNetwork('lan'),
  };
}
const planOf = (...cases: PlannedConsensusCase[]): Plan => ({
  scenario: { name: 'g', file: 'g.json' },
  seed: 1,
  cases,
});
const ONLY_VERIFY: OpCosts = { keygenMs: 0, signMs: 0, verifyMs: 0.1, aggregatePerSignatureMs: 0, txVerifyMs: 0 };

describe('the estimate', () => {
  it('PBFT at n = 2048 needs about 8.4 million vote verifications a round: every message of the closed form', () => {
    const w = expectedWork(PROTOCOL_SPECS.pbft, 2048, 256, 'ed25519');
    expect(w.voteVerifications).toBe(closedFormMessages('pbft', 2048));
    expect(w.voteVerifications).toBe(2047 + 2047 ** 2 + 2048 * 2047);
    expect(w.voteVerifications / 1e6).toBeCloseTo(8.38, 2);
    expect(w.txVerifications).toBe(2047 * 256);
  });

  it('is checks × measured cost ÷ threads, plus dispatch, per round', () => {
    const dispatchMs = PROTOCOL_SPECS.pbft.steps.length * 2048 * 0.1;
    expect(estimateCaseMs(pbftCase(2048, 1), ONLY_VERIFY)).toBeCloseTo(8_384_512 * 0.1 + dispatchMs, 6);
    expect(estimateCaseMs(pbftCase(2048, 5), ONLY_VERIFY)).toBeCloseTo(5 * (8_384_512 * 0.1 + dispatchMs), 6);
    expect(estimateCaseMs(pbftCase(2048, 1, 2), ONLY_VERIFY)).toBeCloseTo((8_384_512 * 0.1) / 2 + dispatchMs, 6);
    // The transaction checks of the block add to it.
    expect(estimateCaseMs(pbftCase(2048, 1), { ...ONLY_VERIFY, txVerifyMs: 0.1 })).toBeCloseTo(
      (8_384_512 + 2047 * 256) * 0.1 + dispatchMs,
      6,
    );
  });
});

describe('refuseSlowCases', () => {
  const at = (ms: number) => ({ ...pbftCase(2048, 5), estimatedMs: ms, verifyMs: 0.08 });

  it('lets a case of exactly the limit through and refuses one just over it, naming the file, the case, the minutes and the speed', () => {
    expect(() => refuseSlowCases(planOf(at(MAX_ESTIMATED_MS)), false)).not.toThrow();
    let err: unknown;
    try {
      refuseSlowCases(planOf(pbftCase(4, 1), at(MAX_ESTIMATED_MS + 60_000)), false);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe(
      'g.json: case consensus/pbft/node/n2048/t1 would take about 1.0 h (61 min at 12.5k vote checks/s measured on this machine: ' +
        '8.38M vote and 524k transaction signature checks a round × 5 rounds on 1 thread); lower --nodes, --rounds or --txs, or pass --force to run it anyway',
    );
  });

  it('--force lets any case through', () => {
    expect(() => refuseSlowCases(planOf(at(1e12)), true)).not.toThrow();
  });

  it('a lower limit (a parameter) applies the same rule', () => {
    expect(() => refuseSlowCases(planOf(at(10 * 60_000)), false, 5 * 60_000)).toThrow(
      /would take about 10 min \(at 12\.5k vote checks\/s measured on this machine: /,
    );
    // Without a measured speed the work alone is stated.
    expect(() => refuseSlowCases(planOf({ ...at(10 * 60_000), verifyMs: undefined }), false, 5 * 60_000)).toThrow(
      /would take about 10 min \(8\.38M vote and 524k/,
    );
  });
});

describe('chainmark run with a huge consensus case', () => {
  const dir = tempDir();
  const scenario = writeScenario(dir, 'guarded', {
    cases: [{ op: 'consensus', protocols: ['pbft'], nodes: [4], rounds: 1, txs: 4, threads: [1] }],
  });

  it('is refused before anything runs: exit 2, one line with the estimate in minutes, no file', async () => {
    const out = join(dir, 'refused');
    const res = await runCli([
      'run',
      scenario,
      '--nodes',
      '2048',
      '--rounds',
      '50',
      '--txs',
      '256',
      '--sample',
      '0',
      '--out',
      `${out}/`,
    ]);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(
      new RegExp(
        `^chainmark: ${scenario}: case consensus/pbft/node/n2048/t1 would take about [\\d.]+ h \\(\\d+ min at [\\d.]+k? vote checks/s measured on this machine: ` +
          '8\\.38M vote and 524k transaction signature checks a round × 50 rounds on 1 thread\\); .*pass --force to run it anyway\\n$',
      ),
    );
    expect(res.stdout).toBe('');
    expect(() => readdirSync(out)).toThrow(/ENOENT/);
  });

  it('--force runs a case over the limit (here stopped by --case-timeout instead of running for hours)', async () => {
    const names = ['noble', 'node'];
    const over = { threads: [1], consensus: { nodes: [512], rounds: 1000 } };
    // Over the limit at this machine's speed, so without --force it would be refused.
    const plan = resolvePlan(loadScenario(scenario, names), scenario, over, names);
    estimatePlan(plan, await loadBackends());
    expect((plan.cases[0] as PlannedConsensusCase).estimatedMs).toBeGreaterThan(MAX_ESTIMATED_MS);
    expect(() => refuseSlowCases(plan, false)).toThrow(/pass --force/);

    const out = join(dir, 'forced.json');
    const res = await runCli([
      'run',
      scenario,
      '--nodes',
      '512',
      '--rounds',
      '1000',
      '--force',
      '--case-timeout',
      '3',
      '--no-progress',
      '--out',
      out,
    ]);
    expect(res.code, res.stderr).toBe(1);
    const result = readResultFile(out);
    expect(result.run.status).toBe('complete');
    const c = result.cases[0]!;
    expect([c.id, c.status, c.status !== 'ok' && c.error]).toEqual([
      'consensus/pbft/node/n512/t1',
      'errored',
      'timed out after 3 s',
    ]);
    expect(c.wallMs).toBeLessThan(30_000);
  });
});
