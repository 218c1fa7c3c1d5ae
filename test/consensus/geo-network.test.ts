/**
 * Geo-distributed networks (src/consensus/geo.ts): the chosen regions of a table, validators
 * placed round-robin over them as the network model sees it (linksOf), the median latency a case
 * records, and how a scenario entry and the flags choose a geo network, with their refusals.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { Fields } from '../../src/core/fields.js';
import { resolvePlan, validateScenario } from '../../src/kinds/index.js';
import { consensusOverrides } from '../../src/cli/consensus-flags.js';
import { linksOf } from '../../src/consensus/network.js';
import { geoNetwork, medianOneWayMs } from '../../src/consensus/geo.js';
import { parseLatencyTable, shippedLatencyTable } from '../../src/consensus/latency-table.js';
import { rebuildConsensus } from '../../src/consensus/rebuild.js';
import { consensusCaseHead } from '../../src/consensus/case.js';
import type { PlannedConsensusCase } from '../../src/consensus/plan.js';
import type { GeoNetwork } from '../../src/consensus/types.js';
import { tempDir } from '../helpers.js';

const BACKENDS = ['noble', 'node'];
const table = parseLatencyTable('one-way-ms,a,b,c\na,1,10,20\nb,11,2,30\nc,21,31,3\n', 't.csv');
const named = (names: string[]) => geoNetwork(table, names, 't.csv', (k) => `regions[${k}]`);

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('no error');
};

describe('regions of a latency table, validators round-robin', () => {
  it('keeps the chosen regions in the chosen order, with their latencies', () => {
    expect(named(['c', 'a'])).toEqual({
      source: 't.csv',
      regions: ['c', 'a'],
      oneWayMs: [
        [3, 21],
        [20, 1],
      ],
    });
  });

  it('gives each pair of validators the latency between their regions (validator v in regions[v % r])', () => {
    const links = linksOf({ latencyMs: 0, bandwidthMbps: 100, geo: named(['c', 'a', 'b']) });
    expect(links.oneWayMs(0, 1)).toBe(21); // c → a
    expect(links.oneWayMs(1, 2)).toBe(10); // a → b
    expect(links.oneWayMs(2, 0)).toBe(30); // b → c
    expect(links.oneWayMs(3, 0)).toBe(3); // 3 sits in c with 0
    expect(links.oneWayMs(4, 5)).toBe(10); // a → b again
    expect(links.oneWayMs(5, 4)).toBe(11);
  });

  it('refuses an unknown region in one line listing the known ones', () => {
    expect(message(() => named(['a', 'mars']))).toBe(
      't.csv: regions[1] is "mars", not a region of the latency table (known: a, b, c)',
    );
  });
});

describe('the median latency a geo case records', () => {
  /** Every ordered pair of distinct validators, the long way. */
  const bruteMedian = (geo: GeoNetwork, n: number) => {
    const links = linksOf({ latencyMs: 0, bandwidthMbps: 1, geo });
    const all: number[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) all.push(links.oneWayMs(i, j));
    all.sort((x, y) => x - y);
    return (all[all.length / 2 - 1]! + all[all.length / 2]!) / 2;
  };

  it('is the median over ordered pairs of distinct validators, for every n', () => {
    const geo = named(['a', 'b', 'c']);
    for (const n of [4, 5, 6, 7, 8, 13]) expect(medianOneWayMs(geo, n), `n = ${n}`).toBe(bruteMedian(geo, n));
    const shipped = geoNetwork(shippedLatencyTable(), shippedLatencyTable().defaultRegions, 'x', () => 'x');
    for (const n of [4, 9, 16, 33]) expect(medianOneWayMs(shipped, n), `n = ${n}`).toBe(bruteMedian(shipped, n));
  });

  it('depends on n: with few validators per region, pairs within a region are fewer', () => {
    // n = 4 over a, b, c: validators 0 and 3 share a (1 ms); the 12 pairs' middle two are 11 and 20.
    expect(medianOneWayMs(named(['a', 'b', 'c']), 4)).toBe(15.5);
    expect(medianOneWayMs(named(['a', 'b', 'c']), 6)).toBe(20);
  });
});

const FILE = 'scenarios/c.json';
const entry = (o: Record<string, unknown>) => ({ op: 'consensus', protocols: ['pbft'], nodes: [4, 8], ...o });
const plan = (o: Record<string, unknown>, flags: Parameters<typeof consensusOverrides>[0] = { force: false }) => {
  const over = consensusOverrides(flags, BACKENDS);
  const s = validateScenario({ name: 'c', cases: [entry(o)] }, FILE, BACKENDS);
  return resolvePlan(s, FILE, Object.keys(over).length ? { consensus: over } : {}, BACKENDS)
    .cases as PlannedConsensusCase[];
};

