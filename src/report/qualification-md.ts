/**
 * The qualification part of the markdown report: the verdict table (report/qualification.ts
 * requirementTable), one line per profile, the notes behind the table and the sources with their
 * addresses. Every string from the file (profile and requirement texts, errors, sources) passes
 * through mdEscape, so a URL stays text and a hostile title renders as itself.
 */
import { markdownTable, mdEscape } from '../format/tables.js';
import type { CaseResult } from '../results/schema.js';
import {
  byProfile,
  distinctSources,
  profileSummary,
  qualificationCases,
  requirementNotes,
  requirementTable,
  summaryLine,
} from './qualification.js';

/** The section, '' without qualification cases. */
export function qualificationMarkdown(cases: readonly CaseResult[]): string {
  const own = qualificationCases(cases);
  if (own.length === 0) return '';
  // A failed minimum draws the eye; markdownTable keeps our own `**…**` and escapes what is inside.
  const table = requirementTable(own, (v, t) => (v === 'fail' ? `**${t}**` : t));
  const out = [
    '#### Validator hardware requirements',
    '',
    'Margin = measured ÷ required, or the reverse where lower is better; above 1 passes.',
    '',
    markdownTable(table),
    '',
    ...byProfile(own).map((g) => `- **${mdEscape(summaryLine(profileSummary(g.cases)))}**`),
  ];
  const notes = own.flatMap((c) => {
    const parts = requirementNotes(c);
    return parts.length ? [`- ${mdEscape(`${c.profile.id}/${c.requirement.id}: ${parts.join('; ')}`)}`] : [];
  });
  if (notes.length) out.push('', '**Notes**', '', ...notes);
  out.push(
    '',
    '**Sources**',
    '',
    ...distinctSources(own).map((s) => `- ${mdEscape(`${s.document} (${s.date}): ${s.url}`)}`),
  );
  return out.join('\n');
}
