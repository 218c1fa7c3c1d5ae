import { describe, expect, it } from 'vitest';
import { validateResult } from '../../src/results/reader.js';

const FILE = 'results/c.json';
const rate = (samples: number[]) => ({ mean: 2, median: 2, ci95: [1, 3], cv: 0.5, outliers: 0, samples });

function withCase(c: Record<string, unknown>, scaling: unknown[] = []): Record<string, unknown> {
  return {
    schema: 'chainmark/result@1',
    tool: { name: 'chainmark', version: '0.1.0' },
    run: {
      id: 'x',
      startedAt: '2026-11-28T01:27:11.000Z',
      finishedAt: '2026-11-28T01:27:12.000Z',
      status: 'complete',
      scenario: { name: 'consensus', file: 'scenarios/consensus.json' },
      seed: 1,
      argv: [],
    },
    system: {
      fingerprint: '0123456789abcdef',
      hostname: 'vm',
      hostnameAnonymized: false,
      cpu: { manufacturer: 'AMD', brand: 'EPYC', physicalCores: 2, logicalCores: 2, availableParallelism: 2 },
      memory: { totalBytes: 2 ** 34 },
      os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', kernel: '6.1.0', arch: 'x64' },
      runtime: { node: '20.20.2', v8: '11.3.244.8', openssl: '3.0.19' },
      libraries: {},
      git: null,
      load: { before: [0.1, 0.1, 0.1] },
    },
    cases: [c],
    scaling,
    warnings: [],
  };
}

const consensusCase = () => ({
  id: 'consensus/pbft/node/n4/t2',
  kind: 'consensus',
  op: 'consensus',
  algorithm: 'pbft',
  protocol: 'pbft',
  backend: 'node',
  params: {
    nodes: 4,
    f: 1,
    quorum: 3,
    voteScheme: 'ed25519',
    txs: 4,
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
    modeledRoundMs: { ...rate([1, 2]), p50: 1.5, p95: 2, p99: 2, count: 2 },
    modeledCommitMs: null,
    committedTxPerSec: rate([0, 0]),
    modeledCommittedTxPerSec: rate([0, 0]),
    messagesPerRound: 24,
    bytesPerRound: 4096,
    signaturesPerRound: 8,
    verificationsPerRound: 24,
    committedRounds: 0,
    work: { voteVerifications: 24, aggregateVerifications: 0, aggregations: 0, txVerifications: 0, merkleRoots: 0 },
    setupMs: 5,
    rounds: [],
  },
});

const messageOf = (raw: unknown): string => {
  try {
    validateResult(raw, FILE);
    return 'accepted';
  } catch (err) {
    return (err as Error).message;
  }
};

describe('result files with consensus cases', () => {
  it('reads a consensus case (a null round time where no round committed is fine)', () => {
    expect(
      messageOf(
        withCase(consensusCase(), [
          { series: 'consensus/pbft/node/t2', metric: 'hostRoundMs', x: 'nodes', exponent: 1.9, r2: 0.99, knee: 64 },
        ]),
      ),
    ).toBe('accepted');
  });

  it('refuses a consensus case without a node count, and a scaling entry without an exponent', () => {
    expect(messageOf(withCase({ ...consensusCase(), params: {} }))).toBe(
      `${FILE}: cases[0].params.nodes must be a positive integer, got undefined`,
    );
    expect(messageOf(withCase(consensusCase(), [{ series: 's', metric: 'hostRoundMs', exponent: 'steep' }]))).toBe(
      `${FILE}: scaling[0].exponent must be a finite number, got "steep"`,
    );
    expect(messageOf(withCase(consensusCase(), [7]))).toBe(
      `${FILE}: scaling[0] must be an object with a series and a metric, got 7`,
    );
  });

  it('checks round-time samples like any Rate', () => {
    const c = consensusCase();
    c.metrics.modeledRoundMs.samples = [1, Number.NaN];
    expect(messageOf(withCase(c))).toMatch(
      /^results\/c\.json: cases\[0\]\.metrics\.modeledRoundMs\.samples must be a list of finite numbers/,
    );
  });
});

const calibrated = (id: string) => ({ case: id, ...rate([0.5, 0.75]) });

