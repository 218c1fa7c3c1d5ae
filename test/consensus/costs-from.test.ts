import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliAsync, tempDir } from '../helpers.js';
import { okCase, failedCase, resultFile } from '../compare/build.js';
import { summarizeRate } from '../../src/measure/stats.js';
import { InputError } from '../../src/core/errors.js';
import { resolvePlan, validateScenario } from '../../src/kinds/index.js';
import { readResultFile } from '../../src/results/reader.js';
import type { PlannedConsensusCase } from '../../src/consensus/plan.js';
import type { CalibratedCost, CaseResult, ConsensusCaseResult, ConsensusCosts } from '../../src/results/schema.js';
import type { ConsensusOverrides } from '../../src/consensus/scenario.js';

const BACKENDS = ['noble', 'node'];
const dir = tempDir('chainmark-costs-from-');
const HOST = { hostname: 'machine-b', fingerprint: 'fedcba9876543210' };

/** A result file of machine B, written where --costs-from reads it. */
function fileOf(name: string, cases: CaseResult[]): string {
  const result = resultFile(cases, { fingerprint: HOST.fingerprint });
  result.system.hostname = HOST.hostname;
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(result));
  return path;
}

const cost = (id: string, msSamples: number[]): CalibratedCost => ({ case: id, ...summarizeRate(msSamples) });

/** Costs as a calibration on machine B records them for PBFT on node with 4-transaction blocks. */
const pbftCosts = (source: ConsensusCosts['source'] = { kind: 'measured' }): ConsensusCosts => ({
  source,
  voteSignMs: cost('sign/ed25519/node/t1', [0.03, 0.031, 0.029]),
  voteVerifyMs: cost('verify/ed25519/node/t1', [0.07, 0.071, 0.069]),
  txVerifyMs: cost('verify/ed25519/node/t1', [0.07, 0.071, 0.069]),
  merkleMs: cost('merkle/sha256/node/4leaves-160B/t1', [0.004, 0.005, 0.004]),
});

function consensusCase(
  nodes: number,
  txs: number,
  costs: ConsensusCosts,
  vote = { protocol: 'pbft', backend: 'node', scheme: 'ed25519' },
): CaseResult {
  const rate = summarizeRate([1, 2]);
  const c: ConsensusCaseResult = {
    id: `consensus/${vote.protocol}/${vote.backend}/n${nodes}/t2`,
    kind: 'consensus',
    op: 'consensus',
    algorithm: vote.protocol,
    protocol: vote.protocol,
    backend: vote.backend,
    params: {
      nodes,
      f: Math.floor((nodes - 1) / 3),
      quorum: nodes - Math.floor((nodes - 1) / 3),
      voteScheme: vote.scheme,
      txs,
      txScheme: 'ed25519',
      txBackend: 'node',
      faulty: 0,
      fault: 'crash',
    },
    threads: 2,
    settings: { rounds: 2, repeat: 2, network: { preset: 'lan', latencyMs: 0.2, bandwidthMbps: 1000 } },
    wallMs: 10,
    status: 'ok',
    metrics: {
      hostRoundMs: null,
      modeledRoundMs: { ...rate, p50: 1.5, p95: 2, p99: 2, count: 2 },
      modeledCommitMs: null,
      committedTxPerSec: rate,
      modeledCommittedTxPerSec: rate,
      messagesPerRound: 24,
      bytesPerRound: 4096,
      signaturesPerRound: 8,
      verificationsPerRound: 24,
      committedRounds: 2,
      work: { voteVerifications: 24, aggregateVerifications: 0, aggregations: 0, txVerifications: 12, merkleRoots: 3 },
      setupMs: 5,
      rounds: [],
    },
    costs,
  };
  return c;
}

/** A primitive ok case at one thread with these ops/s samples. */
function primitive(id: string, opsPerSec: number[]): CaseResult {
  const [op, algorithm, backend] = id.split('/') as [string, string, string];
  return okCase(id, opsPerSec, { op, algorithm, backend, params: {} });
}

