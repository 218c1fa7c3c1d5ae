import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliAsync, tempDir } from '../helpers.js';
import { readResultFile } from '../../src/results/reader.js';
import { closedFormMessages } from '../../src/consensus/work.js';
import type { ConsensusCaseResult } from '../../src/results/schema.js';
import { BUILTIN_BACKENDS } from '../../src/workloads/backends/index.js';

/**
 * The BLS backend of the pool test: blst where its native module loaded (calibrating pure-JS BLS
 * takes over a minute: aggregating 128 signatures is ≈ 0.4 s an operation), else noble.
 */
const BLS_BACKEND = BUILTIN_BACKENDS.some((b) => b.name === 'blst' && !b.unavailable) ? 'blst' : 'noble';

const dir = tempDir('chainmark-consensus-');
const scenarioFile = join(dir, 'tiny.json');
writeFileSync(
  scenarioFile,
  JSON.stringify({
    name: 'tiny-consensus',
    seed: 7,
    cases: [
      {
        op: 'consensus',
        protocols: ['pbft', 'tendermint', 'hotstuff'],
        nodes: [4, 7],
        rounds: 2,
        txs: 4,
        threads: [1],
      },
    ],
  }),
);

// Each test waits on CLI runs of its own (its own output files), which keep about one core busy
// each (a worker thread calibrating and running rounds): two at a time (vitest.config.ts).
describe.concurrent('chainmark run with consensus cases (worker pool, end to end)', () => {
  it('runs, writes consensus results with scaling fits and the crowding warning, prints them', async () => {
    const out = join(dir, 'ok.json');
    const r = await cliAsync(['run', scenarioFile, '--out', out, '--no-progress']);
    expect(r.stderr).toContain(`result: ${out}`);
    expect(r.status).toBe(0);
    const result = readResultFile(out);
    expect(result.run.status).toBe('complete');
    const cases = result.cases as ConsensusCaseResult[];
    expect(cases.map((c) => c.id)).toEqual([
      'consensus/pbft/node/n4/t1',
      'consensus/pbft/node/n7/t1',
      'consensus/tendermint/node/n4/t1',
      'consensus/tendermint/node/n7/t1',
      'consensus/hotstuff/node/n4/t1',
      'consensus/hotstuff/node/n7/t1',
    ]);
    for (const c of cases) {
      if (c.status !== 'ok') throw new Error(`${c.id}: ${c.error}`);
      expect(c.kind).toBe('consensus');
      expect(c.metrics.committedRounds).toBe(2);
      expect(c.metrics.messagesPerRound).toBe(closedFormMessages(c.protocol as 'pbft', c.params.nodes));
      expect(c.metrics.hostRoundMs!.samples).toHaveLength(2);
      expect(c.metrics.modeledRoundMs!.samples).toHaveLength(2);
      expect(c.metrics.committedTxPerSec.samples.every((x) => x > 0)).toBe(true);
      expect(c.metrics.work.txVerifications).toBe(4 * (c.params.nodes - 1));
    }
    expect(result.scaling.map((s) => `${s.series} ${s.metric}`)).toEqual([
      'consensus/pbft/node/t1 hostRoundMs',
      'consensus/pbft/node/t1 modeledRoundMs',
      'consensus/tendermint/node/t1 hostRoundMs',
      'consensus/tendermint/node/t1 modeledRoundMs',
      'consensus/hotstuff/node/t1 hostRoundMs',
      'consensus/hotstuff/node/t1 modeledRoundMs',
    ]);
    const crowded = result.warnings.filter((w) => w.code === 'validators-exceed-threads');
    expect(crowded).toHaveLength(1);
    expect(crowded[0]?.message).toMatch(/more virtual validators than worker threads \(up to 7 on 1\)/);
    expect(r.stdout).toContain('consensus case');
    expect(r.stdout).toContain('Round time = fixed part + a·n^exponent');
    expect(r.stdout).toContain('warning: 6 consensus case(s)');
  });

  it('more faulty validators than f: rounds are reported as not committed, and the run still succeeds', async () => {
    const out = join(dir, 'faulty.json');
    const r = await cliAsync([
      'run',
      scenarioFile,
      '--out',
      out,
      '--protocols',
      'pbft',
      '--nodes',
      '4',
      '--faulty',
      '2',
      '--fault',
      'byzantine',
      '--rounds',
      '1',
      '--no-progress',
    ]);
    expect(r.status).toBe(0);
    const raw = JSON.parse(readFileSync(out, 'utf8')) as { cases: ConsensusCaseResult[] };
    const [c] = raw.cases;
    expect(c!.id).toBe('consensus/pbft/node/n4/2-byzantine/t1');
    if (c!.status !== 'ok') throw new Error(c!.error);
    expect(c!.metrics.committedRounds).toBe(0);
    expect(c!.metrics.hostRoundMs).toBeNull();
    expect(c!.metrics.committedTxPerSec.samples).toEqual([0]);
    expect(c!.metrics.rounds[0]!.committed).toBe(false);
    expect(r.stdout).toMatch(/0\/1\s+ok/);
  });

  it('hotstuff-bls through the worker pool: BLS aggregate certificates cross threads and verify', async () => {
    const out = join(dir, 'bls.json');
    const r = await cliAsync(
      [
        'run',
        scenarioFile,
        '--out',
        out,
        '--protocols',
        'hotstuff-bls',
        '--nodes',
        '4',
        '--rounds',
        '1',
        '--backend',
        BLS_BACKEND,
        '--no-progress',
      ],
      { timeoutMs: 230_000 },
    );
    expect(r.status).toBe(0);
    const [c] = readResultFile(out).cases as ConsensusCaseResult[];
    expect(c!.id).toBe(`consensus/hotstuff-bls/${BLS_BACKEND}/n4/t1`);
    if (c!.status !== 'ok') throw new Error(c!.error);
    expect(c!.metrics.committedRounds).toBe(1);
    expect(c!.metrics.messagesPerRound).toBe(21);
    // 4 QCs checked by 3 replicas + 3 vote batches at the leader; no single signature checks.
    expect(c!.metrics.work).toMatchObject({ aggregateVerifications: 15, voteVerifications: 0, aggregations: 6 });
  }, 240_000);

  it('refuses a case that would take hours, with exit code 2, unless --force', async () => {
    const r = await cliAsync([
      'run',
      scenarioFile,
      '--out',
      join(dir, 'never.json'),
      '--protocols',
      'pbft',
      '--nodes',
      '4096',
      '--rounds',
      '1000',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^chainmark: .*tiny\.json: case consensus\/pbft\/node\/n4096\/t1 would take about [\d.]+ h .*pass --force to run it anyway\n$/,
    );
  });

  it('rejects a bad consensus flag with exit code 2', async () => {
    const r = await cliAsync(['run', scenarioFile, '--nodes', '2']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('chainmark: command line: --nodes must be a comma-separated list of integers ≥ 4, got "2"\n');
  });
});

describe.concurrent('chainmark run with opaque commands and disseminated payload (end to end)', () => {
  const base = [
    'run',
    'scenarios/consensus.json',
    '--protocols',
    'hotstuff',
    '--nodes',
    '4',
    '--rounds',
    '1',
    '--txs',
    '8',
    '--tx-scheme',
    'none',
    '--tx-bytes',
    '1024',
    '--threads',
    '1',
    '--no-progress',
    '--quiet',
  ];
  const runWith = async (payload: string, extra: string[] = []): Promise<ConsensusCaseResult> => {
    const out = join(dir, `commands-${payload}.json`);
    const r = await cliAsync([...base, '--payload', payload, '--out', out, ...extra]);
    expect(r.status, r.stderr).toBe(0);
    const [c] = readResultFile(out).cases as ConsensusCaseResult[];
    if (c?.status !== 'ok') throw new Error(`not ok: ${JSON.stringify(c)}`);
    return c;
  };

  it('records the commands and the mode, commits without transaction checks, and the proposals carry only hashes', async () => {
    const hashes = await runWith('dissemination');
    expect(hashes.params).toMatchObject({ txs: 8, txScheme: 'none', txBytes: 1024, payload: 'dissemination' });
    expect(hashes.metrics.committedRounds).toBe(1);
    expect(hashes.metrics.work).toMatchObject({ txVerifications: 0, merkleRoots: 3 });
    expect(hashes.metrics.messagesPerRound).toBe(closedFormMessages('hotstuff', 4));
    // Calibrated without a transaction verify, the Merkle root over 8 leaves of 1 KiB.
    expect(hashes.costs).not.toHaveProperty('txVerifyMs');
    expect(hashes.costs?.merkleMs.case).toBe('merkle/sha256/node/8leaves-1KiB/t1');
    // The same operations: priced with the costs just measured, so the second run does not calibrate again.
    const full = await runWith('proposal', ['--costs-from', join(dir, 'commands-dissemination.json')]);
    expect(full.params).not.toHaveProperty('payload');
    expect(full.metrics.messagesPerRound).toBe(hashes.metrics.messagesPerRound);
    // 3 proposals, each 8 × (1024 − 32) = 7936 bytes smaller.
    expect(full.metrics.bytesPerRound - hashes.metrics.bytesPerRound).toBe(3 * 7936);
  });

  it('refuses --tx-bytes without --tx-scheme none, with exit code 2 and one line', async () => {
    const r = await cliAsync([
      'run',
      'scenarios/consensus.json',
      '--tx-bytes',
      '1024',
      '--out',
      join(dir, 'refused.json'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'chainmark: command line: --tx-bytes applies to opaque commands (tx scheme none) only, got 1024 with tx scheme ed25519\n',
    );
    expect(existsSync(join(dir, 'refused.json'))).toBe(false);
  });
});
