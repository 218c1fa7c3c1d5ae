import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePlan, validateScenario } from '../../src/kinds/index.js';
import { InputError } from '../../src/core/errors.js';
import type { RunOverrides } from '../../src/scenario/types.js';
import { cli, tempDir } from '../helpers.js';
import { readResultFile } from '../../src/results/reader.js';

const FILE = 'scenarios/p.json';
const BACKENDS = ['noble', 'node'];
const SOURCE = 'Example et al., "A BFT measurement", 2024, table 3';
const entry = (published: unknown, extra: Record<string, unknown> = {}) => ({
  op: 'consensus',
  protocols: ['pbft'],
  nodes: [4, 16],
  threads: [2],
  published,
  ...extra,
});
const scenario = (...cases: unknown[]) => ({ name: 'p', cases });
const messageOf = (raw: unknown): string => {
  try {
    validateScenario(raw, FILE, BACKENDS);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('no error');
};
const points = [
  { nodes: 4, txPerSec: 114_800, latencyMs: 19.4 },
  { nodes: 16, latencyMs: 40 },
];

describe('published measurements in a consensus entry', () => {
  it('are read with their source and points', () => {
    const s = validateScenario(scenario(entry({ source: SOURCE, points })), FILE, BACKENDS);
    expect(s.cases[0]).toMatchObject({ published: { source: SOURCE, points } });
  });

  it('may name any node count of the defaults when the entry lists none', () => {
    const ok = validateScenario(
      scenario(entry({ source: SOURCE, points: [{ nodes: 64, txPerSec: 1 }] }, { nodes: undefined })),
      FILE,
      BACKENDS,
    );
    expect(ok.cases[0]).toMatchObject({ published: { points: [{ nodes: 64, txPerSec: 1 }] } });
    expect(
      messageOf(scenario(entry({ source: SOURCE, points: [{ nodes: 8, txPerSec: 1 }] }, { nodes: undefined }))),
    ).toBe(
      `${FILE}: cases[0].published.points[0].nodes is 8, a node count this entry does not run (its nodes: 4, 16, 64)`,
    );
  });

  const p = (pts: unknown) => entry({ source: SOURCE, points: pts });
  it.each([
    [
      p([
        { nodes: 4, txPerSec: 1 },
        { nodes: 64, txPerSec: 1 },
      ]),
      'points[1].nodes is 64, a node count this entry does not run (its nodes: 4, 16)',
    ],
    [p([{ nodes: 4.5, txPerSec: 1 }]), 'points[0].nodes must be a positive integer, got 4.5'],
    [p([{ nodes: '4', txPerSec: 1 }]), 'points[0].nodes must be a positive integer, got "4"'],
    [p([{ nodes: 4 }]), 'points[0] must give txPerSec, latencyMs or both, got {"nodes":4}'],
    [p([{ nodes: 4, txPerSec: 0 }]), 'points[0].txPerSec must be a number greater than 0, got 0'],
    [p([{ nodes: 4, txPerSec: '5' }]), 'points[0].txPerSec must be a number greater than 0, got "5"'],
    [p([{ nodes: 4, latencyMs: -1 }]), 'points[0].latencyMs must be a number greater than 0, got -1'],
    [
      p([
        { nodes: 4, txPerSec: 1 },
        { nodes: 4, latencyMs: 2 },
      ]),
      'points[1].nodes repeats 4, already given by cases[0].published.points[0]',
    ],
    [p([{ nodes: 4, tps: 1 }]), 'points[0].tps is not a known field (known: nodes, txPerSec, latencyMs)'],
    [p([]), 'points must not be empty'],
    [p({ nodes: 4 }), 'points must be a list, got {"nodes":4}'],
    [entry({ source: SOURCE }), 'points must be a list, got undefined'],
    [entry({ source: '  ', points }), 'source must name the source of the figures, got an empty string'],
    [entry({ source: 'x'.repeat(301), points }), 'source must be at most 300 characters, got 301'],
    [entry({ source: 7, points }), 'source must be a string, got 7'],
    [entry({ source: SOURCE, points, year: 2024 }), 'year is not a known field (known: source, points)'],
    [entry('a paper'), ' must be an object, got "a paper"'],
  ])('refuses %j with one line naming the field', (bad, detail) => {
    const message = messageOf(scenario(bad));
    const expected = detail.startsWith(' ')
      ? `${FILE}: cases[0].published${detail}`
      : `${FILE}: cases[0].published.${detail}`;
    expect(message).toBe(expected);
    expect(message).not.toContain('\n');
  });
});

describe('published measurements in the plan', () => {
  const plan = (cases: unknown[], over: RunOverrides = {}) =>
    resolvePlan(validateScenario(scenario(...cases), FILE, BACKENDS), FILE, over, BACKENDS);

  it('go with the entry’s protocols, each entry its own series', () => {
    const p = plan([
      entry({ source: SOURCE, points }, { protocols: ['pbft', 'tendermint'] }),
      entry(undefined, { protocols: ['hotstuff'] }),
      entry({ source: 'other', points: [{ nodes: 4, txPerSec: 9 }] }, { protocols: ['hotstuff-bls'], nodes: [4] }),
    ]);
    expect(p.published).toEqual([
      { source: SOURCE, protocols: ['pbft', 'tendermint'], points },
      { source: 'other', protocols: ['hotstuff-bls'], points: [{ nodes: 4, txPerSec: 9 }] },
    ]);
  });

  it('keep only the entry’s protocols that --protocols plans, and none that it adds', () => {
    const cases = [entry({ source: SOURCE, points }, { protocols: ['pbft', 'tendermint'] })];
    expect(plan(cases, { consensus: { protocols: ['tendermint', 'hotstuff'] } }).published).toEqual([
      { source: SOURCE, protocols: ['tendermint'], points },
    ]);
    expect(plan(cases, { consensus: { protocols: ['hotstuff'] } }).published).toBeUndefined();
  });

  it('are absent from a plan whose entries cite none', () => {
    expect(plan([entry(undefined)])).not.toHaveProperty('published');
  });
});

describe('chainmark run with bad published measurements', () => {
  it('exits 2 with one line naming the file and the field, and writes nothing', () => {
    const dir = tempDir('chainmark-published-');
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(scenario(entry({ source: SOURCE, points: [{ nodes: 7, txPerSec: 1 }] }))));
    const out = join(dir, 'out');
    const r = cli(['run', file, '--out', `${out}/`, '--no-progress']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `chainmark: ${file}: cases[0].published.points[0].nodes is 7, a node count this entry does not run (its nodes: 4, 16)`,
    ]);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});

describe('chainmark run with published measurements (end to end, two tiny cases)', () => {
  it('records them and prints them beside the modeled figures, the source escaped', () => {
    const dir = tempDir('chainmark-published-');
    const file = join(dir, 'smoke.json');
    const source = 'Smoke source \u001b[31mred';
    const published = {
      source,
      points: [
        { nodes: 4, txPerSec: 100_000, latencyMs: 2 },
        { nodes: 7, txPerSec: 50_000 },
      ],
    };
    writeFileSync(
      file,
      JSON.stringify({
        name: 'pub-smoke',
        seed: 7,
        cases: [{ op: 'consensus', protocols: ['pbft'], nodes: [4, 7], rounds: 1, txs: 4, threads: [1], published }],
      }),
    );
    const out = join(dir, 'r.json');
    const r = cli(['run', file, '--out', out, '--no-progress']);
    expect(r.status).toBe(0);
    expect(readResultFile(out).published).toEqual([{ ...published, protocols: ['pbft'] }]);
    expect(r.stdout).not.toContain('\u001b');
    const lines = r.stdout.split('\n');
    const at = lines.indexOf('pbft/node: modeled against published');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 2]).toBe('published: Smoke source \\x1b[31mred');
    expect(lines[at + 3]).toMatch(/^n {2}modeled tx\/s {2}published tx\/s {2}tx\/s modeled ÷ published/);
    expect(lines[at + 5]).toMatch(/^4 .* 100k .*× .* ms .* 2\.00 ms .*×$/);
    expect(lines[at + 6]).toMatch(/^7 .* 50\.0k .*× .* ms +— +—$/);
    expect(lines[at + 7]).toMatch(
      /^throughput drop, tx\/s at n = 4 ÷ tx\/s at n = 7: modeled \S+×, published 2\.00×; modeled ÷ published \S+×$/,
    );
    expect(lines[at + 8]).toBe('latency growth: — (needs modeled and published latency at two node counts or more)');
  });
});
