import { textTable, type Table } from '../format/tables.js';
import type { CaseResult, QualificationCaseResult } from '../results/schema.js';
import type { Verdict } from '../results/qualification.js';
import {
  byProfile,
  figureText,
  marginText,
  profileSummary,
  qualificationCases,
  requirementLabel,
  requirementNotes,
  summaryLine,
  thresholdText,
  verdictOf,
  verdictText,
} from './qualification.js';

interface Marks {
  bold: (s: string) => string;
  red: (s: string) => string;
  green: (s: string) => string;
  yellow: (s: string) => string;
}

/** Each distinct source once, numbered in order of first use. */
function sourceNumbers(cases: readonly QualificationCaseResult[]): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const c of cases) {
    const key = sourceKey(c);
    if (!numbers.has(key)) numbers.set(key, numbers.size + 1);
  }
  return numbers;
}

function sourceKey(c: QualificationCaseResult): string {
  const s = c.requirement.source;
  return `${s.document} (${s.date}) ${s.url}`;
}

/** What produced the figure, short: the backend or tool and its grade; `—` when nothing was measured. */
function byCell(c: QualificationCaseResult): string {
  return c.status === 'ok' && c.measured ? `${c.measured.by} (${c.measured.grade})` : '—';
}

function terminalTable(
  cases: readonly QualificationCaseResult[],
  sources: Map<string, number>,
  mark: (v: Verdict, t: string) => string,
): Table {
  return {
    columns: [
      { header: 'profile' },
      { header: 'requirement' },
      { header: 'measured', align: 'right' },
      { header: 'threshold', align: 'right' },
      { header: 'margin', align: 'right' },
      { header: 'verdict' },
      { header: 'by' },
      { header: 'source', align: 'right' },
    ],
    rows: cases.map((c) => [
      c.profile.id,
      requirementLabel(c),
      c.status === 'ok' ? figureText(c.measured) : '—',
      thresholdText(c),
      c.status === 'ok' ? marginText(c.margin) : '—',
      mark(verdictOf(c), verdictText(verdictOf(c))),
      byCell(c),
      `[${sources.get(sourceKey(c))}]`,
    ]),
  };
}

/** Why a requirement is not measured or not comparable, how a bound decided it, and the figures beside it. */
function noteLines(cases: readonly QualificationCaseResult[]): string[] {
  const lines: string[] = [];
  for (const c of cases) {
    const parts = requirementNotes(c);
    if (parts.length) lines.push(`  ${c.profile.id}/${c.requirement.id}: ${parts.join('; ')}`);
  }
  return lines;
}

/**
 * The terminal's verdict table, the notes behind it, the sources, and one line per profile; ''
 * without qualification cases. The cases must already be printable (run escapes them).
 */
export function qualificationText(cases: readonly CaseResult[], pc: Marks): string {
  const own = qualificationCases(cases);
  if (own.length === 0) return '';
  const mark = (v: Verdict, t: string) => (v === 'pass' ? pc.green(t) : v === 'fail' ? pc.red(t) : pc.yellow(t));
  const sources = sourceNumbers(own);
  const lines = [
    pc.bold(
      'Validator hardware requirements (margin = measured ÷ required, or the reverse where lower is better; above 1 passes)',
    ),
    textTable(terminalTable(own, sources, mark)),
  ];
  const notes = noteLines(own);
  if (notes.length) lines.push('', 'Notes:', ...notes);
  lines.push('', 'Sources:', ...[...sources].map(([key, n]) => `  [${n}] ${key}`), '');
  for (const g of byProfile(own)) lines.push(pc.bold(summaryLine(profileSummary(g.cases))));
  return lines.join('\n');
}
