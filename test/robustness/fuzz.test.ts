/**
 * Property-based tests: scenario validation and result parsing see untrusted input, so no input
 * may make them throw anything but InputError (the tool's own error type, exit code 2).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { resolvePlan, validateScenario } from '../../src/kinds/index.js';
import { readResultFile, validateResult } from '../../src/results/reader.js';
import { ROOT, tempDir } from '../helpers.js';

const BACKENDS = ['noble', 'node'] as const;
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

/** Validation, then planning of what passed it: the path a scenario file takes before anything runs. */
const planScenario = (raw: unknown) => resolvePlan(validateScenario(raw, 's.json', BACKENDS), 's.json', {}, BACKENDS);

/** Calls f; passes when it returns or throws an InputError whose message starts with the file name. */
function onlyInputError(file: string, f: () => unknown): void {
  try {
    f();
  } catch (err) {
    if (!(err instanceof InputError))
      throw new Error(`threw ${(err as Error)?.name ?? typeof err}: ${(err as Error)?.message ?? String(err)}`, {
        cause: err,
      });
    expect(err.message.startsWith(`${file}: `)).toBe(true);
    // One printable line: no newline, no raw control character (a terminal escape from the input).
    // eslint-disable-next-line no-control-regex -- a control character is what must not appear
    expect(err.message).not.toMatch(/[\u0000-\u001f\u007f]/);
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every container and leaf of a JSON value, with a setter that replaces it in its parent. */
function nodes(root: Json): { value: Json; set: (v: Json | undefined) => void }[] {
  const out: { value: Json; set: (v: Json | undefined) => void }[] = [];
  const walk = (v: Json, set: (x: Json | undefined) => void) => {
    out.push({ value: v, set });
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, (y) => (y === undefined ? v.splice(i, 1) : (v[i] = y))));
    else if (v !== null && typeof v === 'object')
      for (const k of Object.keys(v)) walk(v[k]!, (y) => (y === undefined ? delete v[k] : (v[k] = y)));
  };
  walk(root, () => undefined);
  return out;
}

/** Edge values that validators tend to forget. */
const nasty = fc.constantFrom<Json>(
  0,
  -1,
  1.5,
  -0,
  1e308,
  -1e308,
  2 ** 53,
  2 ** 53 + 2,
  4,
  3,
  2048,
  4096,
  1e9,
  '',
  ' ',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'noble',
  'node',
  'consensus',
  'pbft',
  'hash',
  'sha256',
  true,
  false,
  null,
  [],
  {},
  [null],
  [1, 1],
  { __proto__: 1 } as unknown as Json,
  ['node', 'node'],
);
const anyJson: fc.Arbitrary<Json> = fc.oneof(fc.jsonValue() as fc.Arbitrary<Json>, nasty);

/** Apply edits (replace a node, delete it, add a key) to a deep copy of `base`. */
function mutated(base: Json): fc.Arbitrary<Json> {
  const edit = fc.tuple(
    fc.nat(),
    fc.constantFrom('replace', 'delete', 'add'),
    anyJson,
    fc.constantFrom('extra', '__proto__', 'constructor', 'cases', 'nodes', 'faulty', 'samples'),
  );
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    const root = { v: structuredClone(base) } as { v: Json };
    for (const [at, kind, shared, key] of edits) {
      // constantFrom hands out the same instances every time: never let an edit alias or change them.
      const value = structuredClone(shared);
      const all = nodes(root.v);
      const target = all[at % all.length]!;
      if (at % all.length === 0 && kind !== 'add') {
        root.v = kind === 'delete' ? null : value;
        continue;
      }
      if (kind === 'replace') target.set(value);
      else if (kind === 'delete') target.set(undefined);
      else if (target.value !== null && typeof target.value === 'object' && !Array.isArray(target.value))
        Object.defineProperty(target.value, key, { value, enumerable: true, writable: true, configurable: true });
      else if (Array.isArray(target.value)) target.value.push(value);
    }
    return root.v;
  });
}

