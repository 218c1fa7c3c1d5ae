/**
 * `chainmark run --validator-cores` end to end (needs npm run build): cores above 1 measure the
 * block's signature check at 2 threads at once and record its efficiency; one core measures
 * nothing more; bad values are one-line errors with exit code 2 and no output.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync, tempDir } from '../helpers.js';
import { readResultFile } from '../../src/results/reader.js';
import { CALIBRATION, CALIBRATION_PASSES } from '../../src/consensus/calibrate.js';
import type { ConsensusCaseResult } from '../../src/results/schema.js';

const dir = tempDir('chainmark-cores-');
const TINY = ['--protocols', 'pbft', '--nodes', '4', '--rounds', '1', '--txs', '4', '--no-progress'];

async function runTiny(cores: string, name: string): Promise<{ case: ConsensusCaseResult; warnings: string[] }> {
  const out = join(dir, name);
  const r = await cliAsync(['run', 'scenarios/consensus.json', ...TINY, '--validator-cores', cores, '--out', out]);
  expect(r.status, r.stderr).toBe(0);
  const result = readResultFile(out);
  expect(result.cases).toHaveLength(1);
  return { case: result.cases[0] as ConsensusCaseResult, warnings: result.warnings.map((w) => w.code) };
}

// Two tests at a time, each waiting on a CLI run with files of its own (vitest.config.ts).
describe.concurrent('chainmark run --validator-cores (end to end)', () => {
  it('2 cores: settings.validatorCores is 2 and costs.parallel holds the txVerify point at 2 threads', async () => {
    const { case: c, warnings } = await runTiny('2', 'two.json');
    if (c.status !== 'ok') throw new Error(`${c.id}: ${c.error}`);
    expect(c.threads).toBe(2);
    expect(c.settings.validatorCores).toBe(2);
    const parallel = c.costs?.parallel;
    expect(parallel?.operation).toBe('txVerify');
    expect(parallel?.points.map((p) => [p.threads, p.ms.case])).toEqual([[2, 'verify/ed25519/node/t2']]);
    const [point] = parallel!.points;
    expect(point!.efficiency).toBeGreaterThan(0);
    expect(point!.efficiency).toBeLessThanOrEqual(1);
    // One sample per common window of the two workers, over every pass.
    expect(point!.ms.samples).toHaveLength(CALIBRATION_PASSES * CALIBRATION.repeat);
    expect(warnings).not.toContain('parallel-efficiency-missing');
  }, 120_000);

  it('1 core: recorded, and no parallel measurement', async () => {
    const { case: c, warnings } = await runTiny('1', 'one.json');
    if (c.status !== 'ok') throw new Error(`${c.id}: ${c.error}`);
    expect(c.settings.validatorCores).toBe(1);
    expect(c.costs).toBeDefined();
    expect(c.costs).not.toHaveProperty('parallel');
    expect(warnings).not.toContain('parallel-efficiency-missing');
  }, 120_000);

  it('a bad --validator-cores: one line, exit code 2, nothing written', async () => {
    const out = join(dir, 'bad-flag');
    const r = await cliAsync(['run', 'scenarios/consensus.json', ...TINY, '--validator-cores', '0', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('chainmark: command line: --validator-cores must be an integer from 1 to 1024, got "0"\n');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('a bad "validatorCores" in a scenario file: one line naming file and field, exit code 2', async () => {
    const scenario = join(dir, 'cores.json');
    writeFileSync(
      scenario,
      JSON.stringify({ name: 'cores', cases: [{ op: 'consensus', protocols: ['pbft'], validatorCores: 4096 }] }),
    );
    const out = join(dir, 'bad-field');
    const r = await cliAsync(['run', scenario, '--out', out, '--no-progress']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`chainmark: ${scenario}: cases[0].validatorCores must be at most 1024, got 4096\n`);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});