describe('planning a geo network', () => {
  it('network geo: the shipped table, its default regions, the wan bandwidth, a median per n', () => {
    const [n4, n8] = plan({ network: 'geo' });
    const shipped = shippedLatencyTable();
    expect(n4!.network.preset).toBe('geo');
    expect(n4!.network.bandwidthMbps).toBe(100);
    expect(n4!.network.geo!.source).toBe(shipped.source);
    expect(n4!.network.geo!.regions).toEqual(shipped.defaultRegions);
    expect(n4!.network.latencyMs).toBe(medianOneWayMs(n4!.network.geo!, 4));
    expect(n8!.network.latencyMs).toBe(medianOneWayMs(n8!.network.geo!, 8));
    expect(n4!.network.latencyMs).not.toBe(n8!.network.latencyMs);
  });

  it('regions choose and order the regions; --regions and --bandwidth-mbps override the entry', () => {
    const [c] = plan({ regions: ['tokyo', 'london'], bandwidthMbps: 50 });
    expect(c!.network.geo!.regions).toEqual(['tokyo', 'london']);
    expect(c!.network.geo!.oneWayMs).toEqual([
      [0.68, 119.5],
      [119, 0.465],
    ]);
    expect(c!.network.bandwidthMbps).toBe(50);
    const [f] = plan({ network: 'lan' }, { regions: 'sydney,mumbai', 'bandwidth-mbps': '20', force: false });
    expect(f!.network).toMatchObject({ preset: 'geo', bandwidthMbps: 20, geo: { regions: ['sydney', 'mumbai'] } });
  });

  it('records the network as planned, geo included, and rebuilds it from the record', () => {
    const [c] = plan({ regions: ['dallas', 'frankfurt', 'tokyo'] });
    const head = JSON.parse(JSON.stringify(consensusCaseHead(c!))) as Record<string, unknown>;
    expect((head.settings as { network: unknown }).network).toEqual(c!.network);
    const ctx = { fields: new Fields('r.json'), backend: (v: unknown) => v as string };
    expect(rebuildConsensus(head, 'cases[0]', ctx).network).toEqual(c!.network);
  });

  it('latencyMatrix: the file beside the scenario, all its regions unless regions choose', () => {
    const dir = tempDir('chainmark-geo-');
    writeFileSync(join(dir, 'mine.csv'), 'rtt-ms,x,y\nx,2,50\ny,50,4\n');
    const scenarioFile = join(dir, 's.json');
    const s = validateScenario({ name: 'c', cases: [entry({ latencyMatrix: 'mine.csv' })] }, scenarioFile, BACKENDS);
    expect((s.cases[0] as { latencyMatrix: string }).latencyMatrix).toBe(join(dir, 'mine.csv'));
    const [c] = resolvePlan(s, scenarioFile, {}, BACKENDS).cases as PlannedConsensusCase[];
    expect(c!.network.geo).toEqual({
      source: join(dir, 'mine.csv'),
      regions: ['x', 'y'],
      oneWayMs: [
        [1, 25],
        [25, 2],
      ],
    });
    const picked = resolvePlan(s, scenarioFile, { consensus: { regions: ['y'] } }, BACKENDS)
      .cases as PlannedConsensusCase[];
    expect(picked[0]!.network.geo!.oneWayMs).toEqual([[2]]);
    expect(message(() => resolvePlan(s, scenarioFile, { consensus: { regions: ['tokyo'] } }, BACKENDS))).toBe(
      'command line: --regions is "tokyo", not a region of the latency table (known: x, y)',
    );
  });

  it('lan and wan stay as they were', () => {
    expect(plan({ network: 'wan', latencyMs: 20 })[0]!.network).toEqual({
      preset: 'custom',
      latencyMs: 20,
      bandwidthMbps: 100,
    });
    expect(plan({})[0]!.network).toEqual({ preset: 'lan', latencyMs: 0.2, bandwidthMbps: 1000 });
  });
});

