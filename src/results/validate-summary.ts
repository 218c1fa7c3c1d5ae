/** What a result file says about its cases as a whole: scaling fits, warnings, and the ceiling's figures. */
import { shown } from '../core/errors.js';
import { isObject } from '../core/guards.js';
import type { ResultFields } from './result-fields.js';
import { WARNING_CODES, type CeilingRecord, type ScalingEntry, type Warning, type WarningCode } from './schema.js';

function checkScalingEntry(f: ResultFields, value: unknown, at: string): ScalingEntry {
  const e = isObject(value) ? value : undefined;
  if (!e || typeof e.series !== 'string' || typeof e.metric !== 'string')
    return f.fail(at, `must be an object with a series and a metric, got ${shown(value)}`);
  f.finite(e.exponent, `${at}.exponent`);
  f.string(e.x, `${at}.x`);
  f.finite(e.r2, `${at}.r2`);
  f.optional(e, 'base', at, f.num);
  f.nullable(e.knee, `${at}.knee`, f.num);
  f.optional(e, 'kneeMetric', at, f.text);
  f.optional(e, 'points', at, f.num);
  return value as ScalingEntry;
}

/** A file without the list (the reader has always accepted one) has no fits. */
export function checkScaling(f: ResultFields, value: unknown): ScalingEntry[] {
  return value === undefined ? [] : f.items(value, 'scaling', (e, at) => checkScalingEntry(f, e, at));
}

const KNOWN_CODES: ReadonlySet<string> = new Set(WARNING_CODES);

function checkWarning(f: ResultFields, value: unknown, at: string): Warning {
  // Files written before warnings had codes carry plain strings.
  if (typeof value === 'string') return { code: 'note', message: value };
  if (!isObject(value) || typeof value.code !== 'string' || typeof value.message !== 'string')
    return f.fail(at, `must be a string or an object with a code and a message, got ${shown(value)}`);
  const cases = f.optional(value, 'cases', at, (v, field) => f.strings(v, field));
  // A code this version does not know comes from a newer writer: keep the message, act on nothing (see WARNING_CODES).
  const code = KNOWN_CODES.has(value.code) ? (value.code as WarningCode) : 'note';
  return { code, message: value.message, ...(cases ? { cases } : {}) };
}

/** The warnings as this version reads them: every one `{ code, message }`, in order. */
export function checkWarnings(f: ResultFields, value: unknown): Warning[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return f.fail('warnings', `must be a list, got ${shown(value)}`);
  return value.map((w: unknown, i) => checkWarning(f, w, `warnings[${i}]`));
}

function checkRates(f: ResultFields, value: unknown, at: string): Record<string, number> {
  return f.dictionary(value, at, f.num);
}

export function checkCeiling(f: ResultFields, value: unknown): CeilingRecord {
  const c = f.record(value, 'ceiling');
  const openssl = f.record(c.openssl, 'ceiling.openssl');
  f.string(openssl.version, 'ceiling.openssl.version');
  f.strings(openssl.commands, 'ceiling.openssl.commands');
  const plain = f.record(c.plainLoop, 'ceiling.plainLoop');
  for (const [obj, at] of [
    [openssl, 'ceiling.openssl'],
    [plain, 'ceiling.plainLoop'],
  ] as const)
    for (const k of ['before', 'after'] as const) checkRates(f, obj[k], `${at}.${k}`);
  f.nullable(c.pinned, 'ceiling.pinned', f.text);
  return value as CeilingRecord;
}
