import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResultFile, validateResult } from '../../src/results/reader.js';
import { InputError } from '../../src/core/errors.js';
import { tempDir } from '../helpers.js';

const FILE = 'results/r.json';

const rate = (samples: number[]) => ({ mean: 2, median: 2, ci95: [1, 3], cv: 0.5, outliers: 0, samples });

const okCase = (id = 'hash/sha256/noble/32B/t1') => ({
  id,
  kind: 'primitive',
  op: 'hash',
  algorithm: 'sha256',
  backend: 'noble',
  params: { sizeBytes: 32 },
  threads: 1,
  settings: { timeMs: 40, warmupMs: 10, repeat: 3 },
  wallMs: 100,
  status: 'ok',
  metrics: {
    opsPerSec: rate([1, 2, 3]),
    bytesPerSec: rate([32, 64, 96]),
    latencyMs: { mean: 0.5, p50: 0.5, p95: 0.6, p99: 0.7, count: 10 },
    perThreadOpsPerSec: [2],
    scalingEfficiency: null,
    batch: 1,
    totalOps: 6,
  },
});

/** The machine facts every result file records (test/fixtures/results/generate.mjs writes the same). */
const system = () => ({
  fingerprint: '0123456789abcdef',
  hostname: 'runner-a',
  hostnameAnonymized: false,
  cpu: { manufacturer: 'AMD', brand: 'EPYC 7763', physicalCores: 2, logicalCores: 4, availableParallelism: 4 },
  memory: { totalBytes: 2 ** 34 },
  os: { platform: 'linux', distro: 'Ubuntu', release: '24.04', kernel: '6.8.0', arch: 'x64' },
  runtime: { node: '20.19.0', v8: '11.3.244.8', openssl: '3.0.15' },
  libraries: { '@noble/hashes': '2.4.0' },
  git: null,
  load: { before: [0.1, 0.1, 0.1] },
});

