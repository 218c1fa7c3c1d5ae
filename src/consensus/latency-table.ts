/**
 * Latency tables between regions, for geo-distributed networks: the one shipped in data/latency/
 * (a public cloud's published measurements, with its source and date in a JSON file beside it) and
 * the user's own (`--latency-matrix`), in one small, strict CSV format:
 *
 * ```
 * rtt-ms,us-east,eu-west,ap-south
 * us-east,1.2,76,218
 * eu-west,76,0.9,120
 * ap-south,219,121,0.6
 * ```
 *
 * The header's first cell names the unit (`rtt-ms`: round trips, halved into one-way latencies;
 * `one-way-ms`: taken as they are), then the regions; each row starts with a region, in the
 * header's order, and gives the milliseconds from it to each region of the header, its own
 * included (the latency within the region). No quoting, no comments: a region name is letters,
 * digits, `.`, `_` and `-`, so that it can be listed in a flag. Every mistake is an InputError
 * naming the file, the row and the column (1-based, as a spreadsheet shows them).
 */
import { dirname, join } from 'node:path';
import { InputError, shown } from '../core/errors.js';
import { Fields } from '../core/fields.js';
import { readBounded, readJsonFile } from '../core/json-file.js';
import { PACKAGE_ROOT } from '../system/packages.js';
import { CONSENSUS_LIMITS } from './defaults.js';

export const LATENCY_UNITS = ['rtt-ms', 'one-way-ms'] as const;
export type LatencyUnit = (typeof LATENCY_UNITS)[number];

export const REGION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const REGION_NAME_HINT = 'a region name of letters, digits, ".", "_" and "-" (at most 64 characters)';
export const MAX_REGIONS = 256;
const MAX_TABLE_BYTES = 1 << 20;

/** A decimal number as people write it in a table: no hex, no `Infinity`, no thousands separators. */
const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export interface LatencyTable {
  /** Where the figures come from: a published source and its date, or the user's file. */
  source: string;
  regions: string[];
  /** One-way latency, ms: `oneWayMs[i][j]` from regions[i] to regions[j]. */
  oneWayMs: number[][];
}

/** The table shipped with chainmark, with what its JSON file says about it. */
export interface ShippedLatencyTable extends LatencyTable {
  /** The page the figures were published on. */
  url: string;
  /** The date of the published snapshot, YYYY-MM-DD. */
  date: string;
  /** The regions of `--network geo` without `--regions`. */
  defaultRegions: string[];
  /** The cloud's own id of each region, by the name the table uses. */
  cloudIds: Record<string, string>;
  /** The CSV file, for messages. */
  file: string;
}

function latencyCell(text: string, file: string, row: number, column: number): number {
  const fail = (detail: string): never => {
    throw new InputError(file, `row ${row}, column ${column}`, detail);
  };
  if (text === '') fail('is empty, expected a latency in ms');
  if (!DECIMAL.test(text)) fail(`must be a number of ms, got ${shown(text)}`);
  const ms = Number(text);
  if (!Number.isFinite(ms)) fail(`must be a finite number of ms, got ${shown(text)}`);
  if (ms < 0) fail(`must be at least 0 ms, got ${text}`);
  if (ms > CONSENSUS_LIMITS.latencyMs) fail(`must be at most ${CONSENSUS_LIMITS.latencyMs} ms, got ${text}`);
  return ms === 0 ? 0 : ms; // no -0
}

