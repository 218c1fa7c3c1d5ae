/**
 * The verdict table of a qualification run: per profile and requirement the measured value, the
 * threshold, the margin, the verdict and the source, then one line per profile (how many pass,
 * the tightest margin, the first failing requirement). One description, rendered as terminal
 * text or markdown (the strings come from profile files: callers escape them for their output).
 */
import { si } from '../format/table.js';
import type { Table } from '../format/tables.js';
import type { QualificationCaseResult } from '../results/schema.js';
import { isQualificationCase, type CaseResult } from '../results/schema.js';
import type { RequirementSource, ShownFigure, Verdict } from '../results/qualification.js';

export interface ProfileSummary {
  id: string;
  name: string;
  file: string;
  total: number;
  counts: Record<Verdict, number>;
  /** The smallest margin among decided requirements, with its requirement; null when none has one. */
  tightest: { requirement: string; margin: number } | null;
  /** The first minimum requirement (in the profile's order) that failed; null when none did. */
  firstFailing: string | null;
  /** Recommendations (not minima) the machine misses. */
  recommendedFailed: number;
  /** Every minimum requirement was measured and passed (recommendations aside). */
  qualifies: boolean;
}

export function verdictOf(c: QualificationCaseResult): Verdict {
  return c.status === 'ok' ? c.verdict : 'not-measured';
}

const VERDICT_TEXT: Record<Verdict, string> = {
  pass: 'pass',
  fail: 'FAIL',
  'not-measured': 'not measured',
  'not-comparable': 'not comparable',
};

export function verdictText(v: Verdict): string {
  return VERDICT_TEXT[v];
}

export function qualificationCases(cases: readonly CaseResult[]): QualificationCaseResult[] {
  return cases.filter(isQualificationCase);
}

/** The profiles in the order their first requirement appears, each with its cases. */
export function byProfile(
  cases: readonly QualificationCaseResult[],
): { id: string; cases: QualificationCaseResult[] }[] {
  const groups = new Map<string, QualificationCaseResult[]>();
  for (const c of cases) groups.set(c.profile.id, [...(groups.get(c.profile.id) ?? []), c]);
  return [...groups].map(([id, list]) => ({ id, cases: list }));
}

export function profileSummary(cases: readonly QualificationCaseResult[]): ProfileSummary {
  const counts: Record<Verdict, number> = { pass: 0, fail: 0, 'not-measured': 0, 'not-comparable': 0 };
  let tightest: ProfileSummary['tightest'] = null;
  let firstFailing: string | null = null;
  let recommendedFailed = 0;
  let minimaPassed = 0;
  for (const c of cases) {
    const v = verdictOf(c);
    counts[v]++;
    if (c.requirement.recommended) {
      if (v === 'fail') recommendedFailed++;
      continue;
    }
    if (v === 'pass') minimaPassed++;
    if (v === 'fail' && firstFailing === null) firstFailing = c.requirement.id;
    if (c.status === 'ok' && c.margin !== null && (tightest === null || c.margin < tightest.margin))
      tightest = { requirement: c.requirement.id, margin: c.margin };
  }
  const first = cases[0]!;
  return {
    id: first.profile.id,
    name: first.profile.name,
    file: first.profile.file,
    total: cases.length,
    counts,
    tightest,
    firstFailing,
    recommendedFailed,
    qualifies: minimaPassed > 0 && minimaPassed === cases.filter((c) => !c.requirement.recommended).length,
  };
}

/** A value in its unit with 3 significant digits (1.23M hashes/s, 512 GiB); a flag as present/absent. */
export function figureText(f: ShownFigure | null): string {
  if (!f) return '—';
  if (f.unit === null) return f.value > 0 ? 'present' : 'absent';
  const bound = f.bound === 'lower' ? '≥ ' : f.bound === 'upper' ? '≤ ' : '';
  return `${bound}${si(f.value)} ${f.unit}`;
}

export function thresholdText(c: QualificationCaseResult): string {
  const r = c.requirement;
  if (r.comparison === 'present') return 'present';
  return `${r.comparison === 'at-least' ? '≥' : '≤'} ${si(r.threshold!)} ${r.unit}`;
}

export function marginText(margin: number | null): string {
  return margin === null ? '—' : `${margin >= 10 ? margin.toFixed(1) : margin.toFixed(2)}×`;
}

/** What produced the deciding figure: the backend or tool and its grade; or why there is none. */
export function producedBy(c: QualificationCaseResult): string {
  if (c.status !== 'ok') return c.error;
  const m = c.measured;
  const by = m ? `${m.by} (${m.grade})` : '';
  return c.reason ? `${by}${by ? '; ' : ''}${c.reason}` : by;
}