/** A minimal valid result; each test breaks one thing. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test may put a value of any type into any field
function minimal(): Record<string, any> {
  return {
    schema: 'chainmark/result@1',
    tool: { name: 'chainmark', version: '0.1.0' },
    run: {
      id: '00000000-0000-4000-8000-000000000000',
      startedAt: '2026-11-28T01:27:11.000Z',
      finishedAt: '2026-11-28T01:27:12.000Z',
      status: 'complete',
      scenario: { name: 'quick', file: 'scenarios/quick.json' },
      seed: 1,
      argv: [],
    },
    system: system(),
    cases: [],
    scaling: [],
    warnings: [],
  };
}

function refusal(raw: unknown): InputError {
  try {
    validateResult(raw, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message.startsWith(`${FILE}: `)).toBe(true);
    return err as InputError;
  }
  throw new Error('the result was accepted');
}

describe('validateResult accepts', () => {
  it('a minimal valid result, returned as is', () => {
    const raw = minimal();
    expect(validateResult(raw, FILE)).toBe(raw);
  });

  it('ok, skipped and failed cases', () => {
    const raw = minimal();
    raw.cases = [
      okCase(),
      {
        ...okCase('hash/blake3/node/32B/t1'),
        status: 'skipped',
        metrics: undefined,
        error: 'OpenSSL (node:crypto) has no BLAKE3',
      },
      {
        ...okCase('hash/sha256/broken/32B/t1'),
        status: 'failed-check',
        metrics: undefined,
        error: 'sha256("abc") = …',
      },
    ];
    expect(validateResult(raw, FILE).cases).toHaveLength(3);
  });

  it('an interrupted or failed run', () => {
    for (const status of ['interrupted', 'failed']) {
      const raw = minimal();
      raw.run.status = status;
      expect(validateResult(raw, FILE).run.status).toBe(status);
    }
  });
});

describe('validateResult refuses, naming the file first', () => {
  it('a top level that is not an object', () => {
    expect(refusal([]).message).toBe(`${FILE}: is not a chainmark result file (top level is a list)`);
    expect(refusal(42).message).toBe(`${FILE}: is not a chainmark result file (top level is 42)`);
    expect(refusal(null).message).toBe(`${FILE}: is not a chainmark result file (top level is null)`);
  });

  it('a missing schema', () => {
    const raw = minimal();
    delete raw.schema;
    expect(refusal(raw).message).toBe(
      `${FILE}: schema must be "chainmark/result@1": not a chainmark result file, got undefined`,
    );
  });

  it('a foreign schema', () => {
    const raw = { ...minimal(), schema: 'other/thing@1' };
    const err = refusal(raw);
    expect(err.message).toBe(
      `${FILE}: schema must be "chainmark/result@1": not a chainmark result file, got "other/thing@1"`,
    );
    expect(err.field).toBe('schema');
  });

  it('a newer schema version, saying which version this chainmark reads', () => {
    const err = refusal({ ...minimal(), schema: 'chainmark/result@2' });
    expect(err.message).toMatch(/^results\/r\.json: schema is version "2"; this chainmark reads only version 1\b/);
    expect(err.message).toContain('upgrade chainmark');
  });

  it('a missing run', () => {
    const raw = minimal();
    delete raw.run;
    expect(refusal(raw).message).toBe(`${FILE}: run must be an object, got undefined`);
  });

  it('a run without its id or start time', () => {
    const raw = minimal();
    delete raw.run.startedAt;
    expect(refusal(raw).message).toBe(`${FILE}: run.startedAt must be a string, got undefined`);
  });

  it('an unknown run status', () => {
    const raw = minimal();
    raw.run.status = 'done';
    expect(refusal(raw).message).toBe(`${FILE}: run.status must be complete, interrupted or failed, got "done"`);
  });

  it('a missing system fingerprint or cases list', () => {
    const noFingerprint = minimal();
    delete noFingerprint.system.fingerprint;
    expect(refusal(noFingerprint).message).toBe(`${FILE}: system.fingerprint must be a string, got undefined`);
    const noCases = { ...minimal(), cases: {} };
    expect(refusal(noCases).message).toBe(`${FILE}: cases must be a list, got {}`);
  });

  it('duplicate case ids', () => {
    const raw = minimal();
    raw.cases = [okCase('verify/ed25519/node/t1'), okCase('verify/ed25519/node/t2'), okCase('verify/ed25519/node/t1')];
    expect(refusal(raw).message).toBe(`${FILE}: cases[2].id repeats "verify/ed25519/node/t1"`);
  });

  it('an unknown case status', () => {
    const raw = minimal();
    raw.cases = [{ ...okCase(), status: 'passed' }];
    expect(refusal(raw).message).toBe(
      `${FILE}: cases[0].status must be ok, failed-check, errored or skipped, got "passed"`,
    );
  });

  it('an ok case without metrics', () => {
    const raw = minimal();
    const c = okCase();
    delete (c as Partial<typeof c>).metrics;
    raw.cases = [c];
    expect(refusal(raw).message).toBe(`${FILE}: cases[0].metrics must be an object, got undefined`);
  });

  it('a case that is not ok without an error string', () => {
    const raw = minimal();
    raw.cases = [{ ...okCase(), status: 'errored', metrics: undefined }];
    expect(refusal(raw).message).toBe(`${FILE}: cases[0].error must be a string for status errored, got undefined`);
  });

  it('non-finite or missing samples', () => {
    for (const samples of [[1, Infinity], [1, NaN, 3], [1, '2'], [1, null], 'many']) {
      const raw = minimal();
      const c = okCase();
      (c.metrics as Record<string, unknown>).bytesPerSec = rate(samples as number[]);
      raw.cases = [c];
      expect(refusal(raw).message, JSON.stringify(samples)).toMatch(
        /^results\/r\.json: cases\[0\]\.metrics\.bytesPerSec\.samples must be a list of finite numbers, got /,
      );
    }
  });

  it('NaN written to disk (JSON null) when read back with readResultFile', () => {
    const dir = tempDir();
    const path = join(dir, 'nan.json');
    const raw = minimal();
    const c = okCase();
    c.metrics.opsPerSec = rate([1, NaN, 3]);
    raw.cases = [c];
    writeFileSync(path, JSON.stringify(raw)); // NaN → null
    expect(() => readResultFile(path)).toThrow(
      `${path}: cases[0].metrics.opsPerSec.samples must be a list of finite numbers, got [1,null,3]`,
    );
  });

  it('a file that is not JSON, via readResultFile', () => {
    const dir = tempDir();
    const path = join(dir, 'garbage.json');
    writeFileSync(path, 'chainmark/result@1');
    expect(() => readResultFile(path)).toThrow(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is not valid JSON`),
    );
  });
});

describe('validateResult refuses what the exporters and the gate would trip over', () => {
  it('a file without its tool (the html report prints its version)', () => {
    const raw = minimal();
    delete raw.tool;
    expect(refusal(raw).message).toBe(`${FILE}: tool must be an object, got undefined`);
  });

  it('a median of 1e400, which JSON.parse reads as Infinity and JSON.stringify would write as null', () => {
    const dir = tempDir();
    const path = join(dir, 'inf.json');
    const raw = minimal();
    raw.cases = [okCase()];
    writeFileSync(path, JSON.stringify(raw).replace('"median":2', '"median":1e400'));
    expect(() => readResultFile(path)).toThrow(
      `${path}: cases[0].metrics.opsPerSec.median must be a number ≥ 0, got Infinity`,
    );
  });

  it('negative rates, latencies and per-thread rates, naming the first bad one', () => {
    const edits: [(c: ReturnType<typeof okCase>) => void, string][] = [
      [
        (c) => (c.metrics.opsPerSec = { ...rate([-1, -2, -3]), median: -2, mean: -2, ci95: [-3, -1] }),
        'opsPerSec.samples[0] must be a number ≥ 0, got -1',
      ],
      [(c) => (c.metrics.opsPerSec.median = -2), 'opsPerSec.median must be a number ≥ 0, got -2'],
      [(c) => (c.metrics.bytesPerSec.mean = -0.5), 'bytesPerSec.mean must be a number ≥ 0, got -0.5'],
      [(c) => (c.metrics.opsPerSec.samples = [1, 2, -3]), 'opsPerSec.samples[2] must be a number ≥ 0, got -3'],
      [(c) => (c.metrics.latencyMs.p95 = -0.6), 'latencyMs.p95 must be a number ≥ 0, got -0.6'],
      [(c) => (c.metrics.perThreadOpsPerSec = [-2]), 'perThreadOpsPerSec[0] must be a number ≥ 0, got -2'],
    ];
    for (const [edit, message] of edits) {
      const raw = minimal();
      const c = okCase();
      edit(c);
      raw.cases = [c];
      expect(refusal(raw).message).toBe(`${FILE}: cases[0].metrics.${message}`);
    }
  });

  it('accepts a zero rate and a negative low end of an interval (older files hold t-intervals of the mean)', () => {
    const raw = minimal();
    const c = okCase();
    c.metrics.opsPerSec = { ...rate([0, 0, 3]), median: 0, mean: 1, ci95: [-2.7, 4.7] };
    raw.cases = [c];
    expect(validateResult(raw, FILE).cases).toHaveLength(1);
  });
});

const consensusOk = () => ({
  id: 'consensus/pbft/node/n4/t1',
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
  threads: 1,
  settings: { rounds: 1, repeat: 1, network: { preset: 'lan', latencyMs: 0.2, bandwidthMbps: 1000 } },
  wallMs: 50,
  status: 'ok',
  metrics: {
    hostRoundMs: { ...rate([4]), p50: 4, p95: 4, p99: 4, count: 1 },
    modeledRoundMs: { ...rate([2]), p50: 2, p95: 2, p99: 2, count: 1 },
    modeledCommitMs: { mean: 2, p50: 2, p95: 2, p99: 2, count: 1 },
    committedTxPerSec: rate([1000]),
    modeledCommittedTxPerSec: rate([2000]),
    messagesPerRound: 24,
    bytesPerRound: 4096,
    signaturesPerRound: 8,
    verificationsPerRound: 24,
    committedRounds: 1,
    work: { voteVerifications: 24, aggregateVerifications: 0, aggregations: 0, txVerifications: 4, merkleRoots: 1 },
    setupMs: 5,
    rounds: [
      {
        round: 0,
        leader: 0,
        committed: true,
        committedValidators: 4,
        hostMs: 4,
        modeledMs: 2,
        modeledCommitMs: 2,
        messages: 24,
        bytes: 4096,
        signatures: 8,
        verifications: 24,
        waves: 3,
      },
    ],
  },
});

describe('validateResult checks every field ResultFile declares', () => {
  it('accepts a consensus case, a ceiling record and fields it does not know', () => {
    const raw = minimal();
    raw.cases = [okCase(), consensusOk()];
    raw.ceiling = {
      openssl: {
        version: 'OpenSSL 3.0.15',
        commands: ['openssl speed sha256'],
        before: { sha256: 1e6 },
        after: { sha256: 1.1e6 },
      },
      plainLoop: { before: {}, after: {} },
      pinned: null,
    };
    raw.addedLater = { by: 'a newer chainmark' };
    raw.cases[0].addedLater = 1;
    expect(validateResult(raw, FILE).cases).toHaveLength(2);
  });

  it('run.argv must be a list of strings', () => {
    const raw = minimal();
    raw.run.argv = ['run', 3];
    expect(refusal(raw).message).toBe(`${FILE}: run.argv must be a list of strings, got ["run",3]`);
  });

  it('run.notRun entries must name their kind', () => {
    const raw = minimal();
    raw.run.notRun = [{ id: 'hash/sha256/node/1KiB/t2', kind: 'gpu' }];
    expect(refusal(raw).message).toBe(
      `${FILE}: run.notRun[0].kind must be primitive, consensus or qualification, got "gpu"`,
    );
  });

  it('system.cpu.logicalCores must be a number', () => {
    const raw = minimal();
    raw.system.cpu.logicalCores = '4';
    expect(refusal(raw).message).toBe(`${FILE}: system.cpu.logicalCores must be a finite number, got "4"`);
  });

  it('system.git must have its commit, and a library its version', () => {
    const noCommit = minimal();
    noCommit.system.git = { dirty: false };
    expect(refusal(noCommit).message).toBe(`${FILE}: system.git.commit must be a string, got undefined`);
    const badLibrary = minimal();
    badLibrary.system.libraries['@noble/hashes'] = 2;
    expect(refusal(badLibrary).message).toBe(`${FILE}: system.libraries["@noble/hashes"] must be a string, got 2`);
  });

  it('a case kind must be primitive, consensus or qualification', () => {
    const raw = minimal();
    raw.cases = [{ ...okCase(), kind: 'gpu' }];
    expect(refusal(raw).message).toBe(
      `${FILE}: cases[0].kind must be primitive, consensus or qualification, got "gpu"`,
    );
  });

  it("a Rate's ci95 must be a pair, low first", () => {
    const raw = minimal();
    const c = okCase();
    c.metrics.opsPerSec.ci95 = [1];
    raw.cases = [c];
    expect(refusal(raw).message).toBe(
      `${FILE}: cases[0].metrics.opsPerSec.ci95 must be an interval [low, high] of two finite numbers, got [1]`,
    );
    c.metrics.opsPerSec.ci95 = [3, 1];
    expect(refusal(raw).message).toBe(
      `${FILE}: cases[0].metrics.opsPerSec.ci95 must be an interval [low, high] of two finite numbers, got [3,1]`,
    );
  });

  it('a Rate of one sample has ci95 null: no interval, which reads back as none', () => {
    const raw = minimal();
    const c = okCase();
    c.metrics.opsPerSec = { ...rate([2]), ci95: null };
    raw.cases = [c];
    const r = validateResult(raw, FILE);
    const read = r.cases[0]!;
    expect(read.status === 'ok' && read.kind === 'primitive' ? read.metrics.opsPerSec.ci95 : 'not read').toBeNull();
    // Absent is not the same as none: the field stays required.
    delete (c.metrics.opsPerSec as Partial<typeof c.metrics.opsPerSec>).ci95;
    expect(refusal(raw).message).toBe(
      `${FILE}: cases[0].metrics.opsPerSec.ci95 must be an interval [low, high] of two finite numbers, got undefined`,
    );
  });

  it('a latency summary must have its percentiles', () => {
    const raw = minimal();
    const c = okCase();
    delete (c.metrics.latencyMs as Partial<typeof c.metrics.latencyMs>).p99;
    raw.cases = [c];
    expect(refusal(raw).message).toBe(`${FILE}: cases[0].metrics.latencyMs.p99 must be a number ≥ 0, got undefined`);
  });

  it('every round detail of a consensus case is checked', () => {
    const raw = minimal();
    const c = consensusOk();
    delete (c.metrics.rounds[0] as Partial<(typeof c.metrics.rounds)[0]>).committed;
    raw.cases = [c];
    expect(refusal(raw).message).toBe(
      `${FILE}: cases[0].metrics.rounds[0].committed must be true or false, got undefined`,
    );
    c.metrics.rounds = 'three' as never;
    expect(refusal(raw).message).toBe(`${FILE}: cases[0].metrics.rounds must be a list, got "three"`);
  });

  it("a scaling entry's r2 must be finite (a NaN fit reads back as null)", () => {
    const raw = minimal();
    raw.scaling = [
      { series: 'consensus/pbft/node/t1', metric: 'hostRoundMs', x: 'nodes', exponent: 1.9, r2: null, knee: null },
    ];
    expect(refusal(raw).message).toBe(`${FILE}: scaling[0].r2 must be a finite number, got null`);
  });

  it("a warning's cases must be a list of ids", () => {
    const raw = minimal();
    raw.warnings = [{ code: 'merge-case-missing', message: 'merge: x is in 1 of 2 runs', cases: 'x' }];
    expect(refusal(raw).message).toBe(`${FILE}: warnings[0].cases must be a list of strings, got "x"`);
  });

  it('the ceiling record, when there is one', () => {
    const raw = minimal();
    raw.ceiling = {
      openssl: { version: 'OpenSSL 3.0.15', commands: [], before: { sha256: 'fast' }, after: {} },
      plainLoop: { before: {}, after: {} },
      pinned: null,
    };
    expect(refusal(raw).message).toBe(`${FILE}: ceiling.openssl.before.sha256 must be a finite number, got "fast"`);
  });

  it('reads plain-text warnings and codes it does not know as notes, keeping message and cases', () => {
    const raw = minimal();
    raw.warnings = [
      'an old warning',
      { code: 'from-a-newer-chainmark', message: 'something new', cases: ['x'] },
      { code: 'merged', message: 'merged from 2 runs' },
    ];
    expect(validateResult(raw, FILE).warnings).toEqual([
      { code: 'note', message: 'an old warning' },
      { code: 'note', message: 'something new', cases: ['x'] },
      { code: 'merged', message: 'merged from 2 runs' },
    ]);
  });
});

/** Calibrated costs as src/consensus/calibrate.ts records them for a BLS case. */
const cost = (id: string, ms: number) => ({ ...rate([ms]), median: ms, mean: ms, ci95: [ms, ms], case: id });
const costs = () => ({
  source: { kind: 'measured' },
  voteSignMs: cost('sign/bls12-381/node/t1', 0.5),
  voteVerifyMs: cost('verify/bls12-381/node/t1', 1),
  txVerifyMs: cost('verify/ed25519/node/t1', 0.05),
  merkleMs: cost('merkle/sha256/node/4leaves/t1', 0.01),
  bls: {
    aggregateVerify: [
      { k: 8, ms: cost('fast-aggregate-verify/bls12-381/node/k8/t1', 2) },
      { k: 128, ms: cost('fast-aggregate-verify/bls12-381/node/k128/t1', 17) },
    ],
    aggregate: [
      { k: 8, ms: cost('aggregate/bls12-381/node/k8/t1', 0.75) },
      { k: 128, ms: cost('aggregate/bls12-381/node/k128/t1', 8.25) },
    ],
    aggregateVerifyFit: { baseMs: 1, perSignerMs: 0.125 },
    aggregateFit: { baseMs: 0.25, perSignatureMs: 0.0625 },
  },
});

