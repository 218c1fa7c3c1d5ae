/**
 * The `aggregate` primitive op: adding k BLS signatures into one (what a leader pays to turn votes
 * into a certificate), checked against the aggregate noble computes.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { resolvePlan, validateScenario } from '../../src/kinds/index.js';
import { caseId } from '../../src/results/case-id.js';
import { nobleBackend } from '../../src/workloads/backends/noble.js';
import { resolveWorkload, type ResolvedWorkload } from '../../src/workloads/prepare.js';
import { isUnsupported, type Backend, type BlsImpl, type WorkloadSpec } from '../../src/workloads/types.js';

const SEED = 1;
const K = 4;
const FILE = 'scenarios/x.json';
const BACKENDS = ['noble', 'node'];

const nobleBls = nobleBackend.bls() as BlsImpl;

/** noble, with its BLS implementation replaced. */
function blsBackend(bls: BlsImpl): Backend {
  return { ...nobleBackend, name: 'broken', description: 'noble with a deliberate BLS fault', bls: () => bls };
}

function resolved(backend: Backend, spec: Partial<WorkloadSpec> = {}): ResolvedWorkload {
  const full = { op: 'aggregate', algorithm: 'bls12-381', backend: backend.name, k: K, ...spec } as WorkloadSpec;
  const r = resolveWorkload(full, backend, SEED);
  if (isUnsupported(r)) throw new Error(`unexpectedly unsupported: ${r.unsupported}`);
  return r;
}

/** Right for the first `limit` aggregations, then leaves the last signature out (an off-by-one). */
function driftingAggregate(limit: number): BlsImpl & { calls: () => number; limit: number } {
  let calls = 0;
  const impl = {
    ...nobleBls,
    limit,
    aggregateSignatures: (signatures: Uint8Array[]) =>
      nobleBls.aggregateSignatures(++calls > impl.limit ? signatures.slice(0, -1) : signatures),
    calls: () => calls,
  };
  return impl;
}

describe('the aggregate op on noble', () => {
  it('passes the pre-timing check and its timed run matches the reference aggregate', () => {
    const r = resolved(nobleBackend);
    expect(r.selfTest()).toBeNull();
    const w = r.prepare();
    w.run();
    expect(w.verifyRun()).toBeNull();
    w.run();
    expect(w.verifyRun()).toBeNull();
  });

  it('is defined for BLS only', () => {
    const r = resolveWorkload({ op: 'aggregate', algorithm: 'ed25519', backend: 'noble', k: K }, nobleBackend, SEED);
    expect(r).toEqual({ unsupported: 'aggregate is not defined for ed25519' });
  });
});

describe('verifyRun catches an aggregation that goes wrong during the timed run', () => {
  it('an aggregate that drops a signature after N calls passes selfTest but fails verifyRun', () => {
    const drifting = driftingAggregate(5);
    const r = resolved(blsBackend(drifting));
    expect(r.selfTest()).toBeNull();
    expect(drifting.calls()).toBeLessThan(5);
    const w = r.prepare();
    w.run();
    expect(w.verifyRun()).toBeNull(); // still inside the first 5 calls
    for (let i = 0; i < 5; i++) w.run();
    expect(drifting.calls()).toBeGreaterThan(5);
    expect(w.verifyRun()).toBe('the aggregate signature differs from the reference aggregate');
  });

  it('the expected aggregate comes from noble, not from the backend under test', () => {
    // Wrong from the first aggregation after the check: had prepare() asked the backend under test
    // for the expected aggregate, both would be wrong alike and the run would pass.
    const drifting = driftingAggregate(Infinity);
    const r = resolved(blsBackend(drifting));
    expect(r.selfTest()).toBeNull();
    drifting.limit = drifting.calls();
    const w = r.prepare();
    w.run();
    expect(w.verifyRun()).toBe('the aggregate signature differs from the reference aggregate');
  });

  it('an aggregate that is wrong from the start is caught by the pre-timing check', () => {
    const r = resolved(blsBackend(driftingAggregate(0)));
    expect(r.selfTest()).toBe('a valid fast aggregate does not verify');
  });
});

describe('aggregate cases in scenario files', () => {
  const messageOf = (raw: unknown): string => {
    try {
      validateScenario(raw, FILE, BACKENDS);
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      return (err as Error).message;
    }
    return '(accepted)';
  };

  it('accepts k for aggregate', () => {
    const entry = { op: 'aggregate', algorithms: ['bls12-381'], k: [16] };
    expect(validateScenario({ name: 'x', cases: [entry] }, FILE, BACKENDS).cases).toEqual([entry]);
  });

  it('refuses a k of 0 with the house message', () => {
    expect(messageOf({ name: 'x', cases: [{ op: 'aggregate', algorithms: ['bls12-381'], k: [0] }] })).toBe(
      `${FILE}: cases[0].k[0] must be at least 1, got 0`,
    );
  });

  it('refuses an algorithm other than BLS', () => {
    expect(messageOf({ name: 'x', cases: [{ op: 'aggregate', algorithms: ['ed25519'], k: [16] }] })).toBe(
      `${FILE}: cases[0].algorithms[0] must be one of bls12-381, got "ed25519"`,
    );
  });

  it('its case id carries k', () => {
    expect(caseId({ op: 'aggregate', algorithm: 'bls12-381', backend: 'noble', k: 16 }, 1)).toBe(
      'aggregate/bls12-381/noble/k16/t1',
    );
    const s = validateScenario(
      {
        name: 'p',
        threads: [1],
        cases: [{ op: 'aggregate', algorithms: ['bls12-381'], k: [16], backends: ['noble'] }],
      },
      FILE,
      BACKENDS,
    );
    expect(resolvePlan(s, FILE, {}, BACKENDS).cases.map((c) => c.id)).toEqual(['aggregate/bls12-381/noble/k16/t1']);
  });
});