const validScenarios: Json[] = [
  JSON.parse(readFileSync(join(ROOT, 'scenarios', 'quick.json'), 'utf8')) as Json,
  JSON.parse(readFileSync(join(ROOT, 'scenarios', 'consensus.json'), 'utf8')) as Json,
  {
    name: 'mix',
    seed: 3,
    threads: [1],
    cases: [
      {
        op: 'consensus',
        protocols: ['pbft', 'hotstuff-bls'],
        nodes: [4, 7],
        faulty: 1,
        fault: 'byzantine',
        network: 'wan',
        latencyMs: 3,
        bandwidthMbps: 10,
        thresholdPct: 5,
      },
      { op: 'spin', algorithms: ['sha256'], rounds: [10], timeMs: 20, repeat: 2, backends: ['node'] },
      { op: 'merkle', algorithms: ['sha256', 'blake3'], leaves: [16], thresholdPct: 3 },
    ],
  },
];

const validResults: Json[] = ['base.json', 'current-regressed.json', 'few-samples.json'].map(
  (f) => JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'results', f), 'utf8')) as Json,
);

describe('validateScenario throws only InputError', () => {
  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(anyJson, (raw) => onlyInputError('s.json', () => planScenario(raw))),
      { numRuns: RUNS },
    );
  });

  it('on arbitrary objects with scenario-like keys', () => {
    const caseLike = fc.record(
      {
        op: fc.oneof(
          fc.constantFrom('hash', 'merkle', 'sign', 'verify', 'consensus', 'spin', 'fast-aggregate-verify'),
          anyJson,
        ),
        algorithms: anyJson,
        protocols: anyJson,
        nodes: anyJson,
        faulty: anyJson,
        sizes: anyJson,
        k: anyJson,
        threads: anyJson,
        thresholdPct: anyJson,
      },
      { requiredKeys: ['op'] },
    );
    const scenario = fc.record(
      {
        name: fc.oneof(fc.constant('x'), anyJson),
        cases: fc.oneof(fc.array(caseLike, { maxLength: 3 }), anyJson),
        threads: anyJson,
        seed: anyJson,
      },
      { requiredKeys: ['name', 'cases'] },
    );
    fc.assert(
      fc.property(scenario, (raw) => onlyInputError('s.json', () => planScenario(raw))),
      { numRuns: RUNS },
    );
  });

  for (const [i, base] of validScenarios.entries()) {
    it(`on mutations of valid scenario #${i + 1}`, () => {
      expect(() => validateScenario(base, 's.json', BACKENDS)).not.toThrow();
      fc.assert(
        fc.property(mutated(base), (raw) => onlyInputError('s.json', () => planScenario(raw))),
        { numRuns: RUNS },
      );
    });
  }
});

describe('validateResult throws only InputError', () => {
  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(anyJson, (raw) => onlyInputError('r.json', () => validateResult(raw, 'r.json'))),
      { numRuns: RUNS },
    );
  });

  for (const [i, base] of validResults.entries()) {
    it(`on mutations of valid result #${i + 1}`, () => {
      expect(() => validateResult(structuredClone(base), 'r.json')).not.toThrow();
      fc.assert(
        fc.property(mutated(base), (raw) => onlyInputError('r.json', () => validateResult(raw, 'r.json'))),
        { numRuns: RUNS },
      );
    });
  }
});

describe('readResultFile throws only InputError', () => {
  const dir = tempDir();
  const file = join(dir, 'r.json');
  const base = readFileSync(join(ROOT, 'test', 'fixtures', 'results', 'base.json'));

  it('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        writeFileSync(file, bytes);
        onlyInputError(file, () => readResultFile(file));
      }),
      { numRuns: RUNS },
    );
  });

  it('on a valid file with bytes overwritten, cut short or spliced in', () => {
    const edit = fc.tuple(
      fc.nat(base.length - 1),
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      fc.constantFrom('overwrite', 'truncate', 'insert'),
    );
    fc.assert(
      fc.property(edit, ([at, bytes, kind]) => {
        const b = Buffer.from(base);
        const out =
          kind === 'truncate'
            ? b.subarray(0, at)
            : kind === 'insert'
              ? Buffer.concat([b.subarray(0, at), bytes, b.subarray(at)])
              : (b.set(bytes.subarray(0, b.length - at), at), b);
        writeFileSync(file, out);
        onlyInputError(file, () => readResultFile(file));
      }),
      { numRuns: RUNS },
    );
  });
});