describe('validateResult checks a consensus case’s calibrated costs and replay times', () => {
  /** The consensus case with its costs, after `edit`. */
  function withCosts(edit: (c: ReturnType<typeof consensusOk> & { costs: ReturnType<typeof costs> }) => void) {
    const raw = minimal();
    const c = { ...consensusOk(), costs: costs() };
    edit(c);
    raw.cases = [c];
    return raw;
  }

  it('accepts a consensus case with costs, and costs read from a file', () => {
    const measured = withCosts(() => undefined);
    expect(validateResult(measured, FILE).cases).toHaveLength(1);
    const fromFile = withCosts((c) => {
      c.costs.source = { kind: 'file', file: 'results/a.json', host: 'runner-a', fingerprint: '0123' } as never;
    });
    expect(validateResult(fromFile, FILE).cases).toHaveLength(1);
  });

  it('refuses a cost whose samples hold a string', () => {
    const raw = withCosts((c) => {
      c.costs.voteVerifyMs.samples = [1, '2'] as never;
    });
    expect(refusal(raw).message).toBe(
      `${FILE}: cases[0].costs.voteVerifyMs.samples must be a list of finite numbers, got [1,"2"]`,
    );
  });

  it('refuses an unknown cost source', () => {
    const raw = withCosts((c) => {
      c.costs.source.kind = 'guess';
    });
    expect(refusal(raw).message).toBe(`${FILE}: cases[0].costs.source.kind must be measured or file, got "guess"`);
  });

  it('refuses costs read from a file that do not name the host', () => {
    const raw = withCosts((c) => {
      c.costs.source = { kind: 'file', file: 'results/a.json', fingerprint: '0123' } as never;
    });
    expect(refusal(raw).message).toBe(`${FILE}: cases[0].costs.source.host must be a string, got undefined`);
  });

  it('refuses a BLS fit without its per-signer cost', () => {
    const raw = withCosts((c) => {
      c.costs.bls.aggregateVerifyFit.perSignerMs = null as never;
    });
    expect(refusal(raw).message).toBe(
      `${FILE}: cases[0].costs.bls.aggregateVerifyFit.perSignerMs must be a finite number, got null`,
    );
  });

  it('refuses a sized BLS cost without the case that measured it', () => {
    const raw = withCosts((c) => {
      delete (c.costs.bls.aggregate[1]!.ms as Partial<ReturnType<typeof cost>>).case;
    });
    expect(refusal(raw).message).toBe(
      `${FILE}: cases[0].costs.bls.aggregate[1].ms.case must be a string, got undefined`,
    );
  });

  it('accepts a null replayRoundMs and refuses a string', () => {
    const none = withCosts((c) => {
      (c.metrics as Record<string, unknown>).replayRoundMs = null;
    });
    expect(validateResult(none, FILE).cases).toHaveLength(1);
    const text = withCosts((c) => {
      (c.metrics as Record<string, unknown>).replayRoundMs = 'slow';
    });
    expect(refusal(text).message).toBe(`${FILE}: cases[0].metrics.replayRoundMs must be an object, got "slow"`);
  });

  it('refuses a round’s replayMs that is a string', () => {
    const raw = withCosts((c) => {
      (c.metrics.rounds[0] as Record<string, unknown>).replayMs = '3';
    });
    expect(refusal(raw).message).toBe(`${FILE}: cases[0].metrics.rounds[0].replayMs must be a finite number, got "3"`);
  });
});

