/**
 * `chainmark run … --network geo` end to end (needs `npm run build`): the flags' refusals exit 2
 * with one line and no result file; a tiny run records its regions and latencies, and its modeled
 * round is slower than the same case on lan; `list` shows the shipped regions; the npm package
 * carries the table.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/results/reader.js';
import { shippedLatencyTable } from '../../src/consensus/latency-table.js';
import type { ConsensusCaseResult } from '../../src/results/schema.js';
import { ROOT, cliAsync, tempDir } from '../helpers.js';

const dir = tempDir('chainmark-geo-cli-');
const TINY = ['--protocols', 'hotstuff', '--nodes', '4', '--rounds', '1', '--txs', '4', '--threads', '1'];

async function runCase(name: string, network: string[]): Promise<ConsensusCaseResult> {
  const out = join(dir, `${name}.json`);
  const r = await cliAsync([
    'run',
    'scenarios/consensus.json',
    ...TINY,
    ...network,
    '--out',
    out,
    '--no-progress',
    '--quiet',
  ]);
  expect(r.status, r.stderr).toBe(0);
  const c = readResultFile(out).cases[0] as ConsensusCaseResult;
  if (c.status !== 'ok') throw new Error(`${c.id}: ${c.error}`);
  return c;
}

// The tests run two at a time, each waiting on CLI runs with files of their own (vitest.config.ts).
describe.concurrent('chainmark run --network geo', () => {
  // The two tiny runs, side by side (each keeps one core busy), are shared by the tests that read them.
  let runs: Promise<{ geo: ConsensusCaseResult; lan: ConsensusCaseResult }> | undefined;
  const both = () =>
    (runs ??= Promise.all([
      runCase('geo', ['--network', 'geo', '--regions', 'washington-dc,london,tokyo']),
      runCase('lan', ['--network', 'lan']),
    ]).then(([geo, lan]) => ({ geo, lan })));

  it('records the regions and their latencies', async () => {
    const { geo, lan } = await both();
    const t = shippedLatencyTable();
    const ms = (a: string, b: string) => t.oneWayMs[t.regions.indexOf(a)]![t.regions.indexOf(b)]!;
    expect(geo.settings.network).toEqual({
      preset: 'geo',
      // n = 4: validators 0 and 3 share washington-dc; of the 12 ordered pairs the middle two are
      // a Washington–London link (38 ms) and Tokyo → Washington (69.5 ms).
      latencyMs: 53.75,
      bandwidthMbps: 100,
      geo: {
        source: t.source,
        regions: ['washington-dc', 'london', 'tokyo'],
        oneWayMs: ['washington-dc', 'london', 'tokyo'].map((a) =>
          ['washington-dc', 'london', 'tokyo'].map((b) => ms(a, b)),
        ),
      },
    });
    expect(lan.settings.network.geo).toBeUndefined();
  });

  it('models a slower round than the same case on lan', async () => {
    const { geo, lan } = await both();
    // A HotStuff round waits on several links of tens of ms; on lan each is 0.2 ms.
    expect(geo.metrics.modeledRoundMs!.median).toBeGreaterThan(lan.metrics.modeledRoundMs!.median + 100);
  });

  it.each([
    [
      ['--network', 'geo', '--latency-ms', '5'],
      'command line: --latency-ms does not apply to --network geo, whose links take their latency from its table (--bandwidth-mbps does)',
    ],
    [
      ['--regions', 'london,atlantis'],
      /^command line: --regions is "atlantis", not a region of the latency table \(known: dallas, .*, sao-paulo\)$/,
    ],
    [
      ['--network', 'wan', '--regions', 'london'],
      'command line: --regions applies to --network geo, not --network wan',
    ],
  ])('refuses %j with exit 2, one line and no result file', async (flags, expected) => {
    const out = join(dir, `refused-${flags.join('')}.json`);
    const r = await cliAsync(['run', 'scenarios/consensus.json', ...TINY, ...flags, '--out', out]);
    expect(r.status).toBe(2);
    const line = r.stderr.replace(/^chainmark: /, '').replace(/\n$/, '');
    expect(r.stderr.split('\n')).toHaveLength(2);
    if (typeof expected === 'string') expect(line).toBe(expected);
    else expect(line).toMatch(expected);
    expect(existsSync(out)).toBe(false);
  });

  it('--latency-matrix: a bad cell is named by file, row and column, exit 2', async () => {
    const csv = join(dir, 'mine.csv');
    writeFileSync(csv, 'one-way-ms,here,there\nhere,1,40\nthere,40,-1\n');
    const r = await cliAsync([
      'run',
      'scenarios/consensus.json',
      ...TINY,
      '--latency-matrix',
      csv,
      '--out',
      join(dir, 'm.json'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`chainmark: ${csv}: row 3, column 3 must be at least 0 ms, got -1\n`);
  });
});

describe('the shipped latency table outside the code', () => {
  it('chainmark list names its regions and its source', async () => {
    const r = await cliAsync(['list']);
    expect(r.status).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith('Geo regions'));
    expect(line).toContain(': dallas, toronto, washington-dc, frankfurt, london, madrid, montreal,');
    expect(r.stdout).toContain(
      '  default, in placement order: washington-dc, london, tokyo, sao-paulo, sydney, frankfurt, mumbai, dallas\n',
    );
    expect(r.stdout).toContain('latencies from IBM Cloud VPC network latency dashboards');
  });

  it('is in the npm package', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toContain('data/latency/ibm-cloud-2026-08.csv');
    expect(files).toContain('data/latency/ibm-cloud-2026-08.json');
  });
});