/** The JavaScript and other figures shown beside the deciding one, e.g. "noble 286k hashes/s (js)". */
export function besidesText(c: QualificationCaseResult): string {
  const list = c.besides ?? [];
  return list.map((f) => `${f.by} ${figureText(f)} (${f.grade})`).join('; ');
}

export function sourceText(c: QualificationCaseResult): string {
  const s = c.requirement.source;
  return `${s.document}, ${s.date}`;
}

/** The requirement's id, marked when it is a recommendation rather than a minimum. */
export function requirementLabel(c: QualificationCaseResult): string {
  const id = c.requirement.id;
  return c.requirement.recommended && !/recommended$/.test(id) ? `${id} (recommended)` : id;
}

/** One row per requirement; `verdictCell` lets the caller mark the verdict (colour, bold). */
export function requirementTable(
  cases: readonly QualificationCaseResult[],
  verdictCell: (v: Verdict, text: string) => string = (_v, t) => t,
): Table {
  return {
    columns: [
      { header: 'profile' },
      { header: 'requirement' },
      { header: 'measured', align: 'right' },
      { header: 'threshold', align: 'right' },
      { header: 'margin', align: 'right' },
      { header: 'verdict' },
      { header: 'by / why' },
      { header: 'beside' },
      { header: 'source' },
    ],
    rows: cases.map((c) => [
      c.profile.id,
      requirementLabel(c),
      c.status === 'ok' ? figureText(c.measured) : '—',
      thresholdText(c),
      c.status === 'ok' ? marginText(c.margin) : '—',
      verdictCell(verdictOf(c), verdictText(verdictOf(c))),
      producedBy(c),
      besidesText(c),
      sourceText(c),
    ]),
  };
}

/** What a profile's requirements add up to: every minimum passed, one failed, or neither (some not measured). */
export type ProfileOutcome = 'qualifies' | 'does not qualify' | 'not decided';

export function profileOutcome(s: ProfileSummary): ProfileOutcome {
  return s.qualifies ? 'qualifies' : s.firstFailing ? 'does not qualify' : 'not decided';
}

/** "7 of 11 pass, 2 fail, 2 not measured, 1 recommendation(s) missed". */
export function countsText(s: ProfileSummary): string {
  const parts = [`${s.counts.pass} of ${s.total} pass`];
  if (s.counts.fail) parts.push(`${s.counts.fail} fail`);
  if (s.counts['not-measured']) parts.push(`${s.counts['not-measured']} not measured`);
  if (s.counts['not-comparable']) parts.push(`${s.counts['not-comparable']} not comparable`);
  if (s.recommendedFailed) parts.push(`${s.recommendedFailed} recommendation(s) missed`);
  return parts.join(', ');
}

/** One line per profile: "solana: 7 of 11 pass, 2 fail, 2 not measured; tightest poh-speed 0.35×; first failing poh-speed". */
export function summaryLine(s: ProfileSummary): string {
  const tight = s.tightest ? `tightest margin ${s.tightest.requirement} ${marginText(s.tightest.margin)}` : 'no margin';
  const failing = s.firstFailing ? `first failing ${s.firstFailing}` : 'no minimum failing';
  return `${s.id} (${s.name}): ${profileOutcome(s)} — ${countsText(s)}; ${tight}; ${failing}`;
}

/**
 * What a reader must know beside a requirement's row: why it is not measured (the error) or how
 * its verdict was reached (the reason), the figures shown beside the deciding one, and the notes
 * on the measurement. Empty when there is nothing to add.
 */
export function requirementNotes(c: QualificationCaseResult): string[] {
  const parts: string[] = [];
  if (c.status !== 'ok') parts.push(c.error);
  else if (c.reason) parts.push(c.reason);
  const beside = besidesText(c);
  if (beside) parts.push(`beside: ${beside}`);
  if (c.status === 'ok') parts.push(...(c.notes ?? []));
  return parts;
}

/** Each distinct source (document, URL and date) once, in order of first use. */
export function distinctSources(cases: readonly QualificationCaseResult[]): RequirementSource[] {
  const seen = new Map<string, RequirementSource>();
  for (const c of cases) {
    const s = c.requirement.source;
    const key = JSON.stringify([s.document, s.url, s.date]);
    if (!seen.has(key)) seen.set(key, s);
  }
  return [...seen.values()];
}

/** A minimum requirement (not a recommendation) whose verdict is fail: what `--strict` exits 1 on. */
export function failsMinimum(c: CaseResult): boolean {
  return isQualificationCase(c) && c.status === 'ok' && c.verdict === 'fail' && !c.requirement.recommended;
}
