import { describe, expect, it } from 'vitest';
import { resolvePlan, validateScenario } from '../../src/kinds/index.js';
import { InputError } from '../../src/core/errors.js';
import { consensusOverrides } from '../../src/cli/consensus-flags.js';
import { refuseSlowCases } from '../../src/consensus/estimate.js';
import type { PlannedConsensusCase } from '../../src/consensus/plan.js';

const FILE = 'scenarios/c.json';
const BACKENDS = ['noble', 'node'];
const scenario = (cases: unknown[], extra: Record<string, unknown> = {}) => ({ name: 'c', cases, ...extra });
const messageOf = (raw: unknown): string => {
  try {
    validateScenario(raw, FILE, BACKENDS);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('no error');
};

describe('consensus cases in scenario files: one-line errors naming file, field and value', () => {
  it('accepts a full case', () => {
    const s = validateScenario(
      scenario([
        {
          op: 'consensus',
          protocols: ['pbft', 'hotstuff-bls'],
          nodes: [4, 16],
          rounds: 2,
          txs: 8,
          txScheme: 'secp256k1',
          txBackend: 'noble',
          network: 'wan',
          latencyMs: 20,
          bandwidthMbps: 50,
          faulty: 1,
          fault: 'byzantine',
          threads: [2],
        },
      ]),
      FILE,
      BACKENDS,
    );
    expect(s.cases[0]).toMatchObject({
      op: 'consensus',
      protocols: ['pbft', 'hotstuff-bls'],
      nodes: [4, 16],
      faulty: 1,
      fault: 'byzantine',
      latencyMs: 20,
    });
  });

  it.each([
    [
      { op: 'consensus', protocols: ['pbft'], nodes: [3] },
      `${FILE}: cases[0].nodes[0] must be at least 4 (BFT needs n ≥ 3f + 1 with f ≥ 1), got 3`,
    ],
    [
      { op: 'consensus', protocols: ['raft'] },
      `${FILE}: cases[0].protocols[0] must be one of pbft, tendermint, hotstuff, hotstuff-bls, chained-hotstuff, chained-hotstuff-bls, chained-hotstuff-secp256k1, hotstuff-2chain, hotstuff-2chain-bls, got "raft"`,
    ],
    [
      { op: 'consensus', protocols: ['pbft'], nodes: [4, 8], faulty: 4 },
      `${FILE}: cases[0].faulty must be less than every node count (the leader is a correct validator), got 4 with 4 nodes`,
    ],
    [
      { op: 'consensus', protocols: ['pbft'], sizes: [32] },
      `${FILE}: cases[0].sizes is not a known field (known: op, protocols, nodes, rounds, txs, txScheme, txBytes, payload, txBackend, backends, threads, network, regions, latencyMatrix, latencyMs, bandwidthMbps, faulty, fault, sample, validatorCores, thresholdPct, published)`,
    ],
    [
      { op: 'consensus', protocols: ['pbft'], network: 'moon' },
      `${FILE}: cases[0].network must be one of lan, wan, geo, got "moon"`,
    ],
    [
      { op: 'consensus', protocols: ['pbft'], bandwidthMbps: 0 },
      `${FILE}: cases[0].bandwidthMbps must be greater than 0, got 0`,
    ],
    [{ op: 'consensus', protocols: ['pbft'], latencyMs: '5' }, `${FILE}: cases[0].latencyMs must be a number, got "5"`],
    [
      { op: 'consensus', protocols: ['pbft'], txScheme: 'rsa' },
      `${FILE}: cases[0].txScheme must be one of ed25519, secp256k1, none, got "rsa"`,
    ],
    [
      { op: 'consensus', protocols: ['pbft'], txBytes: 1024 },
      `${FILE}: cases[0].txBytes applies to opaque commands (tx scheme none) only, got 1024 with tx scheme ed25519`,
    ],
    [
      { op: 'consensus', protocols: ['pbft'], txScheme: 'secp256k1', txBytes: 64 },
      `${FILE}: cases[0].txBytes applies to opaque commands (tx scheme none) only, got 64 with tx scheme secp256k1`,
    ],
    [
      { op: 'consensus', protocols: ['pbft'], txScheme: 'none', txBytes: 0 },
      `${FILE}: cases[0].txBytes must be at least 1, got 0`,
    ],
    [
      { op: 'consensus', protocols: ['pbft'], txScheme: 'none', txBytes: 65537 },
      `${FILE}: cases[0].txBytes must be at most 65536, got 65537`,
    ],
    [
      { op: 'consensus', protocols: ['pbft'], txScheme: 'none', txBytes: 1.5 },
      `${FILE}: cases[0].txBytes must be a positive integer, got 1.5`,
    ],
    [
      { op: 'consensus', protocols: ['pbft'], payload: 'gossip' },
      `${FILE}: cases[0].payload must be one of proposal, dissemination, got "gossip"`,
    ],
    [{ op: 'consensus', protocols: ['pbft'], rounds: 0 }, `${FILE}: cases[0].rounds must be at least 1, got 0`],
    [
      { op: 'consensus', protocols: ['pbft'], fault: 'sleepy' },
      `${FILE}: cases[0].fault must be one of crash, byzantine, got "sleepy"`,
    ],
    [{ op: 'consensus', protocols: [] }, `${FILE}: cases[0].protocols must not be empty`],
  ])('%j', (c, message) => {
    expect(messageOf(scenario([c]))).toBe(message);
  });
});

function plan(cases: unknown[], over: Parameters<typeof resolvePlan>[2] = {}) {
  return resolvePlan(validateScenario(scenario(cases), FILE, BACKENDS), FILE, over, BACKENDS)
    .cases as PlannedConsensusCase[];
}

describe('planning consensus cases', () => {
  it('ids name protocol, backend, n, faults and threads; defaults pick OpenSSL for ed25519 and noble for BLS', () => {
    const ids = plan([{ op: 'consensus', protocols: ['pbft', 'hotstuff-bls'], nodes: [4, 64], threads: [2] }]).map(
      (c) => c.id,
    );
    expect(ids).toEqual([
      'consensus/pbft/node/n4/t2',
      'consensus/pbft/node/n64/t2',
      'consensus/hotstuff-bls/noble/n4/t2',
      'consensus/hotstuff-bls/noble/n64/t2',
    ]);
    const [c] = plan([
      { op: 'consensus', protocols: ['pbft'], nodes: [7], faulty: 2, fault: 'byzantine', threads: [1] },
    ]);
    expect(c!.id).toBe('consensus/pbft/node/n7/2-byzantine/t1');
    expect(c!).toMatchObject({
      rounds: 5,
      network: { preset: 'lan', latencyMs: 0.2, bandwidthMbps: 1000 },
      spec: { txs: 256, txScheme: 'ed25519', txBackend: 'node' },
    });
  });

  it('flags override every consensus case; --protocols selects among them', () => {
    const cases = [
      { op: 'consensus', protocols: ['pbft', 'tendermint'], nodes: [4, 8], rounds: 3, threads: [2] },
      { op: 'consensus', protocols: ['hotstuff-bls'], nodes: [4], rounds: 2, threads: [2] },
    ];
    const planned = plan(cases, {
      consensus: { protocols: ['pbft', 'hotstuff-bls', 'hotstuff'], nodes: [4, 16], network: 'wan', latencyMs: 80 },
    });
    expect(planned.map((c) => `${c.id} r${c.rounds}`)).toEqual([
      'consensus/pbft/node/n4/t2 r3',
      'consensus/pbft/node/n16/t2 r3',
      'consensus/hotstuff/node/n4/t2 r3',
      'consensus/hotstuff/node/n16/t2 r3',
      'consensus/hotstuff-bls/noble/n4/t2 r2',
      'consensus/hotstuff-bls/noble/n16/t2 r2',
    ]);
    expect(planned[0]!.network).toEqual({ preset: 'custom', latencyMs: 80, bandwidthMbps: 100 });
  });

  it('flag errors name the flag', () => {
    expect(() => plan([{ op: 'consensus', protocols: ['pbft'], nodes: [4] }], { consensus: { faulty: 4 } })).toThrow(
      'command line: --faulty must be less than every node count (the leader is a correct validator), got 4 with 4 nodes',
    );
    expect(() =>
      resolvePlan(
        validateScenario(scenario([{ op: 'hash', algorithms: ['sha256'] }]), FILE, BACKENDS),
        FILE,
        { consensus: { nodes: [4] } },
        BACKENDS,
      ),
    ).toThrow(`command line: --nodes applies to consensus cases, and ${FILE} has none (try scenarios/consensus.json)`);
    expect(() => consensusOverrides({ nodes: '4,3', force: false }, BACKENDS)).toThrow(
      'command line: --nodes must be a comma-separated list of integers ≥ 4, got "4,3"',
    );
    expect(() => consensusOverrides({ 'tx-scheme': 'ed25519,secp256k1', force: false }, BACKENDS)).toThrow(
      'command line: --tx-scheme takes one of ed25519, secp256k1, none, got "ed25519,secp256k1"',
    );
    expect(() => consensusOverrides({ 'latency-ms': Number.NaN, force: false }, BACKENDS)).toThrow(
      'command line: --latency-ms must be a number from 0 to 10000, got NaN',
    );
    expect(
      consensusOverrides({ protocols: ['pbft,hotstuff'], nodes: '4,16', fault: 'byzantine', force: false }, BACKENDS),
    ).toEqual({ protocols: ['pbft', 'hotstuff'], nodes: [4, 16], fault: 'byzantine' });
  });

  it('a case estimated at hours is refused unless forced', () => {
    const p = resolvePlan(
      validateScenario(
        scenario([{ op: 'consensus', protocols: ['pbft'], nodes: [1024], threads: [2] }]),
        FILE,
        BACKENDS,
      ),
      FILE,
      {},
      BACKENDS,
    );
    (p.cases[0] as PlannedConsensusCase).estimatedMs = 3 * 3_600_000;
    expect(() => refuseSlowCases(p, false)).toThrow(
      /^scenarios\/c\.json: case consensus\/pbft\/node\/n1024\/t2 would take about 3\.0 h \(.* signature checks a round × 5 rounds on 2 threads\); lower --nodes, --rounds or --txs, or pass --force to run it anyway$/,
    );
    expect(() => refuseSlowCases(p, true)).not.toThrow();
  });
});

describe('opaque commands and payload modes', () => {
  const pbft = { op: 'consensus', protocols: ['pbft'], nodes: [4], threads: [1] };

  it('a scenario: commands of txBytes (128 without it), the payload mode; proposal, the default, is not recorded', () => {
    expect(
      validateScenario(
        scenario([{ ...pbft, txScheme: 'none', txBytes: 1024, payload: 'dissemination' }]),
        FILE,
        BACKENDS,
      ).cases[0],
    ).toMatchObject({ txScheme: 'none', txBytes: 1024, payload: 'dissemination' });
    expect(plan([{ ...pbft, txScheme: 'none', txBytes: 1024, payload: 'dissemination' }])[0]!.spec).toMatchObject({
      txScheme: 'none',
      txBytes: 1024,
      payload: 'dissemination',
    });
    const dflt = plan([{ ...pbft, txScheme: 'none', payload: 'proposal' }])[0]!.spec;
    expect(dflt.txBytes).toBe(128);
    expect(dflt).not.toHaveProperty('payload');
    // Signed transactions have no command size.
    expect(plan([pbft])[0]!.spec).not.toHaveProperty('txBytes');
  });

  it('flags: --tx-bytes and --payload override the scenario, and --tx-bytes needs --tx-scheme none', () => {
    expect(consensusOverrides({ 'tx-bytes': '1024', payload: 'dissemination', force: false }, BACKENDS)).toEqual({
      txBytes: 1024,
      payload: 'dissemination',
    });
    const [c] = plan([{ ...pbft, txScheme: 'none', txBytes: 64 }], {
      consensus: { txBytes: 4096, payload: 'dissemination' },
    });
    expect(c!.spec).toMatchObject({ txScheme: 'none', txBytes: 4096, payload: 'dissemination' });
    expect(plan([pbft], { consensus: { txScheme: 'none', txBytes: 8 } })[0]!.spec.txBytes).toBe(8);
    expect(() => plan([pbft], { consensus: { txBytes: 1024 } })).toThrow(
      new InputError(
        'command line',
        '--tx-bytes',
        'applies to opaque commands (tx scheme none) only, got 1024 with tx scheme ed25519',
      ),
    );
    expect(() => plan([{ ...pbft, txScheme: 'none', txBytes: 64 }], { consensus: { txScheme: 'ed25519' } })).toThrow(
      'command line: --tx-scheme ed25519 has no commands for scenarios/c.json cases[0].txBytes (64), which applies to tx scheme none only',
    );
  });

  it('flag errors name the flag and the value', () => {
    for (const [flag, value, message] of [
      ['tx-bytes', '0', '--tx-bytes must be an integer from 1 to 65536, got "0"'],
      ['tx-bytes', '65537', '--tx-bytes must be an integer from 1 to 65536, got "65537"'],
      ['tx-bytes', '1k', '--tx-bytes must be an integer from 1 to 65536, got "1k"'],
      ['payload', 'gossip', '--payload must list names from proposal, dissemination, got "gossip"'],
      [
        'payload',
        'proposal,dissemination',
        '--payload takes one of proposal, dissemination, got "proposal,dissemination"',
      ],
    ] as const)
      expect(() => consensusOverrides({ [flag]: value, force: false }, BACKENDS)).toThrow(`command line: ${message}`);
  });
});

describe('sample sizes', () => {
  it('are 0 or at least 16, from a scenario or from --sample, with the same message', () => {
    expect(consensusOverrides({ sample: 0, force: false }, BACKENDS)).toEqual({ sample: 0 });
    expect(consensusOverrides({ sample: 16, force: false }, BACKENDS)).toEqual({ sample: 16 });
    expect(() => consensusOverrides({ sample: 5, force: false }, BACKENDS)).toThrow(
      'command line: --sample must be 0 (every validator executed) or at least 16, got 5',
    );
    expect(() =>
      validateScenario(scenario([{ op: 'consensus', protocols: ['pbft'], sample: 5 }]), FILE, BACKENDS),
    ).toThrow(`${FILE}: cases[0].sample must be 0 (every validator executed) or at least 16, got 5`);
  });
});