/** A latency table from its CSV text (a UTF-8 byte-order mark and CRLF line ends are fine). */
export function parseLatencyTable(text: string, file: string, source: string = file): LatencyTable {
  const fail = (row: number, column: number, detail: string): never => {
    throw new InputError(file, `row ${row}, column ${column}`, detail);
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && /^[ \t]*$/.test(lines.at(-1)!)) lines.pop(); // line breaks at the end
  if (lines.length === 0)
    throw new InputError(file, '', 'is empty, expected a header row: rtt-ms or one-way-ms, then the region names');
  // Spaces and tabs around a cell are layout; anything else (a stray byte-order mark) is its text.
  const rows = lines.map((line) => line.split(',').map((cell) => cell.replace(/^[ \t]+|[ \t]+$/g, '')));
  const header = rows[0]!;
  const unit = header[0]!;
  if (!(LATENCY_UNITS as readonly string[]).includes(unit))
    fail(1, 1, `must name the unit, ${LATENCY_UNITS.join(' or ')}, got ${shown(unit)}`);
  const regions = header.slice(1);
  if (regions.length === 0) fail(1, 2, 'is missing: the header names no region');
  if (regions.length > MAX_REGIONS) fail(1, MAX_REGIONS + 2, `is one region too many (at most ${MAX_REGIONS})`);
  regions.forEach((name, i) => {
    if (!REGION_NAME.test(name)) fail(1, i + 2, `must be ${REGION_NAME_HINT}, got ${shown(name)}`);
    const first = regions.indexOf(name);
    if (first < i) fail(1, i + 2, `repeats region ${shown(name)} of column ${first + 2}`);
  });
  const width = regions.length + 1;
  const given = rows.length - 1;
  if (given < regions.length)
    fail(
      rows.length + 1,
      1,
      `is missing: the header names ${regions.length} regions, so rows 2 to ${width} give them in its order (expected ${shown(regions[given])})`,
    );
  if (given > regions.length)
    fail(width + 1, 1, `is a row too many: the header names ${regions.length} regions, got ${shown(rows[width]![0])}`);
  const half = unit === 'rtt-ms';
  const oneWayMs = regions.map((name, i) => {
    const row = rows[i + 1]!;
    const r = i + 2;
    const label = row[0]!;
    if (label !== name) {
      const earlier = regions.slice(0, i).indexOf(label);
      fail(
        r,
        1,
        earlier >= 0
          ? `repeats region ${shown(label)} of row ${earlier + 2}; expected ${shown(name)}, the header's column ${i + 2}`
          : `must be ${shown(name)}, the header's column ${i + 2} (rows follow the header's order), got ${shown(label)}`,
      );
    }
    if (row.length < width)
      fail(r, row.length + 1, `is missing: the header has ${width} columns, this row ${row.length}`);
    if (row.length > width) fail(r, width + 1, `is beyond the header's ${width} columns, got ${shown(row[width])}`);
    return row.slice(1).map((cell, j) => {
      const ms = latencyCell(cell, file, r, j + 2);
      return half ? ms / 2 : ms;
    });
  });
  return { source, regions, oneWayMs };
}

/** Read a latency table from a CSV file (untrusted input, at most 1 MiB of UTF-8 text). */
export function readLatencyTable(file: string, source: string = file): LatencyTable {
  const bytes = readBounded(file, MAX_TABLE_BYTES);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(file, '', 'is not valid UTF-8 text');
  }
  return parseLatencyTable(text, file, source);
}

/** The JSON file that describes the shipped table and names its CSV beside it. */
export const SHIPPED_LATENCY_FILE = join(PACKAGE_ROOT, 'data', 'latency', 'ibm-cloud-2026-08.json');

const SHIPPED_FIELDS = ['table', 'source', 'url', 'date', 'measured', 'rows', 'diagonal', 'regions', 'defaultRegions'];

/** A shipped table, checked as any input is (its errors would name the installed file). */
export function readShippedLatencyTable(meta: string = SHIPPED_LATENCY_FILE): ShippedLatencyTable {
  const f = new Fields(meta);
  const o = f.object(readJsonFile(meta), '', SHIPPED_FIELDS);
  const csv = join(dirname(meta), f.string(o.table, 'table', /^[\w.-]+\.csv$/, 'a CSV file name beside it'));
  const text = (k: string) => f.string(o[k], k, /\S/, 'a non-empty string');
  const date = f.string(o.date, 'date', /^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
  const url = f.string(o.url, 'url', /^https:\/\/\S+$/, 'an https address');
  const source = `${text('source')}, ${url}`;
  for (const k of ['measured', 'rows', 'diagonal']) text(k);
  const table = readLatencyTable(csv, source);
  const ids = f.object(o.regions, 'regions', table.regions);
  const cloudIds: Record<string, string> = {};
  for (const name of table.regions)
    cloudIds[name] = f.string(ids[name], `regions.${name}`, /\S/, 'the cloud’s region id');
  const defaultRegions = f.list(o.defaultRegions, 'defaultRegions', (v, field) => f.oneOf(v, field, table.regions));
  return { ...table, url, date, defaultRegions, cloudIds, file: csv };
}

let shipped: ShippedLatencyTable | undefined;

/** The shipped table, read once per process. */
export function shippedLatencyTable(): ShippedLatencyTable {
  shipped ??= readShippedLatencyTable();
  return shipped;
}