/** An ok consensus case whose costs carry parallel efficiency points, for validators of 4 cores. */
function withParallel(parallel: unknown): Record<string, unknown> {
  const c = consensusCase();
  return {
    ...c,
    settings: { ...c.settings, validatorCores: 4 },
    costs: {
      source: { kind: 'measured' },
      voteSignMs: calibrated('sign/ed25519/node/t1'),
      voteVerifyMs: calibrated('verify/ed25519/node/t1'),
      txVerifyMs: calibrated('verify/ed25519/node/t1'),
      merkleMs: calibrated('merkle/sha256/node/4leaves/t1'),
      parallel,
    },
  };
}

const POINTS = () => [
  { threads: 2, ms: calibrated('verify/ed25519/node/t2'), efficiency: 0.9 },
  { threads: 3, ms: calibrated('verify/ed25519/node/t3'), efficiency: 1 },
];

describe('validators with many cores in result files', () => {
  it('reads settings.validatorCores and costs.parallel, and files without either', () => {
    expect(messageOf(withCase(withParallel({ operation: 'txVerify', points: POINTS() })))).toBe('accepted');
    expect(messageOf(withCase(withParallel({ operation: 'voteVerify', points: POINTS().slice(0, 1) })))).toBe(
      'accepted',
    );
    const { parallel: _, ...costs } = withParallel(undefined).costs as Record<string, unknown>;
    expect(messageOf(withCase({ ...consensusCase(), costs }))).toBe('accepted');
  });

  it.each([
    [0, 'must be at least 1, got 0'],
    [2.5, 'must be a positive integer, got 2.5'],
    ['4', 'must be a positive integer, got "4"'],
    [null, 'must be a positive integer, got null'],
  ])('refuses settings.validatorCores %j', (cores, message) => {
    const c = consensusCase();
    expect(messageOf(withCase({ ...c, settings: { ...c.settings, validatorCores: cores } }))).toBe(
      `${FILE}: cases[0].settings.validatorCores ${message}`,
    );
  });

  const at = `${FILE}: cases[0].costs.parallel`;
  const point = (over: Record<string, unknown>) => ({ operation: 'txVerify', points: [{ ...POINTS()[0], ...over }] });
  it.each([
    ['not an object', 7, `${at} must be an object, got 7`],
    [
      'an unknown operation',
      { operation: 'merkle', points: POINTS() },
      `${at}.operation must be txVerify or voteVerify, got "merkle"`,
    ],
    ['points not a list', { operation: 'txVerify', points: {} }, `${at}.points must be a list, got {}`],
    ['no points', { operation: 'txVerify', points: [] }, `${at}.points must not be empty`],
    ['a point not an object', { operation: 'txVerify', points: [3] }, `${at}.points[0] must be an object, got 3`],
    ['one thread', point({ threads: 1 }), `${at}.points[0].threads must be at least 2, got 1`],
    [
      'a fractional thread count',
      point({ threads: 2.5 }),
      `${at}.points[0].threads must be a positive integer, got 2.5`,
    ],
    [
      'thread counts not ascending',
      { operation: 'txVerify', points: [POINTS()[1], POINTS()[0]] },
      `${at}.points[1].threads must be more than the previous point's 3 (thread counts ascend), got 2`,
    ],
    [
      'a repeated thread count',
      { operation: 'txVerify', points: [POINTS()[0], POINTS()[0]] },
      `${at}.points[1].threads must be more than the previous point's 2 (thread counts ascend), got 2`,
    ],
    ['a cost without its case', point({ ms: rate([1]) }), `${at}.points[0].ms.case must be a string, got undefined`],
    [
      'a negative cost',
      point({ ms: { ...calibrated('x'), median: -1 } }),
      `${at}.points[0].ms.median must be a number ≥ 0, got -1`,
    ],
    [
      'efficiency 0',
      point({ efficiency: 0 }),
      `${at}.points[0].efficiency must be a number above 0 and at most 1, got 0`,
    ],
    [
      'efficiency above 1',
      point({ efficiency: 1.2 }),
      `${at}.points[0].efficiency must be a number above 0 and at most 1, got 1.2`,
    ],
    [
      'efficiency missing',
      point({ efficiency: undefined }),
      `${at}.points[0].efficiency must be a number above 0 and at most 1, got undefined`,
    ],
  ])('refuses %s', (_, parallel, message) => {
    expect(messageOf(withCase(withParallel(parallel)))).toBe(message);
  });
});
