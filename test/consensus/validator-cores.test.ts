/**
 * Validators with many cores, the settings side: the scenario field `validatorCores` and the flag
 * `--validator-cores` (checked, one-line errors), the planned case's cores (default: this
 * machine's parallelism), the recorded `settings.validatorCores`, the calibration key, and the
 * warning when no parallel efficiency stands behind cores above 1.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { resolvePlan, validateScenario } from '../../src/kinds/index.js';
import { InputError } from '../../src/core/errors.js';
import { consensusOverrides } from '../../src/cli/consensus-flags.js';
import { CONSENSUS_FLAGS, type PlannedConsensusCase } from '../../src/consensus/plan.js';
import { calibrationKey, consensusCaseHead } from '../../src/consensus/case.js';
import { parallelWarnings } from '../../src/consensus/analysis.js';
import { rebuildConsensus } from '../../src/consensus/rebuild.js';
import { Fields } from '../../src/core/fields.js';
import type { CaseResult, ConsensusCosts } from '../../src/results/schema.js';
import type { ConsensusSpec } from '../../src/consensus/types.js';

const FILE = 'scenarios/c.json';
const BACKENDS = ['noble', 'node'];
const entry = (extra: Record<string, unknown> = {}) => ({ op: 'consensus', protocols: ['pbft'], nodes: [4], ...extra });

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('not refused');
}

function plan(extra: Record<string, unknown>, over: Parameters<typeof resolvePlan>[2] = {}): PlannedConsensusCase[] {
  const s = validateScenario({ name: 'c', cases: [entry(extra)] }, FILE, BACKENDS);
  return resolvePlan(s, FILE, over, BACKENDS).cases as PlannedConsensusCase[];
}

describe('"validatorCores" in a scenario file', () => {
  it('an integer from 1 to 1024', () => {
    expect(plan({ validatorCores: 1 })[0]?.validatorCores).toBe(1);
    expect(plan({ validatorCores: 1024 })[0]?.validatorCores).toBe(1024);
  });

  it.each([
    [0, `${FILE}: cases[0].validatorCores must be at least 1, got 0`],
    [1025, `${FILE}: cases[0].validatorCores must be at most 1024, got 1025`],
    [2.5, `${FILE}: cases[0].validatorCores must be a positive integer, got 2.5`],
    ['4', `${FILE}: cases[0].validatorCores must be a positive integer, got "4"`],
  ])('refuses %j in one line naming file, field and value', (value, message) => {
    expect(
      refusal(() => validateScenario({ name: 'c', cases: [entry({ validatorCores: value })] }, FILE, BACKENDS)),
    ).toBe(message);
  });
});

describe('--validator-cores', () => {
  it('parses into the consensus overrides, and names itself in flag lists', () => {
    expect(consensusOverrides({ 'validator-cores': '16', force: false }, BACKENDS)).toEqual({ validatorCores: 16 });
    expect(CONSENSUS_FLAGS.validatorCores).toBe('--validator-cores');
  });

  it.each([
    ['0', 'command line: --validator-cores must be an integer from 1 to 1024, got "0"'],
    ['1025', 'command line: --validator-cores must be an integer from 1 to 1024, got "1025"'],
    ['two', 'command line: --validator-cores must be an integer from 1 to 1024, got "two"'],
    ['1.5', 'command line: --validator-cores must be an integer from 1 to 1024, got "1.5"'],
  ])('refuses %j', (value, message) => {
    expect(refusal(() => consensusOverrides({ 'validator-cores': value, force: false }, BACKENDS))).toBe(message);
  });

  it('is a consensus flag: refused for a scenario without consensus cases', () => {
    const s = validateScenario({ name: 'p', cases: [{ op: 'hash', algorithms: ['sha256'] }] }, FILE, BACKENDS);
    expect(refusal(() => resolvePlan(s, FILE, { consensus: { validatorCores: 2 } }, BACKENDS))).toBe(
      `command line: --validator-cores applies to consensus cases, and ${FILE} has none (try scenarios/consensus.json)`,
    );
  });
});

describe('a planned case’s validator cores', () => {
  it('default to this machine’s parallelism: a validator like this machine is all of it', () => {
    expect(plan({})[0]?.validatorCores).toBe(availableParallelism());
  });

  it('the flag overrides the scenario', () => {
    expect(plan({ validatorCores: 8 }, { consensus: { validatorCores: 3 } })[0]?.validatorCores).toBe(3);
    expect(plan({ validatorCores: 8 })[0]?.validatorCores).toBe(8);
  });

  it('are recorded as settings.validatorCores in the case head', () => {
    const [c] = plan({ validatorCores: 6, threads: [1] });
    expect(consensusCaseHead(c!).settings.validatorCores).toBe(6);
  });
});

describe('the calibration key', () => {
  const spec: ConsensusSpec = {
    protocol: 'pbft',
    backend: 'node',
    nodes: 4,
    txs: 4,
    txScheme: 'ed25519',
    txBackend: 'node',
    faulty: 0,
    fault: 'crash',
  };
  it('tells a calibration with parallel thread counts from one without, and the counts apart', () => {
    expect(calibrationKey(spec, [])).toBe(calibrationKey({ ...spec, nodes: 64 }));
    expect(calibrationKey(spec, [2])).not.toBe(calibrationKey(spec, []));
    expect(calibrationKey(spec, [2, 3])).not.toBe(calibrationKey(spec, [2]));
  });
});

const costsOf = (source: ConsensusCosts['source'], parallel?: ConsensusCosts['parallel']) =>
  ({ source, ...(parallel ? { parallel } : {}) }) as unknown as ConsensusCosts;
const FROM_FILE: ConsensusCosts['source'] = { kind: 'file', file: 'b.json', host: 'b', fingerprint: '0' };

/** Only the fields parallelWarnings reads. */
function okCase(id: string, validatorCores: number | undefined, costs: ConsensusCosts | undefined): CaseResult {
  return {
    id,
    kind: 'consensus',
    status: 'ok',
    settings: { ...(validatorCores !== undefined ? { validatorCores } : {}) },
    ...(costs ? { costs } : {}),
  } as unknown as CaseResult;
}

