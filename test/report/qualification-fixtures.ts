/**
 * Qualification cases built in memory for the report, compare and reader tests: each is a case as
 * the qualify command writes it (src/results/schema.ts QualificationCaseResult), valid for the
 * result reader, with the verdict its margin gives.
 */
import { summarizeRate } from '../../src/measure/stats.js';
import type { Requirement, ShownFigure } from '../../src/results/qualification.js';
import type { CaseResult, QualificationCaseResult, ResultFile } from '../../src/results/schema.js';
import { resultFile } from '../compare/build.js';

export const SOURCE_A = { document: 'Chain A docs, hardware', url: 'https://example.org/a/hardware', date: '2026-01' };
export const SOURCE_B = { document: 'Chain B validator guide', url: 'https://www.example.com/b', date: '2025-11-30' };

export interface CaseOptions {
  profile?: string;
  profileName?: string;
  requirement?: Partial<Requirement>;
  /** Samples of the margin (default: the margin once). */
  samples?: number[];
  measured?: Partial<ShownFigure>;
  besides?: ShownFigure[];
  reason?: string;
  notes?: string[];
}

function head(id: string, o: CaseOptions) {
  const profile = o.profile ?? 'chain-a';
  const requirement: Requirement = {
    id,
    title: `The ${id} requirement`,
    measure: 'memory-total',
    comparison: 'at-least',
    threshold: 64,
    unit: 'GB',
    source: SOURCE_A,
    ...o.requirement,
  };
  return {
    id: `qualify/${profile}/${id}`,
    kind: 'qualification' as const,
    op: 'qualify' as const,
    algorithm: requirement.measure,
    backend: 'host',
    params: {},
    threads: 1,
    profile: { id: profile, name: o.profileName ?? `${profile} validator`, file: `profiles/${profile}.json` },
    requirement,
    settings: { timeMs: 200, warmupMs: 200, repeat: 5 },
    wallMs: 10,
  };
}

/** A measured requirement: pass at a margin ≥ 1, fail below; the figure is margin × threshold. */
export function measured(id: string, margin: number, o: CaseOptions = {}): QualificationCaseResult {
  const h = head(id, o);
  const value =
    h.requirement.comparison === 'at-most' ? h.requirement.threshold! / margin : margin * h.requirement.threshold!;
  return {
    ...h,
    status: 'ok',
    verdict: margin >= 1 ? 'pass' : 'fail',
    margin,
    measured: {
      value,
      unit: h.requirement.unit!,
      grade: 'host',
      by: 'systeminformation',
      label: 'total memory',
      ci95: null,
      ...o.measured,
    },
    besides: o.besides ?? [],
    ...(o.reason ? { reason: o.reason } : {}),
    ...(o.notes ? { notes: o.notes } : {}),
    metrics: { margin: summarizeRate(o.samples ?? [margin]) },
  };
}

/** A requirement one host cannot measure: skipped, with why. */
export function notMeasured(id: string, error: string, o: CaseOptions = {}): QualificationCaseResult {
  return { ...head(id, o), backend: 'none', status: 'skipped', verdict: 'not-measured', error };
}

/** Measured, but not comparable with the threshold (a JavaScript figure for a native requirement). */
export function notComparable(id: string, reason: string, o: CaseOptions = {}): QualificationCaseResult {
  const h = head(id, o);
  return {
    ...h,
    status: 'ok',
    verdict: 'not-comparable',
    margin: null,
    measured: { value: 1000, unit: h.requirement.unit!, grade: 'js', by: 'noble', label: 'js figure', ci95: null },
    besides: o.besides ?? [],
    reason,
    metrics: {},
  };
}

/** A CPU flag: present passes, absent fails; no margin. */
export function flag(id: string, present: boolean, o: CaseOptions = {}): QualificationCaseResult {
  const h = head(id, {
    ...o,
    requirement: {
      measure: 'cpu-flag',
      flag: 'avx2',
      comparison: 'present',
      threshold: undefined,
      unit: undefined,
      ...o.requirement,
    },
  });
  const { threshold: _t, unit: _u, ...requirement } = h.requirement;
  return {
    ...h,
    requirement,
    status: 'ok',
    verdict: present ? 'pass' : 'fail',
    margin: null,
    measured: { value: present ? 1 : 0, unit: null, grade: 'host', by: '/proc/cpuinfo', label: 'avx2', ci95: null },
    besides: [],
    metrics: {},
  };
}

/** A result file of these cases, as `chainmark qualify` names its run. */
export function qualificationFile(cases: CaseResult[], opts: { host?: string; fingerprint?: string } = {}): ResultFile {
  const r = resultFile(cases, { scenario: 'qualify', fingerprint: opts.fingerprint ?? 'fp-qualify' });
  r.system.hostname = opts.host ?? 'box-a';
  return r;
}