/** The planned consensus cases of one scenario entry with --costs-from (and other flags). */
function plan(entry: Record<string, unknown>, co: ConsensusOverrides): PlannedConsensusCase[] {
  const s = validateScenario(
    { name: 'c', cases: [{ op: 'consensus', txBackend: 'node', txs: 4, ...entry }] },
    'c.json',
    BACKENDS,
  );
  return resolvePlan(s, 'c.json', { consensus: co }, BACKENDS).cases as PlannedConsensusCase[];
}
const pbftAt64 = (costsFrom: string) =>
  plan({ protocols: ['pbft'], backends: ['node'], threads: [2] }, { costsFrom, nodes: [64] });

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('not refused');
}

const PBFT_PRIMITIVES = () => [
  primitive('sign/ed25519/node/t1', [2000, 4000, 5000]),
  primitive('verify/ed25519/node/t1', [1000, 800, 1250]),
  primitive('merkle/sha256/node/4leaves-160B/t1', [10_000, 20_000, 40_000]),
];

describe('--costs-from: calibrated costs of another machine, resolved when planning', () => {
  it('takes the costs of a consensus case of the same schemes, backends and block size, at any node count', () => {
    const file = fileOf('consensus.json', [consensusCase(4, 4, pbftCosts())]);
    const [c] = pbftAt64(file);
    expect(c?.id).toBe('consensus/pbft/node/n64/t2');
    expect(c?.costs).toEqual({
      ...pbftCosts(),
      source: { kind: 'file', file, host: HOST.hostname, fingerprint: HOST.fingerprint },
    });
  });

  it('builds them from primitive cases at one thread: ms per operation = 1000 ÷ ops/s, per window', () => {
    const file = fileOf('primitives.json', PBFT_PRIMITIVES());
    const costs = pbftAt64(file)[0]?.costs;
    expect(costs?.voteSignMs).toMatchObject({ case: 'sign/ed25519/node/t1', samples: [0.5, 0.25, 0.2], median: 0.25 });
    expect(costs?.voteVerifyMs).toMatchObject({ case: 'verify/ed25519/node/t1', samples: [1, 1.25, 0.8], median: 1 });
    expect(costs?.txVerifyMs.samples).toEqual([1, 1.25, 0.8]);
    expect(costs?.merkleMs).toMatchObject({ samples: [0.1, 0.05, 0.025], median: 0.05 });
    expect(costs?.voteSignMs.mean).toBeCloseTo((0.5 + 0.25 + 0.2) / 3, 12);
    expect(costs?.source).toEqual({ kind: 'file', file, host: HOST.hostname, fingerprint: HOST.fingerprint });
    expect(costs?.bls).toBeUndefined();
  });

  it('fits the BLS lines through the primitive aggregate cases at k = 8 and 128', () => {
    const file = fileOf('bls.json', [
      primitive('sign/bls12-381/noble/t1', [500]),
      primitive('verify/bls12-381/noble/t1', [200]),
      primitive('verify/ed25519/node/t1', [10_000]),
      primitive('merkle/sha256/node/4leaves-160B/t1', [50_000]),
      primitive('fast-aggregate-verify/bls12-381/noble/k8/t1', [100]), // 10 ms
      primitive('fast-aggregate-verify/bls12-381/noble/k128/t1', [25]), // 40 ms
      primitive('aggregate/bls12-381/noble/k8/t1', [250]), // 4 ms
      primitive('aggregate/bls12-381/noble/k128/t1', [15.625]), // 64 ms
    ]);
    const [c] = plan(
      { protocols: ['hotstuff-bls'], backends: ['noble'], threads: [1] },
      { costsFrom: file, nodes: [16] },
    );
    const bls = c?.costs?.bls;
    expect(bls?.aggregateVerify.map((p) => [p.k, p.ms.case, p.ms.median])).toEqual([
      [8, 'fast-aggregate-verify/bls12-381/noble/k8/t1', 10],
      [128, 'fast-aggregate-verify/bls12-381/noble/k128/t1', 40],
    ]);
    expect(bls?.aggregateVerifyFit).toEqual({ baseMs: 8, perSignerMs: 0.25 }); // 10 = 8 + 8 × 0.25
    expect(bls?.aggregateFit).toEqual({ baseMs: 0, perSignatureMs: 0.5 }); // 4 = 8 × 0.5
    expect(c?.costs?.voteVerifyMs.median).toBe(5);
  });

  it('takes the BLS aggregate costs of a consensus case, and the same lines through them', () => {
    const recorded: ConsensusCosts = {
      ...pbftCosts(),
      voteSignMs: cost('sign/bls12-381/noble/t1', [2]),
      voteVerifyMs: cost('verify/bls12-381/noble/t1', [5]),
      bls: {
        aggregateVerify: [
          { k: 8, ms: cost('fast-aggregate-verify/bls12-381/noble/k8/t1', [10, 11]) },
          { k: 128, ms: cost('fast-aggregate-verify/bls12-381/noble/k128/t1', [40, 41]) },
        ],
        aggregate: [
          { k: 8, ms: cost('aggregate/bls12-381/noble/k8/t1', [4]) },
          { k: 128, ms: cost('aggregate/bls12-381/noble/k128/t1', [64]) },
        ],
        // Through each size's fastest window (priceOf): (8, 10) and (128, 40).
        aggregateVerifyFit: { baseMs: 8, perSignerMs: 0.25 },
        aggregateFit: { baseMs: 0, perSignatureMs: 0.5 },
      },
    };
    const vote = { protocol: 'hotstuff-bls', backend: 'noble', scheme: 'bls12-381' };
    const file = fileOf('bls-consensus.json', [consensusCase(4, 4, recorded, vote)]);
    const [c] = plan(
      { protocols: ['hotstuff-bls'], backends: ['noble'], threads: [2] },
      { costsFrom: file, nodes: [32] },
    );
    expect(c?.costs).toEqual({
      ...recorded,
      source: { kind: 'file', file, host: HOST.hostname, fingerprint: HOST.fingerprint },
    });
  });

  it('refuses a file without one of the operations, naming it and the case that needs it', () => {
    const message = (file: string) =>
      `${file}: has no calibrated cost for verify/ed25519/node/t1 (needed by consensus/pbft/node/n64/t2); run it there with scenarios/consensus.json or a primitive scenario with that case`;
    const others = PBFT_PRIMITIVES().filter((c) => c.id !== 'verify/ed25519/node/t1');
    const missing = fileOf('missing.json', [...others, primitive('verify/ed25519/node/t2', [1000])]);
    expect(refusal(() => pbftAt64(missing))).toBe(message(missing));
    // Not a cost at one thread either: a failed case, one run at two threads, one with a window of no operations.
    const failed = fileOf('failed.json', [...others, failedCase('verify/ed25519/node/t1')]);
    expect(refusal(() => pbftAt64(failed))).toBe(message(failed));
    const threads = fileOf('threads.json', [...others, { ...primitive('verify/ed25519/node/t1', [1000]), threads: 2 }]);
    expect(refusal(() => pbftAt64(threads))).toBe(message(threads));
    const idle = fileOf('idle.json', [...others, primitive('verify/ed25519/node/t1', [1000, 0])]);
    expect(refusal(() => pbftAt64(idle))).toBe(message(idle));
  });

  it('a consensus case of another block size lacks its Merkle root; costs read from a third file are not used', () => {
    const otherTxs = fileOf('txs.json', [
      consensusCase(4, 256, { ...pbftCosts(), merkleMs: cost('merkle/sha256/node/256leaves-160B/t1', [1]) }),
    ]);
    expect(refusal(() => pbftAt64(otherTxs))).toContain(
      'has no calibrated cost for merkle/sha256/node/4leaves-160B/t1 (needed by',
    );
    const secondHand = fileOf('second-hand.json', [
      consensusCase(4, 4, pbftCosts({ kind: 'file', file: 'c.json', host: 'c', fingerprint: '0' })),
    ]);
    expect(refusal(() => pbftAt64(secondHand))).toContain('has no calibrated cost for sign/ed25519/node/t1');
  });

  it('a Merkle cost over 32-byte leaves (files before leaf sizes) does not price a block of 160-byte transactions', () => {
    const old = fileOf('old-merkle.json', [
      consensusCase(4, 4, { ...pbftCosts(), merkleMs: cost('merkle/sha256/node/4leaves/t1', [0.004]) }),
    ]);
    expect(refusal(() => pbftAt64(old))).toBe(
      `${old}: has no calibrated cost for merkle/sha256/node/4leaves-160B/t1 (needed by consensus/pbft/node/n64/t2); run it there with scenarios/consensus.json (a Merkle root over the block's 160-byte leaves, which primitive cases do not measure)`,
    );
  });

  it('opaque commands: no transaction verify is looked up, the Merkle root over the commands is', () => {
    const { txVerifyMs: _, ...noTx } = pbftCosts();
    const commands = { ...noTx, merkleMs: cost('merkle/sha256/node/4leaves-512B/t1', [0.01, 0.02]) };
    const file = fileOf('commands.json', [consensusCase(4, 4, commands)]);
    const [c] = plan(
      { protocols: ['pbft'], backends: ['node'], threads: [2], txScheme: 'none', txBytes: 512 },
      { costsFrom: file, nodes: [16] },
    );
    expect(c?.costs).toEqual({
      ...commands,
      source: { kind: 'file', file, host: HOST.hostname, fingerprint: HOST.fingerprint },
    });
    expect(c?.costs).not.toHaveProperty('txVerifyMs');
    // At another command size the Merkle cost is missing.
    expect(
      refusal(() =>
        plan(
          { protocols: ['pbft'], backends: ['node'], threads: [2], txScheme: 'none', txBytes: 1024 },
          { costsFrom: file, nodes: [16] },
        ),
      ),
    ).toContain('has no calibrated cost for merkle/sha256/node/4leaves-1KiB/t1');
  });

  it('is a consensus flag: refused for a scenario without consensus cases', () => {
    const file = fileOf('unused.json', PBFT_PRIMITIVES());
    const s = validateScenario(
      { name: 'p', cases: [{ op: 'hash', algorithms: ['sha256'], sizes: [32] }] },
      'p.json',
      BACKENDS,
    );
    expect(refusal(() => resolvePlan(s, 'p.json', { consensus: { costsFrom: file } }, BACKENDS))).toBe(
      'command line: --costs-from applies to consensus cases, and p.json has none (try scenarios/consensus.json)',
    );
  });
});