describe('the warning when cores above 1 have no measured parallel efficiency', () => {
  it('costs from a file without it: one line naming the file, the cases and the cores', () => {
    const warnings = parallelWarnings([
      okCase('consensus/pbft/node/n4/t2', 4, costsOf(FROM_FILE)),
      okCase('consensus/pbft/node/n16/t2', 8, costsOf(FROM_FILE)),
    ]);
    expect(warnings).toEqual([
      {
        code: 'parallel-efficiency-missing',
        cases: ['consensus/pbft/node/n4/t2', 'consensus/pbft/node/n16/t2'],
        message:
          '2 consensus case(s) model validators of up to 8 cores, and b.json has no parallel efficiency measured: their signature checks are split over the cores at the single-thread price (efficiency 1); calibrate there with --validator-cores and --threads of 2 or more',
      },
    ]);
    expect(warnings[0]?.message).not.toContain('\n');
  });

  it('measured here on one thread: its own line', () => {
    const [w] = parallelWarnings([okCase('consensus/pbft/node/n4/t1', 2, costsOf({ kind: 'measured' }))]);
    expect(w?.code).toBe('parallel-efficiency-missing');
    expect(w?.cases).toEqual(['consensus/pbft/node/n4/t1']);
    expect(w?.message).toMatch(/^1 consensus case\(s\) model validators of up to 2 cores, and no parallel efficiency/);
  });

  it('both causes in one run: one warning each, listing its own cases', () => {
    const warnings = parallelWarnings([
      okCase('here', 2, costsOf({ kind: 'measured' })),
      okCase('there', 2, costsOf(FROM_FILE)),
    ]);
    expect(warnings.map((w) => [w.cases, w.message.includes('b.json')])).toEqual([
      [['there'], true],
      [['here'], false],
    ]);
  });

  it('none for one core, for older files without cores, with parallel data, or without costs', () => {
    const parallel = { operation: 'txVerify', points: [{ threads: 2, efficiency: 0.5 }] } as ConsensusCosts['parallel'];
    expect(
      parallelWarnings([
        okCase('a', 1, costsOf(FROM_FILE)),
        okCase('b', undefined, costsOf(FROM_FILE)),
        okCase('c', 4, costsOf(FROM_FILE, parallel)),
        okCase('d', 4, undefined),
      ]),
    ).toEqual([]);
  });
});

describe('rebuilding a recorded case (run --only-failed) restores its cores', () => {
  const recorded = (settings: Record<string, unknown>) => ({
    protocol: 'pbft',
    backend: 'node',
    params: { nodes: 4, txs: 4, txScheme: 'ed25519', txBackend: 'node', faulty: 0, fault: 'crash' },
    threads: 2,
    settings: { rounds: 1, repeat: 1, network: { preset: 'lan', latencyMs: 0.2, bandwidthMbps: 1000 }, ...settings },
  });
  const rebuild = (settings: Record<string, unknown>) =>
    rebuildConsensus(recorded(settings), 'cases[0]', { fields: new Fields('r.json'), backend: (v) => String(v) });

  it('as recorded; a file from before validators had cores gets one each', () => {
    expect(rebuild({ validatorCores: 12 }).validatorCores).toBe(12);
    expect(rebuild({}).validatorCores).toBe(1);
  });

  it('refuses a recorded count outside 1 … 1024', () => {
    expect(refusal(() => rebuild({ validatorCores: 0 }))).toBe(
      'r.json: cases[0].settings.validatorCores must be at least 1, got 0',
    );
    expect(refusal(() => rebuild({ validatorCores: 2048 }))).toBe(
      'r.json: cases[0].settings.validatorCores must be at most 1024, got 2048',
    );
  });
});
