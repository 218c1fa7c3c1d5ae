import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { LIMITS } from '../../src/scenario/validate.js';
import { loadScenario, resolvePlan, validateScenario, type ScenarioInput } from '../../src/kinds/index.js';
import { readJsonFile } from '../../src/core/json-file.js';
import { DEFAULTS } from '../../src/scenario/plan.js';
import { caseId, formatSize } from '../../src/primitive/plan.js';
import { defaultThreadCounts } from '../../src/pool/pool.js';
import { OPS } from '../../src/workloads/types.js';
import { tempDir } from '../helpers.js';

const FILE = 'scenarios/x.json';
const BACKENDS = ['noble', 'node'];

const hashCase = { op: 'hash', algorithms: ['sha256'], sizes: [32] };
const valid = (extra: Record<string, unknown> = {}) => ({ name: 'x', cases: [hashCase], ...extra });

/** The message validateScenario throws, or a marker when it accepts the input. */
function messageOf(raw: unknown): string {
  try {
    validateScenario(raw, FILE, BACKENDS);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  return '(accepted)';
}

describe('validateScenario accepts a well-formed scenario', () => {
  it('returns the fields it read', () => {
    const s = validateScenario(
      {
        name: 'mine.v2_x',
        description: 'd',
        seed: 9,
        threads: [1, 2],
        timeMs: 50,
        warmupMs: 0,
        repeat: 3,
        backends: ['node'],
        cases: [
          { op: 'verify', algorithms: ['ed25519'], backends: ['noble'], threads: [4], repeat: 2, thresholdPct: 5 },
        ],
      },
      FILE,
      BACKENDS,
    );
    expect(s).toEqual({
      name: 'mine.v2_x',
      description: 'd',
      seed: 9,
      threads: [1, 2],
      timeMs: 50,
      warmupMs: 0,
      repeat: 3,
      backends: ['node'],
      cases: [{ op: 'verify', algorithms: ['ed25519'], backends: ['noble'], threads: [4], repeat: 2, thresholdPct: 5 }],
    });
  });
});

describe('validateScenario names the file, the field and the bad value', () => {
  it('a wrong type in a threads entry', () => {
    const raw = { name: 'x', cases: [hashCase, hashCase, { ...hashCase, threads: ['two'] }] };
    expect(messageOf(raw)).toBe('scenarios/x.json: cases[2].threads[0] must be a positive integer, got "two"');
  });

  it('a fractional or boolean thread count', () => {
    expect(messageOf(valid({ threads: [1, 1.5] }))).toBe(`${FILE}: threads[1] must be a positive integer, got 1.5`);
    expect(messageOf(valid({ threads: [true] }))).toBe(`${FILE}: threads[0] must be a positive integer, got true`);
  });

  it('the InputError carries file and field separately', () => {
    try {
      validateScenario(valid({ repeat: 0 }), FILE, BACKENDS);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).file).toBe(FILE);
      expect((err as InputError).field).toBe('repeat');
    }
  });

  it('an unknown top-level field (a typo is an error, not ignored)', () => {
    expect(messageOf(valid({ treads: [1] }))).toMatch(
      /^scenarios\/x\.json: treads is not a known field \(known: name, description, seed, threads, /,
    );
  });

  it('an unknown field in a case', () => {
    expect(messageOf({ name: 'x', cases: [hashCase, { op: 'hash', algoritms: ['sha256'] }] })).toMatch(
      /^scenarios\/x\.json: cases\[1\]\.algoritms is not a known field \(known: op, algorithms, /,
    );
  });

  it('an empty or missing cases list', () => {
    expect(messageOf({ name: 'x', cases: [] })).toBe(`${FILE}: cases must not be empty`);
    expect(messageOf({ name: 'x' })).toBe(`${FILE}: cases must be a list, got undefined`);
  });

  it('a top level that is not an object', () => {
    expect(messageOf([1, 2])).toBe(`${FILE}: must be an object, got [1,2]`);
    expect(messageOf(null)).toBe(`${FILE}: must be an object, got null`);
  });

  it('a missing or malformed name', () => {
    expect(messageOf({ cases: [hashCase] })).toBe(`${FILE}: name must be a string, got undefined`);
    expect(messageOf({ name: 'has space', cases: [hashCase] })).toMatch(
      /^scenarios\/x\.json: name must be a name of letters, digits/,
    );
  });

  it('zero or negative repeat, at the top and in a case', () => {
    expect(messageOf(valid({ repeat: 0 }))).toBe(`${FILE}: repeat must be at least 1, got 0`);
    expect(messageOf(valid({ repeat: -3 }))).toBe(`${FILE}: repeat must be at least 1, got -3`);
    expect(messageOf({ name: 'x', cases: [{ ...hashCase, repeat: 0 }] })).toBe(
      `${FILE}: cases[0].repeat must be at least 1, got 0`,
    );
    expect(messageOf(valid({ timeMs: 0 }))).toBe(`${FILE}: timeMs must be at least 1, got 0`);
    expect(messageOf(valid({ warmupMs: -1 }))).toBe(`${FILE}: warmupMs must be at least 0, got -1`);
  });

  it('numbers beyond the limits', () => {
    expect(messageOf(valid({ threads: [5000] }))).toBe(
      `${FILE}: threads[0] must be at most ${LIMITS.threads}, got 5000`,
    );
    expect(messageOf(valid({ timeMs: 1e9 }))).toBe(`${FILE}: timeMs must be at most ${LIMITS.timeMs}, got 1000000000`);
    expect(messageOf(valid({ repeat: 1e6 }))).toBe(`${FILE}: repeat must be at most ${LIMITS.repeat}, got 1000000`);
    expect(messageOf(valid({ seed: 2 ** 40 }))).toBe(`${FILE}: seed must be at most ${LIMITS.seed}, got ${2 ** 40}`);
    expect(messageOf({ name: 'x', cases: [{ ...hashCase, sizes: [1e12] }] })).toBe(
      `${FILE}: cases[0].sizes[0] must be at most ${64 << 20}, got 1000000000000`,
    );
    expect(messageOf({ name: 'x', cases: [{ op: 'fast-aggregate-verify', algorithms: ['bls12-381'], k: [0] }] })).toBe(
      `${FILE}: cases[0].k[0] must be at least 1, got 0`,
    );
  });

  it('a number too large for a double (1e400 parses to Infinity) is shown as such, not as null', () => {
    const path = join(tempDir(), 'inf.json');
    writeFileSync(path, '{"name": "x", "repeat": 1e400, "cases": [{"op": "hash", "algorithms": ["sha256"]}]}');
    let message = '(accepted)';
    try {
      loadScenario(path, BACKENDS);
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      message = (err as Error).message;
    }
    expect(message).toMatch(new RegExp(`^${escape(path)}: repeat must be .+, got Infinity$`));
  });

  it('an unknown op lists the ops', () => {
    expect(messageOf({ name: 'x', cases: [{ op: 'hsah', algorithms: ['sha256'] }] })).toBe(
      `${FILE}: cases[0].op must be one of ${OPS.join(', ')}, got "hsah"`,
    );
  });

  it('an algorithm the op does not define', () => {
    expect(messageOf({ name: 'x', cases: [{ op: 'verify', algorithms: ['ed25519', 'sha256'] }] })).toBe(
      `${FILE}: cases[0].algorithms[1] must be one of ed25519, ecdsa-secp256k1, ecdsa-p256, schnorr-secp256k1, bls12-381, got "sha256"`,
    );
    expect(messageOf({ name: 'x', cases: [{ op: 'hash', algorithms: ['ed25519'] }] })).toMatch(
      /^scenarios\/x\.json: cases\[0\]\.algorithms\[0\] must be one of sha256, /,
    );
    expect(messageOf({ name: 'x', cases: [{ op: 'fast-aggregate-verify', algorithms: ['ed25519'] }] })).toBe(
      `${FILE}: cases[0].algorithms[0] must be one of bls12-381, got "ed25519"`,
    );
  });

  it('a parameter the op does not use', () => {
    expect(messageOf({ name: 'x', cases: [{ op: 'verify', algorithms: ['ed25519'], sizes: [32] }] })).toBe(
      `${FILE}: cases[0].sizes is not used by op "verify"`,
    );
    expect(messageOf({ name: 'x', cases: [{ op: 'hash', algorithms: ['sha256'], k: [16] }] })).toBe(
      `${FILE}: cases[0].k is not used by op "hash" (it takes sizes)`,
    );
  });

  it('an unknown backend, at the top and in a case', () => {
    expect(messageOf(valid({ backends: ['noble', 'openssl'] }))).toBe(
      `${FILE}: backends[1] must be one of noble, node, got "openssl"`,
    );
    expect(messageOf({ name: 'x', cases: [{ ...hashCase, backends: ['wasm'] }] })).toBe(
      `${FILE}: cases[0].backends[0] must be one of noble, node, got "wasm"`,
    );
  });

  it('duplicate entries in a list', () => {
    expect(messageOf(valid({ threads: [1, 2, 1] }))).toBe(`${FILE}: threads lists 1 twice`);
    expect(messageOf(valid({ backends: ['node', 'node'] }))).toBe(`${FILE}: backends lists "node" twice`);
    expect(messageOf({ name: 'x', cases: [{ op: 'hash', algorithms: ['sha256', 'sha256'] }] })).toBe(
      `${FILE}: cases[0].algorithms lists "sha256" twice`,
    );
    expect(messageOf({ name: 'x', cases: [{ ...hashCase, sizes: [32, 32] }] })).toBe(
      `${FILE}: cases[0].sizes lists 32 twice`,
    );
  });

  it('a threshold outside (0, 1000]', () => {
    expect(messageOf({ name: 'x', cases: [{ ...hashCase, thresholdPct: 0 }] })).toBe(
      `${FILE}: cases[0].thresholdPct must be a number in (0, 1000], got 0`,
    );
    expect(messageOf({ name: 'x', cases: [{ ...hashCase, thresholdPct: '5' }] })).toBe(
      `${FILE}: cases[0].thresholdPct must be a number in (0, 1000], got "5"`,
    );
  });
});

describe('readJsonFile turns every unreadable file into an InputError naming it', () => {
  const dir = tempDir();
  const refused = (path: string): InputError => {
    try {
      readJsonFile(path);
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      return err as InputError;
    }
    throw new Error(`${path} was accepted`);
  };

  it('reads valid JSON, with or without a UTF-8 byte-order mark', () => {
    const plain = join(dir, 'ok.json');
    writeFileSync(plain, '{"a": [1, "é"]}');
    expect(readJsonFile(plain)).toEqual({ a: [1, 'é'] });
    const bom = join(dir, 'bom.json');
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"b": 2}')]));
    expect(readJsonFile(bom)).toEqual({ b: 2 });
  });

  it('invalid JSON', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"name": "x",, }');
    const err = refused(path);
    expect(err.message).toMatch(new RegExp(`^${escape(path)}: is not valid JSON \\(.+\\)$`));
    expect(err.file).toBe(path);
  });

  it('bytes that are not UTF-8', () => {
    const path = join(dir, 'latin1.json');
    writeFileSync(path, Buffer.from('{"name": "caf\xe9"}', 'latin1'));
    expect(refused(path).message).toBe(`${path}: is not valid UTF-8 text`);
  });

  it('a directory', () => {
    const path = join(dir, 'adir.json');
    mkdirSync(path);
    expect(refused(path).message).toBe(`${path}: is a directory, not a file`);
  });

  it('a missing file', () => {
    const path = join(dir, 'missing.json');
    expect(refused(path).message).toBe(`${path}: cannot be read (ENOENT)`);
  });

  it('a file over the size limit, before parsing it', () => {
    const path = join(dir, 'big.json');
    writeFileSync(path, '[' + '1,'.repeat(50) + '1]');
    expect(readJsonFile(path)).toHaveLength(51);
    expect(() => readJsonFile(path, 10)).toThrow(`${path}: is 103 bytes, more than the 10-byte limit`);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('resolvePlan', () => {
  const scenario = (raw: Record<string, unknown>): ScenarioInput => validateScenario(raw, FILE, BACKENDS);
  const ids = (s: ScenarioInput, over = {}) => resolvePlan(s, FILE, over, BACKENDS).cases.map((c) => c.id);

  it('formats case ids as op/algorithm/backend[/param]/tN', () => {
    const s = scenario({
      name: 'p',
      threads: [1],
      cases: [
        { op: 'hash', algorithms: ['sha256'], sizes: [1024], backends: ['node'] },
        { op: 'verify', algorithms: ['ed25519'], backends: ['noble'], threads: [2] },
        { op: 'fast-aggregate-verify', algorithms: ['bls12-381'], k: [16], backends: ['noble'] },
        { op: 'merkle', algorithms: ['keccak256'], leaves: [4096], backends: ['noble'] },
        { op: 'spin', algorithms: ['sha256'], rounds: [1000], backends: ['noble'] },
      ],
    });
    expect(new Set(ids(s))).toEqual(
      new Set([
        'hash/sha256/node/1KiB/t1',
        'verify/ed25519/noble/t2',
        'fast-aggregate-verify/bls12-381/noble/k16/t1',
        'merkle/keccak256/noble/4096leaves/t1',
        'spin/sha256/noble/1000rounds/t1',
      ]),
    );
  });

  it('labels sizes in B, KiB and MiB', () => {
    expect([32, 1000, 1024, 65536, 1 << 20, 3 << 20, (1 << 20) + 1024].map(formatSize)).toEqual([
      '32B',
      '1000B',
      '1KiB',
      '64KiB',
      '1MiB',
      '3MiB',
      '1025KiB',
    ]);
    expect(caseId({ op: 'hash', algorithm: 'blake3', backend: 'noble', sizeBytes: 0 }, 4)).toBe(
      'hash/blake3/noble/0B/t4',
    );
  });

  it('expands algorithms × backends × parameters × threads, filling defaults', () => {
    const plan = resolvePlan(
      scenario({ name: 'p', cases: [{ op: 'hash', algorithms: ['sha256', 'sha512'] }] }),
      FILE,
      { threads: [1] },
      BACKENDS,
    );
    // 2 algorithms × 2 backends × 3 default sizes (32 B, 1 KiB, 64 KiB) × 1 thread count
    expect(plan.cases).toHaveLength(12);
    expect(plan.cases.map((c) => c.id)).toContain('hash/sha512/node/64KiB/t1');
    expect(plan.seed).toBe(DEFAULTS.seed);
    for (const c of plan.cases) {
      expect(c).toMatchObject({
        kind: 'primitive',
        timeMs: DEFAULTS.timeMs,
        warmupMs: DEFAULTS.warmupMs,
        repeat: DEFAULTS.repeat,
      });
    }
    expect(plan.scenario).toEqual({ name: 'p', file: FILE });
  });

  it('a case setting beats the scenario setting, which beats the default', () => {
    const plan = resolvePlan(
      scenario({
        name: 'p',
        timeMs: 50,
        repeat: 4,
        threads: [1],
        cases: [hashCase, { ...hashCase, backends: ['node'], timeMs: 70, sizes: [64] }],
      }),
      FILE,
      {},
      BACKENDS,
    );
    const by = new Map(plan.cases.map((c) => [c.id, c]));
    expect(by.get('hash/sha256/noble/32B/t1')).toMatchObject({ timeMs: 50, repeat: 4, warmupMs: DEFAULTS.warmupMs });
    expect(by.get('hash/sha256/node/64B/t1')).toMatchObject({ timeMs: 70, repeat: 4 });
  });

  it('flags override the scenario and its cases (threads, timing, backends, seed)', () => {
    const s = scenario({
      name: 'p',
      seed: 5,
      threads: [4],
      timeMs: 300,
      backends: ['node'],
      cases: [{ ...hashCase, threads: [8], timeMs: 900, repeat: 9, backends: ['node'] }],
    });
    const plan = resolvePlan(
      s,
      FILE,
      { threads: [1, 2], timeMs: 40, warmupMs: 10, repeat: 2, backends: ['noble'], seed: 42 },
      BACKENDS,
    );
    expect(plan.seed).toBe(42);
    expect(plan.cases.map((c) => c.id)).toEqual(['hash/sha256/noble/32B/t1', 'hash/sha256/noble/32B/t2']);
    for (const c of plan.cases)
      expect(c).toMatchObject({ timeMs: 40, warmupMs: 10, repeat: 2, spec: { backend: 'noble' } });
    // Without flags the scenario's own values stand.
    const plain = resolvePlan(s, FILE, {}, BACKENDS);
    expect(plain.seed).toBe(5);
    expect(plain.cases.map((c) => [c.id, c.timeMs, c.repeat])).toEqual([['hash/sha256/node/32B/t8', 900, 9]]);
  });

  it('groups cases by thread count, keeping scenario order within a group', () => {
    const s = scenario({
      name: 'p',
      threads: [2, 1],
      backends: ['noble'],
      cases: [
        hashCase,
        { op: 'verify', algorithms: ['ed25519'] },
        { op: 'sign', algorithms: ['ed25519'], threads: [1] },
      ],
    });
    expect(ids(s)).toEqual([
      'hash/sha256/noble/32B/t1',
      'verify/ed25519/noble/t1',
      'sign/ed25519/noble/t1',
      'hash/sha256/noble/32B/t2',
      'verify/ed25519/noble/t2',
    ]);
  });

  it('refuses two entries that plan the same case', () => {
    const s = scenario({
      name: 'p',
      threads: [1],
      cases: [hashCase, { op: 'hash', algorithms: ['sha512', 'sha256'], sizes: [32] }],
    });
    expect(() => resolvePlan(s, FILE, {}, BACKENDS)).toThrow(
      new InputError(FILE, 'cases[1]', 'repeats case hash/sha256/noble/32B/t1, already planned by cases[0]'),
    );
    expect(() => resolvePlan(s, FILE, {}, BACKENDS)).toThrow(
      `${FILE}: cases[1] repeats case hash/sha256/noble/32B/t1, already planned by cases[0]`,
    );
  });

  it('uses every known backend and the default thread counts when nothing names them', () => {
    const plan = resolvePlan(
      scenario({ name: 'p', cases: [{ op: 'verify', algorithms: ['ed25519'] }] }),
      FILE,
      {},
      BACKENDS,
    );
    const threads = defaultThreadCounts(availableParallelism());
    expect(plan.cases).toHaveLength(2 * threads.length);
    expect([...new Set(plan.cases.map((c) => c.threads))]).toEqual(threads);
    expect([...new Set(plan.cases.map((c) => c.spec.backend))].sort()).toEqual(['noble', 'node']);
  });
});

describe('defaultThreadCounts', () => {
  it('is 1, the powers of two below the parallelism, then the parallelism', () => {
    expect(defaultThreadCounts(1)).toEqual([1]);
    expect(defaultThreadCounts(2)).toEqual([1, 2]);
    expect(defaultThreadCounts(6)).toEqual([1, 2, 4, 6]);
    expect(defaultThreadCounts(8)).toEqual([1, 2, 4, 8]);
    expect(defaultThreadCounts(12)).toEqual([1, 2, 4, 8, 12]);
  });
});