/** Parallel efficiency points as a calibration on machine B records them for verify/ed25519/node. */
const PARALLEL_POINTS = () => [
  { threads: 2, ms: cost('verify/ed25519/node/t2', [0.08, 0.09]), efficiency: 0.875 },
  { threads: 4, ms: cost('verify/ed25519/node/t4', [0.1, 0.11]), efficiency: 0.7 },
];
const withParallel = (): ConsensusCosts => ({
  ...pbftCosts(),
  parallel: { operation: 'txVerify', points: PARALLEL_POINTS() },
});

describe('--costs-from with validators of several cores', () => {
  const pbft = (costsFrom: string, validatorCores: number) =>
    plan({ protocols: ['pbft'], backends: ['node'], threads: [2] }, { costsFrom, nodes: [16], validatorCores })[0];

  it('carries the parallel efficiency measured there for the same signature check', () => {
    const file = fileOf('parallel.json', [consensusCase(4, 4, withParallel())]);
    expect(pbft(file, 4)?.costs?.parallel).toEqual({ operation: 'txVerify', points: PARALLEL_POINTS() });
  });

  it('not for validators of one core, which need none', () => {
    const file = fileOf('parallel-one.json', [consensusCase(4, 4, withParallel())]);
    expect(pbft(file, 1)?.costs).not.toHaveProperty('parallel');
  });

  it('a file without it is not refused: the costs come without parallel points', () => {
    const file = fileOf('no-parallel.json', PBFT_PRIMITIVES());
    const c = pbft(file, 4);
    expect(c?.costs?.voteVerifyMs.case).toBe('verify/ed25519/node/t1');
    expect(c?.costs).not.toHaveProperty('parallel');
  });
});

