/**
 * The scenario reader, the planner and the runner are generic over CaseKind: a kind they have
 * never heard of, written here in a few lines with an in-process "pool", is validated, planned,
 * run on pools the runner owns, recorded and derived from, exactly as the built-in kinds are.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateScenarioWith } from '../../src/scenario/validate.js';
import { resolvePlanWith } from '../../src/scenario/plan.js';
import { runPlan } from '../../src/run/runner.js';
import { primitiveKind } from '../../src/primitive/kind.js';
import type { CaseKind, OwnedPool } from '../../src/scenario/kind.js';
import type { AnyKind } from '../../src/kinds/index.js';
import type { CaseResult } from '../../src/results/schema.js';
import { tempDir } from '../helpers.js';

interface EchoInput {
  op: 'echo';
  words: string[];
  threads: number[];
}
interface PlannedEcho {
  id: string;
  kind: 'echo';
  word: string;
  threads: number;
}

/** Everything the toy kind's pools saw, in order. */
const events: string[] = [];

class EchoPool implements OwnedPool {
  constructor(readonly threads: number) {
    events.push(`create t${threads}`);
  }
  async destroy(): Promise<void> {
    events.push(`destroy t${this.threads}`);
  }
}

const echoKind: CaseKind<EchoInput, PlannedEcho, CaseResult, EchoPool> = {
  name: 'echo' as never,
  claims: (entry) => 'op' in entry && entry.op === 'echo',
  validate: (raw, field, ctx) => {
    const o = ctx.fields.object(raw, field, ['op', 'words', 'threads']);
    return {
      op: 'echo',
      words: ctx.fields.list(o.words, `${field}.words`, (v, f) =>
        ctx.fields.string(v, f, /^[a-z]+$/, 'a lower-case word'),
      ),
      threads: ctx.threadList(o.threads, `${field}.threads`),
    };
  },
  expand: (input) =>
    input.words.flatMap((word) =>
      input.threads.map((threads) => ({ id: `echo/${word}/t${threads}`, kind: 'echo' as const, word, threads })),
    ),
  head: (c) => ({
    id: c.id,
    kind: 'echo' as never,
    op: 'echo',
    algorithm: c.word,
    backend: 'none',
    params: {},
    threads: c.threads,
    settings: { timeMs: 1, warmupMs: 0, repeat: 1 },
  }),
  run: async (c, ctx) => {
    const pool = ctx.pool();
    events.push(`run ${c.id} on t${pool.threads}`);
    const head = {
      id: c.id,
      kind: 'primitive' as const,
      op: 'echo',
      algorithm: c.word,
      backend: 'none',
      params: {},
      threads: c.threads,
      settings: { timeMs: 1, warmupMs: 0, repeat: 1 },
      wallMs: 0,
    };
    return c.word === 'fail'
      ? { ...head, status: 'errored', error: 'asked to fail' }
      : { ...head, status: 'skipped', error: `echo ${c.word}` };
  },
  rebuild: (raw, at, ctx) => ({
    id: ctx.fields.string(raw.id, `${at}.id`),
    kind: 'echo',
    word: ctx.fields.string(raw.algorithm, `${at}.algorithm`),
    threads: ctx.fields.int(raw.threads, `${at}.threads`, 1, 64),
  }),
  nominalMs: () => 1,
  createPool: (threads) => new EchoPool(threads),
  derive: (cases) => ({ scaling: [], warnings: [{ code: 'note', message: `echoed ${cases.length}` }] }),
};

// The test sees the toy kind through the erased type, as the registry sees its own kinds.
const kinds = [echoKind, primitiveKind] as unknown as readonly AnyKind[];

describe('a new kind of case plugs into the generic layers', () => {
  const scenario = {
    name: 'toy',
    cases: [
      { op: 'echo', words: ['hello', 'fail'], threads: [2, 1] },
      { op: 'hash', algorithms: ['sha256'], sizes: [32], threads: [1] },
    ],
  };

  it('is validated by the kind that claims it, the rest by the fallback kind', () => {
    const s = validateScenarioWith(kinds, scenario, 'toy.json', ['noble']);
    expect(s.cases[0]).toEqual({ op: 'echo', words: ['hello', 'fail'], threads: [2, 1] });
    expect(() =>
      validateScenarioWith(kinds, { name: 'toy', cases: [{ op: 'echo', words: ['Hi'], threads: [1] }] }, 'toy.json', [
        'noble',
      ]),
    ).toThrow('toy.json: cases[0].words[0] must be a lower-case word, got "Hi"');
    expect(() =>
      validateScenarioWith(kinds, { name: 'toy', cases: [{ op: 'echoes' }] }, 'toy.json', ['noble']),
    ).toThrow(/toy\.json: cases\[0\]\.op must be one of hash/);
  });

  it('is planned with the other kinds: ids unique across kinds, grouped by thread count', () => {
    const s = validateScenarioWith(kinds, scenario, 'toy.json', ['noble']);
    const plan = resolvePlanWith(kinds, s, 'toy.json', { timeMs: 5, warmupMs: 0, repeat: 1 }, ['noble']);
    expect(plan.cases.map((c) => c.id)).toEqual([
      'echo/hello/t1',
      'echo/fail/t1',
      'hash/sha256/noble/32B/t1',
      'echo/hello/t2',
      'echo/fail/t2',
    ]);
    const twice = { name: 'toy', cases: [scenario.cases[0], scenario.cases[0]] };
    expect(() =>
      resolvePlanWith(kinds, validateScenarioWith(kinds, twice, 'toy.json', ['noble']), 'toy.json', {}, ['noble']),
    ).toThrow('toy.json: cases[1] repeats case echo/hello/t2, already planned by cases[0]');
  });

  it('is run on pools the runner owns, recorded, struck from notRun, and derived from', async () => {
    events.length = 0;
    const s = validateScenarioWith(
      kinds,
      { name: 'toy', cases: [{ op: 'echo', words: ['fail', 'hello'], threads: [1, 2] }] },
      'toy.json',
      ['noble'],
    );
    const plan = resolvePlanWith(kinds, s, 'toy.json', {}, ['noble']);
    const dir = tempDir();
    const { result, path } = await runPlan({
      plan: plan as never,
      argv: [],
      out: { dir, file: 'toy.json' },
      anonymize: true,
      backends: new Map(),
      backendModules: [],
      kinds,
    });
    // One pool at a time: an errored case's workers are replaced, a new thread count gets a new pool, and the last is destroyed at the end.
    expect(events).toEqual([
      'create t1',
      'run echo/fail/t1 on t1',
      'destroy t1',
      'create t1',
      'run echo/hello/t1 on t1',
      'destroy t1',
      'create t2',
      'run echo/fail/t2 on t2',
      'destroy t2',
      'create t2',
      'run echo/hello/t2 on t2',
      'destroy t2',
    ]);
    expect(result.cases.map((c) => `${c.id} ${c.status}`)).toEqual([
      'echo/fail/t1 errored',
      'echo/hello/t1 skipped',
      'echo/fail/t2 errored',
      'echo/hello/t2 skipped',
    ]);
    expect(result.run.status).toBe('complete');
    expect(result.run.notRun).toBeUndefined();
    expect(result.warnings).toEqual([{ code: 'note', message: 'echoed 4' }]);
    const written = JSON.parse(readFileSync(path ?? join(dir, 'missing'), 'utf8')) as typeof result;
    expect(written.cases).toHaveLength(4);
    expect(written.warnings).toEqual(result.warnings);
  });
});
