/**
 * From a requirement and the figures measured for it to a verdict: pure arithmetic, no I/O.
 *
 * A requirement stated for native code (`grade: native`) is decided by native-grade figures
 * only (OpenSSL, libsodium and the other native libraries, external tools, host facts); the
 * JavaScript and WebAssembly figures are kept beside it, never used instead. A figure may be a
 * bound rather than the quantity itself (a per-call rate is a lower bound of a tight loop's rate,
 * a bulk rate an upper one): a verdict from bounds is given only when they settle it.
 */
import { summarizeRate, type Rate } from '../measure/stats.js';
import { fromBase, toBase } from './units.js';
import type { Grade, Requirement, ShownFigure, Verdict } from '../results/qualification.js';

/** One figure a measurement produced, in the measure's base unit (see units.ts). */
export interface Figure {
  /** The central value: a median where there are samples. Flags: 1 present, 0 absent. */
  value: number;
  /** The samples behind it with their statistics, base unit; absent for a fact read once. */
  rate?: Rate;
  grade: Grade;
  /** The backend or tool that produced it, with its version where known: `node`, `openssl 3.0.19`, `fio-3.33`. */
  by: string;
  /** What exactly was measured, for people. */
  label: string;
  /** The primitive case that measured it, when one did. */
  case?: string;
  /** The figure bounds the quantity: `lower` (it is at least this), `upper` (at most this). */
  bound?: 'lower' | 'upper';
}

export interface Decision {
  verdict: Verdict;
  /** measured ÷ required (`at-least`), required ÷ measured (`at-most`): above 1 passes. Null when not decided by a number. */
  margin: number | null;
  /** The margin of every sample of the deciding figure, for the usual statistics (and the CI gate). */
  marginRate: Rate | null;
  /** The figure that decided it (or, not comparable, the one that came closest). */
  measured: ShownFigure | null;
  /** The other figures, in the requirement's unit: JavaScript beside native, the other backends. */
  besides: ShownFigure[];
  /** Why it is not measured or not comparable; how it was decided from bounds. */
  reason?: string;
}

const NATIVE_GRADES: readonly Grade[] = ['native', 'host', 'tool'];

export function shownFigure(f: Figure, r: Requirement): ShownFigure {
  const conv = (x: number) => (r.unit ? fromBase(x, r.unit) : x);
  // The interval of the samples' median: shown only when it holds the figure. A tool's own
  // figure (fio's average over the whole job) can lie outside the interval of its interval samples.
  const raw = f.rate?.ci95 ?? null;
  const ci = raw && raw[0] <= f.value && f.value <= raw[1] ? raw : null;
  return {
    value: conv(f.value),
    unit: r.unit ?? null,
    grade: f.grade,
    by: f.by,
    label: f.label,
    ...(f.case ? { case: f.case } : {}),
    ...(f.bound ? { bound: f.bound } : {}),
    ci95: ci ? [conv(ci[0]), conv(ci[1])] : null,
  };
}

/** Margin above 1 passes, whichever way the comparison goes. */
function marginOf(value: number, threshold: number, r: Requirement): number {
  return r.comparison === 'at-most' ? threshold / value : value / threshold;
}

function marginRateOf(f: Figure, threshold: number, r: Requirement): Rate | null {
  const samples = f.rate?.samples ?? [f.value];
  const margins = samples.filter((x) => x > 0).map((x) => marginOf(x, threshold, r));
  return margins.length > 0 ? summarizeRate(margins) : null;
}

/** The better of two figures for this requirement (higher for at-least, lower for at-most). */
function better(a: Figure, b: Figure, r: Requirement): Figure {
  if (r.comparison === 'at-most') return b.value < a.value ? b : a;
  return b.value > a.value ? b : a;
}

function pick(figures: readonly Figure[], r: Requirement): Figure | undefined {
  return figures.reduce<Figure | undefined>((best, f) => (best ? better(best, f, r) : f), undefined);
}

