/**
 * A qualification case as a result file holds it: the requirement it checked (with its source),
 * the profile it belongs to, and, once measured, the verdict with the figures behind it. Strings
 * here are untrusted text: readers escape them wherever they are shown.
 */
import { shown } from '../core/errors.js';
import { isFiniteNumber } from '../core/guards.js';
import type { ResultFields } from './result-fields.js';
import { COMPARISONS, GRADES, VERDICTS } from './qualification.js';
import { checkRate } from './validate-metrics.js';

type Obj = Record<string, unknown>;

function checkRequirement(f: ResultFields, value: unknown, at: string): void {
  const r = f.record(value, at);
  for (const k of ['id', 'title', 'measure'] as const) f.string(r[k], `${at}.${k}`);
  f.among(r.comparison, `${at}.comparison`, COMPARISONS);
  f.optional(r, 'recommended', at, (v, field) => f.flag(v, field));
  if (r.comparison !== 'present') {
    if (!isFiniteNumber(r.threshold) || r.threshold <= 0)
      f.fail(`${at}.threshold`, `must be a number > 0, got ${shown(r.threshold)}`);
    f.string(r.unit, `${at}.unit`);
  }
  const src = f.record(r.source, `${at}.source`);
  for (const k of ['document', 'url', 'date'] as const) f.string(src[k], `${at}.source.${k}`);
}

function checkFigure(f: ResultFields, value: unknown, at: string): unknown {
  const x = f.record(value, at);
  f.amount(x.value, `${at}.value`);
  if (x.unit !== null) f.string(x.unit, `${at}.unit`);
  f.among(x.grade, `${at}.grade`, GRADES);
  for (const k of ['by', 'label'] as const) f.string(x[k], `${at}.${k}`);
  f.optional(x, 'bound', at, (v, field) => f.among(v, field, ['lower', 'upper'] as const));
  f.nullable(x.ci95, `${at}.ci95`, (v, field) => f.interval(v, field));
  return value;
}

export function checkQualificationHead(f: ResultFields, c: Obj, at: string): void {
  if (c.op !== 'qualify') f.fail(`${at}.op`, `must be "qualify" for a qualification case, got ${shown(c.op)}`);
  for (const k of ['algorithm', 'backend'] as const) f.string(c[k], `${at}.${k}`);
  const p = f.record(c.profile, `${at}.profile`);
  for (const k of ['id', 'name', 'file'] as const) f.string(p[k], `${at}.profile.${k}`);
  checkRequirement(f, c.requirement, `${at}.requirement`);
  const settings = f.record(c.settings, `${at}.settings`);
  for (const k of ['timeMs', 'warmupMs', 'repeat'] as const) f.finite(settings[k], `${at}.settings.${k}`);
  f.optional(settings, 'disk', `${at}.settings`, (v, field) => {
    const d = f.record(v, field);
    f.string(d.dir, `${field}.dir`);
    for (const k of ['sizeBytes', 'seconds'] as const) f.amount(d[k], `${field}.${k}`);
    return v;
  });
}

/** What an ok case adds: a verdict other than not-measured, its margin and figures. Others: `not-measured`. */
export function checkQualificationOutcome(f: ResultFields, c: Obj, at: string): void {
  const verdict = f.among(c.verdict, `${at}.verdict`, VERDICTS);
  if (c.status !== 'ok') {
    if (verdict !== 'not-measured')
      f.fail(`${at}.verdict`, `must be "not-measured" for status ${String(c.status)}, got ${shown(verdict)}`);
    f.optional(c, 'besides', at, (v, field) => f.items(v, field, (x, i) => checkFigure(f, x, i)));
    return;
  }
  if (verdict === 'not-measured') f.fail(`${at}.verdict`, 'must not be "not-measured" for status ok');
  f.nullable(c.margin, `${at}.margin`, (v, field) => f.amount(v, field));
  if ((verdict === 'pass' || verdict === 'fail') && c.margin !== null && isFiniteNumber(c.margin)) {
    // A margin above 1 passes: a file that says otherwise contradicts itself.
    if (c.margin >= 1 !== (verdict === 'pass'))
      f.fail(`${at}.verdict`, `must agree with the margin ${c.margin} (≥ 1 passes), got ${shown(verdict)}`);
  }
  f.nullable(c.measured, `${at}.measured`, (v, field) => checkFigure(f, v, field));
  f.items(c.besides, `${at}.besides`, (x, i) => checkFigure(f, x, i));
  f.optional(c, 'reason', at, (v, field) => f.string(v, field));
  f.optional(c, 'notes', at, (v, field) => f.strings(v, field));
  const metrics = f.record(c.metrics, `${at}.metrics`);
  f.optional(metrics, 'margin', `${at}.metrics`, (v, field) => checkRate(f, v, field));
}
