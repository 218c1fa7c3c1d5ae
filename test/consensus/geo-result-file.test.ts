/**
 * The reader and `settings.network.geo` (src/results/validate-cases.ts): optional, so files
 * written before geo networks still read; when present, a square matrix of the regions' size with
 * every entry a finite number ≥ 0.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { validateResult } from '../../src/results/reader.js';
import { ROOT } from '../helpers.js';

const FILE = 'results/g.json';
const AT = 'cases[1].settings.network.geo';

/** A recorded result (the fixture) with one more consensus case, failed, on the given network. */
function withNetwork(network: Record<string, unknown>): Record<string, unknown> {
  const raw = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'results', 'base.json'), 'utf8')) as {
    cases: unknown[];
  };
  raw.cases = [
    raw.cases[0],
    {
      id: 'consensus/hotstuff/node/n4/t1',
      kind: 'consensus',
      op: 'consensus',
      algorithm: 'hotstuff',
      protocol: 'hotstuff',
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
      settings: { rounds: 1, repeat: 1, network },
      wallMs: 10,
      status: 'errored',
      error: 'stopped',
    },
  ];
  return raw;
}

const geo = () => ({
  source: 'IBM Cloud, 16 Aug 2026',
  regions: ['a', 'b'],
  oneWayMs: [
    [0.5, 40],
    [41, 0.25],
  ],
});
const net = (g: unknown) => ({ preset: 'geo', latencyMs: 20.5, bandwidthMbps: 100, geo: g });

const refusal = (raw: unknown): string => {
  try {
    validateResult(raw, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('accepted');
};

describe('settings.network.geo in a result file', () => {
  it('is read when present and not needed when absent', () => {
    const read = validateResult(withNetwork(net(geo())), FILE);
    expect(read.cases[1]).toMatchObject({ settings: { network: { preset: 'geo', geo: geo() } } });
    const older = validateResult(withNetwork({ preset: 'lan', latencyMs: 0.2, bandwidthMbps: 1000 }), FILE);
    expect(older.cases).toHaveLength(2);
  });

  it.each([
    ['not an object', 'everywhere', `${FILE}: ${AT} must be an object, got "everywhere"`],
    ['no source', { ...geo(), source: 3 }, `${FILE}: ${AT}.source must be a string, got 3`],
    [
      'regions not strings',
      { ...geo(), regions: ['a', 2] },
      `${FILE}: ${AT}.regions must be a list of strings, got ["a",2]`,
    ],
    ['no region', { ...geo(), regions: [], oneWayMs: [] }, `${FILE}: ${AT}.regions must name at least one region`],
    [
      'a row short',
      { ...geo(), oneWayMs: [[0.5, 40]] },
      `${FILE}: ${AT}.oneWayMs must have a row per region (2), got 1`,
    ],
    [
      'a ragged row',
      { ...geo(), oneWayMs: [[0.5, 40], [41]] },
      `${FILE}: ${AT}.oneWayMs[1] must have an entry per region (2), got 1`,
    ],
    [
      'a row not a list',
      { ...geo(), oneWayMs: [[0.5, 40], 7] },
      `${FILE}: ${AT}.oneWayMs[1] must be a list of finite numbers, got 7`,
    ],
    [
      'a negative latency',
      {
        ...geo(),
        oneWayMs: [
          [0.5, -40],
          [41, 0.25],
        ],
      },
      `${FILE}: ${AT}.oneWayMs[0][1] must be a number ≥ 0, got -40`,
    ],
    [
      'a latency not a number',
      {
        ...geo(),
        oneWayMs: [
          [0.5, '40'],
          [41, 0.25],
        ],
      },
      `${FILE}: ${AT}.oneWayMs[0] must be a list of finite numbers, got [0.5,"40"]`,
    ],
    ['matrix not a list', { ...geo(), oneWayMs: null }, `${FILE}: ${AT}.oneWayMs must be a list, got null`],
  ])('is refused with %s', (_, g, message) => {
    expect(refusal(withNetwork(net(g)))).toBe(message);
  });
});