/** Not measured: what the measurement said (no tool, unsupported, errored). */
export function notMeasured(reason: string, besides: ShownFigure[] = []): Decision {
  return { verdict: 'not-measured', margin: null, marginRate: null, measured: null, besides, reason };
}

function decided(f: Figure, r: Requirement, threshold: number, rest: readonly Figure[], reason?: string): Decision {
  const margin = marginOf(f.value, threshold, r);
  return {
    verdict: margin >= 1 ? 'pass' : 'fail',
    margin,
    marginRate: marginRateOf(f, threshold, r),
    measured: shownFigure(f, r),
    besides: rest.filter((x) => x !== f).map((x) => shownFigure(x, r)),
    ...(reason ? { reason } : {}),
  };
}

/** Figures that cannot decide the requirement: the best of them is shown, with the reason. */
export function notComparable(r: Requirement, figures: readonly Figure[], reason: string): Decision {
  const closest = pick(figures, r);
  if (!closest) return notMeasured(reason);
  return {
    verdict: 'not-comparable',
    margin: null,
    marginRate: null,
    measured: shownFigure(closest, r),
    besides: figures.filter((x) => x !== closest).map((x) => shownFigure(x, r)),
    reason,
  };
}

/** The verdict of one requirement over the figures its measurement produced. */
export function decide(r: Requirement, figures: readonly Figure[], unmeasuredReason?: string): Decision {
  const all = figures.filter((f) => Number.isFinite(f.value) && f.value >= 0);
  if (all.length === 0) return notMeasured(unmeasuredReason ?? 'nothing was measured');
  if (r.comparison === 'present') {
    const f = all[0]!;
    return {
      verdict: f.value > 0 ? 'pass' : 'fail',
      margin: null,
      marginRate: null,
      measured: shownFigure(f, r),
      besides: all.slice(1).map((x) => shownFigure(x, r)),
    };
  }
  const threshold = toBase(r.threshold!, r.unit!);
  const eligible = r.grade === 'native' ? all.filter((f) => NATIVE_GRADES.includes(f.grade)) : all;
  if (eligible.length === 0)
    return notComparable(
      r,
      all,
      `stated for native code; only ${[...new Set(all.map((f) => f.grade))].join(' and ')} figures were measured here`,
    );
  const exact = pick(
    eligible.filter((f) => !f.bound),
    r,
  );
  if (exact) return decided(exact, r, threshold, all);
  return fromBounds(r, threshold, eligible, all);
}

/**
 * Only bounds: `at-least` passes when a lower bound reaches the threshold and fails when an upper
 * bound stays below it (`at-most` the other way round); between them the figures cannot say.
 */
function fromBounds(r: Requirement, threshold: number, eligible: readonly Figure[], all: readonly Figure[]): Decision {
  const lowers = eligible.filter((f) => f.bound === 'lower');
  const uppers = eligible.filter((f) => f.bound === 'upper');
  const lower = lowers.reduce<Figure | undefined>((a, f) => (a && a.value >= f.value ? a : f), undefined);
  const upper = uppers.reduce<Figure | undefined>((a, f) => (a && a.value <= f.value ? a : f), undefined);
  const atLeast = r.comparison === 'at-least';
  // The bound that can settle a pass, and the one that can settle a fail.
  const forPass = atLeast ? lower : upper;
  const forFail = atLeast ? upper : lower;
  if (forPass && marginOf(forPass.value, threshold, r) >= 1)
    return decided(forPass, r, threshold, all, `decided by a ${forPass.bound} bound: ${forPass.label}`);
  if (forFail && marginOf(forFail.value, threshold, r) < 1)
    return decided(forFail, r, threshold, all, `decided by an ${forFail.bound} bound: ${forFail.label}`);
  const shown = forPass ?? forFail!;
  return {
    verdict: 'not-comparable',
    margin: null,
    marginRate: null,
    measured: shownFigure(shown, r),
    besides: all.filter((x) => x !== shown).map((x) => shownFigure(x, r)),
    reason: 'the threshold lies between the bounds measured here (a per-call lower bound and a bulk upper bound)',
  };
}