// Each test waits on CLI runs with files of their own, none of them calibrating: two at a time
// (vitest.config.ts).
describe.concurrent('chainmark run --costs-from (end to end)', () => {
  const scenario = join(dir, 'tiny.json');
  writeFileSync(
    scenario,
    JSON.stringify({
      name: 'tiny',
      cases: [
        {
          op: 'consensus',
          protocols: ['pbft'],
          backends: ['node'],
          txBackend: 'node',
          nodes: [4],
          rounds: 1,
          txs: 4,
          threads: [1],
        },
      ],
    }),
  );

  it('records the file costs and their source in the case, without calibrating', async () => {
    const file = fileOf('e2e.json', PBFT_PRIMITIVES());
    const out = join(dir, 'out.json');
    const r = await cliAsync(['run', scenario, '--costs-from', file, '--out', out, '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
    const [c] = readResultFile(out).cases as ConsensusCaseResult[];
    if (c?.status !== 'ok') throw new Error(`not ok: ${JSON.stringify(c)}`);
    expect(c.costs?.source).toEqual({ kind: 'file', file, host: HOST.hostname, fingerprint: HOST.fingerprint });
    expect(c.costs?.voteSignMs.samples).toEqual([0.5, 0.25, 0.2]);
  });

  it('cores above 1 and a file without parallel efficiency: a one-line warning, not an error', async () => {
    const file = fileOf('e2e-no-parallel.json', PBFT_PRIMITIVES());
    const out = join(dir, 'out-cores.json');
    const r = await cliAsync([
      'run',
      scenario,
      '--costs-from',
      file,
      '--validator-cores',
      '2',
      '--out',
      out,
      '--no-progress',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const result = readResultFile(out);
    const [w] = result.warnings.filter((x) => x.code === 'parallel-efficiency-missing');
    expect(w?.cases).toEqual(['consensus/pbft/node/n4/t1']);
    expect(w?.message).toContain(`and ${file} has no parallel efficiency measured`);
    expect(r.stdout).toContain(`warning: ${w?.message}\n`);
  });

  it('a file with it: the points come along, and no warning', async () => {
    const file = fileOf('e2e-parallel.json', [consensusCase(4, 4, withParallel())]);
    const out = join(dir, 'out-parallel.json');
    const r = await cliAsync([
      'run',
      scenario,
      '--costs-from',
      file,
      '--validator-cores',
      '8',
      '--out',
      out,
      '--no-progress',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const result = readResultFile(out);
    const [c] = result.cases as ConsensusCaseResult[];
    if (c?.status !== 'ok') throw new Error(`not ok: ${JSON.stringify(c)}`);
    expect(c.settings.validatorCores).toBe(8);
    expect(c.costs?.parallel).toEqual({ operation: 'txVerify', points: PARALLEL_POINTS() });
    expect(result.warnings.map((x) => x.code)).not.toContain('parallel-efficiency-missing');
  });

  it('refuses a missing cost before any case runs, and with --only-failed', async () => {
    const file = fileOf('e2e-missing.json', PBFT_PRIMITIVES().slice(1));
    const outDir = join(dir, 'refused');
    const r = await cliAsync(['run', scenario, '--costs-from', file, '--out', outDir, '--no-progress']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `chainmark: ${file}: has no calibrated cost for sign/ed25519/node/t1 (needed by consensus/pbft/node/n4/t1); run it there with scenarios/consensus.json or a primitive scenario with that case\n`,
    );
    expect(existsSync(outDir) ? readdirSync(outDir) : []).toEqual([]);
    const empty = await cliAsync(['run', scenario, '--costs-from', '', '--out', outDir]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toBe(
      'chainmark: command line: --costs-from needs a result file, e.g. results/other-machine.json\n',
    );
    const rerun = await cliAsync(['run', '--only-failed', file, '--costs-from', file]);
    expect(rerun.status).toBe(2);
    expect(rerun.stderr).toContain(
      '--only-failed re-runs cases with their recorded settings and cannot be combined with --costs-from',
    );
  });
});
