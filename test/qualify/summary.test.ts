import { describe, expect, it } from 'vitest';
import { failsMinimum, profileSummary, requirementTable, summaryLine } from '../../src/report/qualification.js';
import type { QualificationCaseResult } from '../../src/results/schema.js';
import type { Verdict } from '../../src/results/qualification.js';

const source = { document: 'Doc', url: 'https://example.org', date: '2026-01' };

function kase(id: string, verdict: Verdict, margin: number | null, recommended = false): QualificationCaseResult {
  const head = {
    id: `qualify/p/${id}`,
    kind: 'qualification' as const,
    op: 'qualify' as const,
    algorithm: 'cpu-physical-cores',
    backend: 'host',
    params: {},
    threads: 1,
    profile: { id: 'p', name: 'P chain', file: 'profiles/p.json' },
    requirement: {
      id,
      title: id,
      measure: 'cpu-physical-cores' as const,
      comparison: 'at-least' as const,
      threshold: 8,
      unit: 'cores',
      source,
      ...(recommended ? { recommended: true } : {}),
    },
    settings: { timeMs: 1, warmupMs: 0, repeat: 1 },
    wallMs: 0,
  };
  if (verdict === 'not-measured') return { ...head, status: 'skipped', verdict, error: 'no tool' };
  return {
    ...head,
    status: 'ok',
    verdict,
    margin,
    measured: { value: (margin ?? 1) * 8, unit: 'cores', grade: 'host', by: 'si', label: 'cores', ci95: null },
    besides: [],
    metrics: {},
  };
}

describe('profile summary', () => {
  it('counts verdicts, finds the tightest margin and the first failing minimum', () => {
    const s = profileSummary([
      kase('a', 'pass', 2),
      kase('b', 'fail', 0.5),
      kase('c', 'fail', 0.25),
      kase('d', 'not-measured', null),
      kase('e', 'not-comparable', null),
    ]);
    expect(s.counts).toEqual({ pass: 1, fail: 2, 'not-measured': 1, 'not-comparable': 1 });
    expect(s.tightest).toEqual({ requirement: 'c', margin: 0.25 });
    expect(s.firstFailing).toBe('b');
    expect(s.qualifies).toBe(false);
    expect(summaryLine(s)).toBe(
      'p (P chain): does not qualify — 1 of 5 pass, 2 fail, 1 not measured, 1 not comparable; tightest margin c 0.25×; first failing b',
    );
  });

  it('a missed recommendation does not stop a machine qualifying, nor fail --strict', () => {
    const cases = [kase('a', 'pass', 1.5), kase('b', 'fail', 0.5, true)];
    const s = profileSummary(cases);
    expect(s.qualifies).toBe(true);
    expect(s.firstFailing).toBeNull();
    expect(s.recommendedFailed).toBe(1);
    expect(cases.map(failsMinimum)).toEqual([false, false]);
    expect(failsMinimum(kase('c', 'fail', 0.9))).toBe(true);
  });

  it('a profile with a requirement not measured does not qualify, and says it is not decided', () => {
    const s = profileSummary([kase('a', 'pass', 1.5), kase('d', 'not-measured', null)]);
    expect(s.qualifies).toBe(false);
    expect(summaryLine(s)).toMatch(/^p \(P chain\): not decided/);
  });

  it('the table shows measured, threshold, margin and verdict in that order', () => {
    const t = requirementTable([kase('a', 'fail', 0.25)]);
    const row = t.rows[0]!;
    const col = (h: string) => row[t.columns.findIndex((c) => c.header === h)];
    expect(col('measured')).toBe('2.00 cores');
    expect(col('threshold')).toBe('≥ 8.00 cores');
    expect(col('margin')).toBe('0.25×');
    expect(col('verdict')).toBe('FAIL');
    expect(col('source')).toBe('Doc, 2026-01');
  });
});