describe('geo fields and flags: one-line refusals', () => {
  it.each([
    [
      { network: 'geo', latencyMs: 5 },
      `${FILE}: cases[0].latencyMs does not apply to network geo, whose links take their latency from its table`,
    ],
    [
      { regions: ['tokyo'], latencyMs: 5 },
      `${FILE}: cases[0].latencyMs does not apply to network geo, whose links take their latency from its table`,
    ],
    [{ network: 'lan', regions: ['tokyo'] }, `${FILE}: cases[0].regions applies to network geo, not lan`],
    [{ network: 'wan', latencyMatrix: 'm.csv' }, `${FILE}: cases[0].latencyMatrix applies to network geo, not wan`],
    [{ regions: ['tokyo', 'tokyo'] }, `${FILE}: cases[0].regions lists "tokyo" twice`],
    [{ regions: [] }, `${FILE}: cases[0].regions must not be empty`],
    [
      { regions: ['new york'] },
      `${FILE}: cases[0].regions[0] must be a region name of letters, digits, ".", "_" and "-" (at most 64 characters), got "new york"`,
    ],
    [{ latencyMatrix: ' ' }, `${FILE}: cases[0].latencyMatrix must be a path to a CSV file, got " "`],
    [{ network: 'mesh' }, `${FILE}: cases[0].network must be one of lan, wan, geo, got "mesh"`],
  ])('scenario entry %j', (o, expected) => {
    expect(message(() => validateScenario({ name: 'c', cases: [entry(o)] }, FILE, BACKENDS))).toBe(expected);
  });

  it('an unknown region of the shipped table names the entry field', () => {
    expect(message(() => plan({ regions: ['tokyo', 'atlantis'] }))).toMatch(
      /^scenarios\/c\.json: cases\[0\]\.regions\[1\] is "atlantis", not a region of the latency table \(known: dallas, toronto, .*, sao-paulo\)$/,
    );
  });

  it.each([
    [
      { network: 'geo', 'latency-ms': '5' },
      '--latency-ms does not apply to --network geo, whose links take their latency from its table (--bandwidth-mbps does)',
    ],
    [
      { regions: 'tokyo', 'latency-ms': '5' },
      '--latency-ms does not apply to --network geo, whose links take their latency from its table (--bandwidth-mbps does)',
    ],
    [{ network: 'wan', regions: 'tokyo' }, '--regions applies to --network geo, not --network wan'],
    [{ network: 'lan', 'latency-matrix': 'm.csv' }, '--latency-matrix applies to --network geo, not --network lan'],
    [{ regions: 'tokyo,,tokyo' }, '--regions lists "tokyo" twice'],
    [{ regions: ',' }, '--regions needs region names, e.g. washington-dc,london,tokyo (chainmark list shows them)'],
    [
      { regions: 'a;b' },
      '--regions must list region names, each a region name of letters, digits, ".", "_" and "-" (at most 64 characters), got "a;b"',
    ],
    [{ 'latency-matrix': ['a.csv', 'b.csv'] }, '--latency-matrix takes one CSV file of latencies between regions'],
    [{ network: 'geo,lan' }, '--network takes one of lan, wan, geo, got "geo,lan"'],
  ])('flags %j', (flags, expected) => {
    expect(message(() => consensusOverrides({ ...flags, force: false }, BACKENDS))).toBe(`command line: ${expected}`);
  });

  it('--latency-ms for an entry that is geo, and --network geo for an entry with latencyMs, are refused', () => {
    expect(message(() => plan({ network: 'geo' }, { 'latency-ms': '5', force: false }))).toBe(
      `command line: --latency-ms does not apply to a geo network, whose links take their latency from its table (cases[0] of ${FILE} is geo)`,
    );
    expect(message(() => plan({ network: 'wan', latencyMs: 5 }, { network: 'geo', force: false }))).toBe(
      `${FILE}: cases[0].latencyMs does not apply to a geo network, whose links take their latency from its table (--network geo)`,
    );
  });

  it('a latency matrix with an error names the file, the row and the column', () => {
    const dir = tempDir('chainmark-geo-');
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'rtt-ms,x,y\nx,2,50\ny,oops,4\n');
    expect(message(() => plan({}, { 'latency-matrix': csv, force: false }))).toBe(
      `${csv}: row 3, column 2 must be a number of ms, got "oops"`,
    );
  });
});

describe('a recorded geo network, rebuilt for run --only-failed', () => {
  const recorded = (network: Record<string, unknown>) => ({
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
    settings: { rounds: 1, repeat: 1, network },
  });
  const geo = {
    source: 's',
    regions: ['a', 'b'],
    oneWayMs: [
      [1, 2],
      [3, 4],
    ],
  };
  const ctx = { fields: new Fields('r.json'), backend: (v: unknown) => v as string };
  const rebuilt = (network: Record<string, unknown>) =>
    message(() => rebuildConsensus(recorded(network), 'cases[0]', ctx));
  const base = { preset: 'geo', latencyMs: 2.5, bandwidthMbps: 100 };

  it('is refused where it does not fit, naming the field', () => {
    expect(rebuilt(base)).toBe(
      'r.json: cases[0].settings.network.geo is missing: preset geo records its regions and latencies',
    );
    expect(rebuilt({ ...base, preset: 'lan', geo })).toBe(
      'r.json: cases[0].settings.network.geo is only for preset geo, got lan',
    );
    expect(rebuilt({ ...base, geo: { ...geo, oneWayMs: [[1, 2]] } })).toBe(
      'r.json: cases[0].settings.network.geo.oneWayMs must be a list of 2 (one per region), got [[1,2]]',
    );
    expect(rebuilt({ ...base, geo: { ...geo, oneWayMs: [[1, 2], [3]] } })).toBe(
      'r.json: cases[0].settings.network.geo.oneWayMs[1] must be a list of 2 (one per region), got [3]',
    );
    expect(
      rebuilt({
        ...base,
        geo: {
          ...geo,
          oneWayMs: [
            [1, 2],
            [3, -4],
          ],
        },
      }),
    ).toBe('r.json: cases[0].settings.network.geo.oneWayMs[1][1] must be at least 0, got -4');
    expect(rebuilt({ ...base, geo: { ...geo, regions: ['a', 'a'] } })).toBe(
      'r.json: cases[0].settings.network.geo.regions lists "a" twice',
    );
  });
});