describe('validateResult reads opaque commands and payload modes (optional, so older files still read)', () => {
  /** The consensus case after `edit` of its params. */
  function withParams(edit: (p: Record<string, unknown>) => void) {
    const raw = minimal();
    const c = consensusOk();
    edit(c.params as Record<string, unknown>);
    raw.cases = [c];
    return raw;
  }

  it('accepts params.txBytes and params.payload, and a case without either', () => {
    const both = withParams((p) => Object.assign(p, { txScheme: 'none', txBytes: 1024, payload: 'dissemination' }));
    expect(validateResult(both, FILE).cases[0]).toMatchObject({ params: { txBytes: 1024, payload: 'dissemination' } });
    expect(
      validateResult(
        withParams(() => undefined),
        FILE,
      ).cases[0]!.params,
    ).not.toHaveProperty('txBytes');
  });

  it.each([
    [0, 'must be a positive integer, got 0'],
    [12.5, 'must be a positive integer, got 12.5'],
    ['128', 'must be a positive integer, got "128"'],
    [null, 'must be a positive integer, got null'],
  ])('refuses params.txBytes %j', (value, message) => {
    const raw = withParams((p) => Object.assign(p, { txScheme: 'none', txBytes: value }));
    expect(refusal(raw).message).toBe(`${FILE}: cases[0].params.txBytes ${message}`);
  });

  it('refuses a params.payload that is not a name', () => {
    const raw = withParams((p) => Object.assign(p, { payload: 2 }));
    expect(refusal(raw).message).toBe(`${FILE}: cases[0].params.payload must be a string, got 2`);
  });

  it('accepts costs without txVerifyMs (opaque commands), and refuses a txVerifyMs that is not a cost', () => {
    const raw = minimal();
    const { txVerifyMs: _, ...noTx } = costs();
    raw.cases = [{ ...consensusOk(), costs: noTx }];
    expect(validateResult(raw, FILE).cases).toHaveLength(1);
    raw.cases = [{ ...consensusOk(), costs: { ...noTx, txVerifyMs: { case: 'verify/ed25519/node/t1' } } }];
    expect(refusal(raw).message).toBe(
      `${FILE}: cases[0].costs.txVerifyMs.samples must be a list of finite numbers, got undefined`,
    );
  });
});
