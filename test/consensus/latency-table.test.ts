/**
 * The latency-table CSV (src/consensus/latency-table.ts): each mistake is one line naming the
 * file, the row and the column with the bad value; round trips are halved, one-way figures kept;
 * and the shipped table loads, says where it comes from, and holds plausible figures.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import {
  SHIPPED_LATENCY_FILE,
  parseLatencyTable,
  readLatencyTable,
  shippedLatencyTable,
} from '../../src/consensus/latency-table.js';
import { ROOT, tempDir } from '../helpers.js';

const FILE = 'lat.csv';

const refusal = (text: string): string => {
  try {
    parseLatencyTable(text, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('accepted');
};

describe('latency table CSV', () => {
  it('halves round trips and keeps one-way figures', () => {
    const rtt = parseLatencyTable('rtt-ms,a,b\na,1,80\nb,82,0.5\n', FILE);
    expect(rtt).toEqual({
      source: FILE,
      regions: ['a', 'b'],
      oneWayMs: [
        [0.5, 40],
        [41, 0.25],
      ],
    });
    const oneWay = parseLatencyTable('one-way-ms,a,b\na,1,80\nb,82,0.5\n', FILE, 'my table');
    expect(oneWay).toEqual({
      source: 'my table',
      regions: ['a', 'b'],
      oneWayMs: [
        [1, 80],
        [82, 0.5],
      ],
    });
  });

  it('reads a byte-order mark, CRLF line ends, spaces around cells and no final line break', () => {
    expect(parseLatencyTable('\uFEFFone-way-ms,a\r\na,3\r\n', FILE).regions).toEqual(['a']);
    const dir = tempDir('chainmark-latency-');
    const file = join(dir, 'bom.csv');
    writeFileSync(file, '\uFEFFrtt-ms, a ,b\r\na, 2 ,4\r\nb,4,2');
    expect(readLatencyTable(file)).toEqual({
      source: file,
      regions: ['a', 'b'],
      oneWayMs: [
        [1, 2],
        [2, 1],
      ],
    });
  });

  it.each([
    ['', `${FILE}: is empty, expected a header row: rtt-ms or one-way-ms, then the region names`],
    ['\n\r\n', `${FILE}: is empty, expected a header row: rtt-ms or one-way-ms, then the region names`],
    ['ms,a\na,1\n', `${FILE}: row 1, column 1 must name the unit, rtt-ms or one-way-ms, got "ms"`],
    ['rtt-ms\n', `${FILE}: row 1, column 2 is missing: the header names no region`],
    [
      'rtt-ms,a,b c\na,1,2\n',
      `${FILE}: row 1, column 3 must be a region name of letters, digits, ".", "_" and "-" (at most 64 characters), got "b c"`,
    ],
    ['rtt-ms,a,b,a\n', `${FILE}: row 1, column 4 repeats region "a" of column 2`],
    [
      'rtt-ms,a,b\na,1,2\n',
      `${FILE}: row 3, column 1 is missing: the header names 2 regions, so rows 2 to 3 give them in its order (expected "b")`,
    ],
    ['rtt-ms,a\na,1\nb,2\n', `${FILE}: row 3, column 1 is a row too many: the header names 1 regions, got "b"`],
    [
      'rtt-ms,a,b\nb,1,2\na,1,2\n',
      `${FILE}: row 2, column 1 must be "a", the header's column 2 (rows follow the header's order), got "b"`,
    ],
    [
      'rtt-ms,a,b\na,1,2\na,1,2\n',
      `${FILE}: row 3, column 1 repeats region "a" of row 2; expected "b", the header's column 3`,
    ],
    ['rtt-ms,a,b\na,1,2\nb,1\n', `${FILE}: row 3, column 3 is missing: the header has 3 columns, this row 2`],
    ['rtt-ms,a,b\na,1,2,3\nb,1,2\n', `${FILE}: row 2, column 4 is beyond the header's 3 columns, got "3"`],
    ['rtt-ms,a,b\na,1,2\nb,x,2\n', `${FILE}: row 3, column 2 must be a number of ms, got "x"`],
    ['rtt-ms,a,b\na,1,0x10\nb,1,2\n', `${FILE}: row 2, column 3 must be a number of ms, got "0x10"`],
    ['rtt-ms,a,b\na,1,\nb,1,2\n', `${FILE}: row 2, column 3 is empty, expected a latency in ms`],
    ['rtt-ms,a,b\na,1,2\nb,-3,2\n', `${FILE}: row 3, column 2 must be at least 0 ms, got -3`],
    ['rtt-ms,a,b\na,1,2\nb,1,1e400\n', `${FILE}: row 3, column 3 must be a finite number of ms, got "1e400"`],
    ['rtt-ms,a,b\na,1,2\nb,1,Infinity\n', `${FILE}: row 3, column 3 must be a number of ms, got "Infinity"`],
    ['one-way-ms,a\na,10001\n', `${FILE}: row 2, column 2 must be at most 10000 ms, got 10001`],
    [
      'rtt-ms,a,b\n"a",1,2\nb,1,2\n',
      `${FILE}: row 2, column 1 must be "a", the header's column 2 (rows follow the header's order), got "\\"a\\""`,
    ],
  ])('refuses %j', (text, message) => {
    expect(refusal(text)).toBe(message);
  });

  it('refuses a file that is not UTF-8, naming it', () => {
    const dir = tempDir('chainmark-latency-');
    const file = join(dir, 'latin1.csv');
    writeFileSync(file, Buffer.from([0x72, 0x74, 0x74, 0x2d, 0x6d, 0x73, 0x2c, 0xe9, 0x0a]));
    expect(() => readLatencyTable(file)).toThrow(new InputError(file, '', 'is not valid UTF-8 text'));
  });
});

describe('the shipped latency table', () => {
  const t = shippedLatencyTable();
  const ms = (from: string, to: string) => t.oneWayMs[t.regions.indexOf(from)]![t.regions.indexOf(to)]!;

  it('names its source, address and date', () => {
    expect(t.source).toContain('IBM Cloud');
    expect(t.source).toContain('16 Aug 2026');
    expect(t.source).toContain('https://cloud.ibm.com/docs/vpc?topic=vpc-network-latency-dashboard');
    expect(t.date).toBe('2026-08-16');
    expect(t.file).toBe(join(ROOT, 'data', 'latency', 'ibm-cloud-2026-08.csv'));
  });

  it('has its regions, on five continents, and a default set among them', () => {
    expect(t.regions).toEqual([
      'dallas',
      'toronto',
      'washington-dc',
      'frankfurt',
      'london',
      'madrid',
      'montreal',
      'chennai',
      'mumbai',
      'osaka',
      'sydney',
      'tokyo',
      'sao-paulo',
    ]);
    // Four continents in the first four, so that the smallest validator set spans them.
    expect(t.defaultRegions).toEqual([
      'washington-dc',
      'london',
      'tokyo',
      'sao-paulo',
      'sydney',
      'frankfurt',
      'mumbai',
      'dallas',
    ]);
    expect(t.cloudIds['washington-dc']).toBe('us-east');
  });

  it('holds plausible one-way latencies: halves of the published round trips', () => {
    for (const r of t.regions) {
      expect(ms(r, r), r).toBeGreaterThan(0);
      expect(ms(r, r), r).toBeLessThan(5);
    }
    // Transatlantic: the dashboard's 76 ms round trip.
    expect(ms('washington-dc', 'london')).toBe(38);
    expect(ms('washington-dc', 'london')).toBeGreaterThan(30);
    expect(ms('washington-dc', 'london')).toBeLessThan(60);
    // Within Dallas: the mean of its inter-zone round trips, 1.59 ms.
    expect(ms('dallas', 'dallas')).toBeCloseTo(0.795, 10);
    // Rows are where a round trip starts: the dashboard's 327 ms one way round, 325 ms the other.
    expect(ms('sydney', 'sao-paulo')).toBe(163.5);
    expect(ms('sao-paulo', 'sydney')).toBe(162.5);
    for (const a of t.regions) for (const b of t.regions) if (a !== b) expect(ms(a, b)).toBeGreaterThan(ms(a, a));
  });

  it('is in the npm package, beside the code that reads it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('data');
    expect(SHIPPED_LATENCY_FILE.startsWith(join(ROOT, 'data') + '/')).toBe(true);
  });
});
