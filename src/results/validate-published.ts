/**
 * Published measurements (`published`): the checks a scenario's consensus entry and a result
 * file share. A scenario's points are objects of known fields only; a result file's may hold
 * fields a newer chainmark added (see ResultFields), so `strict` tells the two apart.
 */
import { shown } from '../core/errors.js';
import type { Fields } from '../core/fields.js';
import { isFiniteNumber, isObject } from '../core/guards.js';
import type { ResultFields } from './result-fields.js';
import type { PublishedPoint, PublishedSeries } from './schema.js';

export const PUBLISHED_LIMITS = {
  /** A citation (authors, title, venue, year, table or figure) fits in a line or two; more is not a citation. */
  sourceChars: 300,
  /** Points of one series: as many as a scenario may list node counts. */
  points: 64,
} as const;

export const PUBLISHED_POINT_FIELDS = ['nodes', 'txPerSec', 'latencyMs'] as const;

/** A citation: a non-empty string of at most PUBLISHED_LIMITS.sourceChars characters. */
export function checkPublishedSource(f: Fields, value: unknown, field: string): string {
  const source = f.string(value, field);
  if (source.trim() === '') f.fail(field, 'must name the source of the figures, got an empty string');
  if (source.length > PUBLISHED_LIMITS.sourceChars)
    f.fail(field, `must be at most ${PUBLISHED_LIMITS.sourceChars} characters, got ${source.length}`);
  return source;
}

/** One point: a positive integer n and at least one of txPerSec and latencyMs, each above 0. */
function checkPoint(f: Fields, value: unknown, field: string, strict: boolean): PublishedPoint {
  const o = strict
    ? f.object(value, field, PUBLISHED_POINT_FIELDS)
    : isObject(value)
      ? value
      : f.fail(field, `must be an object, got ${shown(value)}`);
  const nodes = o.nodes;
  if (typeof nodes !== 'number' || !Number.isInteger(nodes) || nodes < 1)
    f.fail(`${field}.nodes`, `must be a positive integer, got ${shown(nodes)}`);
  const point: PublishedPoint = { nodes };
  for (const key of ['txPerSec', 'latencyMs'] as const) {
    const v = o[key];
    if (v === undefined) continue;
    // A published figure of 0 would be a missing figure written as a number: absent says that.
    if (!isFiniteNumber(v) || v <= 0) f.fail(`${field}.${key}`, `must be a number greater than 0, got ${shown(v)}`);
    point[key] = v;
  }
  if (point.txPerSec === undefined && point.latencyMs === undefined)
    f.fail(field, `must give txPerSec, latencyMs or both, got ${shown(value)}`);
  return point;
}

/** A non-empty list of points with no node count twice; `nodeCheck` may refuse a count (a scenario's: one it does not run). */
export function checkPublishedPoints(
  f: Fields,
  value: unknown,
  field: string,
  strict: boolean,
  nodeCheck?: (nodes: number, field: string) => void,
): PublishedPoint[] {
  if (!Array.isArray(value)) return f.fail(field, `must be a list, got ${shown(value)}`);
  if (value.length === 0) f.fail(field, 'must not be empty');
  if (value.length > PUBLISHED_LIMITS.points)
    f.fail(field, `must have at most ${PUBLISHED_LIMITS.points} entries, got ${value.length}`);
  const seen = new Map<number, number>();
  return value.map((raw: unknown, j) => {
    const at = `${field}[${j}]`;
    const point = checkPoint(f, raw, at, strict);
    nodeCheck?.(point.nodes, `${at}.nodes`);
    const earlier = seen.get(point.nodes);
    if (earlier !== undefined) f.fail(`${at}.nodes`, `repeats ${point.nodes}, already given by ${field}[${earlier}]`);
    seen.set(point.nodes, j);
    return point;
  });
}

/** A result file's `published`: each series with its source, its protocols and its points. */
export function checkPublished(f: ResultFields, value: unknown): PublishedSeries[] {
  return f.items(value, 'published', (raw, at) => {
    const s = f.record(raw, at);
    checkPublishedSource(f, s.source, `${at}.source`);
    const protocols = f.strings(s.protocols, `${at}.protocols`);
    if (protocols.length === 0) f.fail(`${at}.protocols`, 'must name at least one protocol');
    checkPublishedPoints(f, s.points, `${at}.points`, false);
    return raw as PublishedSeries;
  });
}
