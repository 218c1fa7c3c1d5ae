/**
 * `compare` on files with qualification cases: which machines qualify. One row per requirement
 * (aligned by case id, `qualify/<profile>/<requirement>`) with each machine's verdict and margin,
 * then one row per profile with each machine's outcome and counts, from the same summary the
 * qualify command prints (report/qualification.ts). A file without a requirement says `missing`.
 */
import { palette } from '../format/color.js';
import { markdownTable, textTable, type Table } from '../format/tables.js';
import { alignCases } from '../results/align.js';
import type { Verdict } from '../results/qualification.js';
import { isQualificationCase, type QualificationCaseResult, type ResultFile } from '../results/schema.js';
import {
  byProfile,
  countsText,
  marginText,
  profileOutcome,
  profileSummary,
  requirementLabel,
  verdictOf,
  verdictText,
  type ProfileOutcome,
} from './qualification.js';

export interface RequirementCell {
  /** null: the file has no such requirement. */
  verdict: Verdict | null;
  margin: number | null;
  /** `pass 1.38×`, `FAIL 0.56×`, `not measured`, `pass` (a flag), `missing`. */
  text: string;
}

export interface ProfileCell {
  /** null: the file has none of the profile's requirements. */
  outcome: ProfileOutcome | null;
  /** `qualifies (7 of 7 pass)`, `does not qualify (5 of 7 pass, 2 fail)`, `missing`. */
  text: string;
}

export interface QualificationComparison {
  files: string[];
  requirements: { id: string; profile: string; requirement: string; cells: RequirementCell[] }[];
  profiles: { profile: string; name: string; cells: ProfileCell[] }[];
}

function requirementCell(c: QualificationCaseResult | undefined): RequirementCell {
  if (!c) return { verdict: null, margin: null, text: 'missing' };
  const verdict = verdictOf(c);
  const margin = c.status === 'ok' ? c.margin : null;
  return { verdict, margin, text: `${verdictText(verdict)}${margin === null ? '' : ` ${marginText(margin)}`}` };
}

/** The comparison, or null when no file has a qualification case. */
export function compareQualification(
  files: readonly { label: string; result: ResultFile }[],
): QualificationComparison | null {
  const own = files.map((f) => ({ ...f, result: { ...f.result, cases: f.result.cases.filter(isQualificationCase) } }));
  if (own.every((f) => f.result.cases.length === 0)) return null;
  const requirements = alignCases(own.map((f) => f.result)).map(({ id, entries }) => {
    const cases = entries.map((e) => (e && isQualificationCase(e) ? e : undefined));
    const first = cases.find((e) => e !== undefined)!;
    return { id, profile: first.profile.id, requirement: requirementLabel(first), cells: cases.map(requirementCell) };
  });
  const groups = own.map((f) => new Map(byProfile(f.result.cases).map((g) => [g.id, g])));
  const profileIds = [...new Set(requirements.map((r) => r.profile))];
  const profiles = profileIds.map((id) => {
    const cells = groups.map((g): ProfileCell => {
      const cases = g.get(id)?.cases;
      if (!cases) return { outcome: null, text: 'missing' };
      const s = profileSummary(cases);
      return { outcome: profileOutcome(s), text: `${profileOutcome(s)} (${countsText(s)})` };
    });
    const name = groups.map((g) => g.get(id)?.cases[0]?.profile.name).find((n) => n !== undefined)!;
    return { profile: id, name, cells };
  });
  return { files: files.map((f) => f.label), requirements, profiles };
}

function tables(q: QualificationComparison, mark: (v: Verdict | ProfileOutcome | null, t: string) => string): Table[] {
  const machines = q.files.map((f) => ({ header: f }));
  return [
    {
      columns: [{ header: 'profile' }, { header: 'requirement' }, ...machines],
      rows: q.requirements.map((r) => [r.profile, r.requirement, ...r.cells.map((c) => mark(c.verdict, c.text))]),
    },
    {
      columns: [{ header: 'profile' }, { header: 'name' }, ...machines],
      rows: q.profiles.map((p) => [p.profile, p.name, ...p.cells.map((c) => mark(c.outcome, c.text))]),
    },
  ];
}

const INTRO = 'margin = measured ÷ required, or the reverse where lower is better; above 1 passes';

/** The section in `compare`'s text or markdown; the caller has made the strings printable for text. */
export function renderQualificationComparison(
  q: QualificationComparison,
  format: 'text' | 'md',
  color = false,
): string {
  if (format === 'md') {
    const bold = (v: Verdict | ProfileOutcome | null, t: string) =>
      v === 'fail' || v === 'does not qualify' ? `**${t}**` : t;
    const [reqs, profiles] = tables(q, bold);
    return [
      '#### Which machines qualify',
      '',
      `${INTRO[0]!.toUpperCase()}${INTRO.slice(1)}.`,
      '',
      markdownTable(reqs!),
      '',
      markdownTable(profiles!),
    ].join('\n');
  }
  const pc = palette(color);
  const paint = (v: Verdict | ProfileOutcome | null, t: string) =>
    v === 'pass' || v === 'qualifies'
      ? pc.green(t)
      : v === 'fail' || v === 'does not qualify'
        ? pc.red(t)
        : pc.yellow(t);
  const [reqs, profiles] = tables(q, paint);
  return [`which machines qualify (${INTRO}):`, '', textTable(reqs!), '', textTable(profiles!)].join('\n');
}
