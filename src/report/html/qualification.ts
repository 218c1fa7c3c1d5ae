/**
 * The qualification section of the HTML report: one row per requirement (and machine) with the
 * measured figure, the threshold, the margin drawn as a bar on a log scale around 1× (pass to the
 * right of the line, fail to the left), the verdict, what produced the figure and the source; then
 * one line per profile, the notes and the sources' addresses. The bars are plain HTML boxes sized
 * by inline style from numbers computed here, so the page still runs no script and loads nothing.
 * Every string from a result file goes through `esc`; a source's URL is shown as text, not a link.
 */
import type { RequirementSource } from '../../results/qualification.js';
import { isQualificationCase, type QualificationCaseResult } from '../../results/schema.js';
import {
  byProfile,
  distinctSources,
  figureText,
  marginText,
  profileSummary,
  requirementLabel,
  requirementNotes,
  summaryLine,
  thresholdText,
  verdictOf,
  verdictText,
} from '../qualification.js';
import { byCase, type Machine } from './data.js';
import { esc } from './page.js';

/** The bar's log scale: 1/100× at the left end, 100× at the right, 1× in the middle. */
export const MARGIN_SCALE = { min: 0.01, max: 100 } as const;

export interface MarginBar {
  /** Which side of the 1× line the bar lies on. */
  side: 'pass' | 'fail';
  /** Length as a percentage of the whole scale: |log margin| over the scale's log width. */
  widthPct: number;
  /** The margin lies beyond the scale: the bar reaches the end and is marked. */
  clipped: boolean;
}

/** The bar of a margin; one beyond the scale (0 included, which a log scale cannot place) reaches its end, marked. */
export function marginBar(margin: number): MarginBar {
  const lo = Math.log10(MARGIN_SCALE.min);
  const hi = Math.log10(MARGIN_SCALE.max);
  const clipped = !(margin >= MARGIN_SCALE.min && margin <= MARGIN_SCALE.max);
  const at = margin > 0 ? Math.min(hi, Math.max(lo, Math.log10(margin))) : lo;
  return { side: margin >= 1 ? 'pass' : 'fail', widthPct: (Math.abs(at) / (hi - lo)) * 100, clipped };
}

/** Why a row has no bar: not measured (the error), not comparable (the reason), or a flag (no margin). */
function noBarText(c: QualificationCaseResult): string {
  if (c.status !== 'ok') return `not measured: ${c.error}`;
  if (c.verdict === 'not-comparable') return `not comparable${c.reason ? `: ${c.reason}` : ''}`;
  return `no margin: ${figureText(c.measured)} decides it`;
}

function barCell(c: QualificationCaseResult): string {
  if (c.status !== 'ok' || c.margin === null || c.verdict === 'not-comparable')
    return `<td class="mbar-cell"><span class="no-bar">${esc(noBarText(c))}</span></td>`;
  const bar = marginBar(c.margin);
  // Anchored at the 1× line, so the bar grows away from it whatever its length.
  const anchor = bar.side === 'pass' ? 'left' : 'right';
  const label = `margin ${marginText(c.margin)}, ${verdictText(c.verdict)}${bar.clipped ? ', beyond the scale' : ''}`;
  return [
    `<td class="mbar-cell"><div class="mbar" role="img" aria-label="${esc(label)}">`,
    `<span class="mbar-fill ${c.verdict}${bar.clipped ? ' clipped' : ''}" style="${anchor}:50%;width:${bar.widthPct.toFixed(2)}%"></span>`,
    '<span class="mbar-one"></span></div></td>',
  ].join('');
}

interface Row {
  caseId: string;
  machine: string;
  c: QualificationCaseResult;
}

/** A source's identity; rows refer to it by its number in the list under the table. */
const sourceKey = (s: RequirementSource): string => JSON.stringify([s.document, s.url, s.date]);

function rowHtml(r: Row, multi: boolean, sources: ReadonlyMap<string, number>): string {
  const c = r.c;
  const v = verdictOf(c);
  const by = c.status === 'ok' && c.measured ? `${c.measured.by} (${c.measured.grade})` : '—';
  const cells = [
    ...(multi ? [`<td>${esc(r.machine)}</td>`] : []),
    `<td>${esc(c.profile.id)}</td>`,
    `<td>${esc(requirementLabel(c))}<div class="sub">${esc(c.requirement.title)}</div></td>`,
    `<td class="num">${esc(c.status === 'ok' ? figureText(c.measured) : '—')}</td>`,
    `<td class="num">${esc(thresholdText(c))}</td>`,
    `<td class="num">${esc(c.status === 'ok' ? marginText(c.margin) : '—')}</td>`,
    barCell(c),
    `<td class="verdict ${v}">${esc(verdictText(v))}</td>`,
    `<td>${esc(by)}</td>`,
    `<td class="num">[${sources.get(sourceKey(c.requirement.source))}]</td>`,
  ];
  return `<tr data-case="${esc(c.id)}">${cells.join('')}</tr>`;
}

const HEADERS = [
  'profile',
  'requirement',
  'measured',
  'threshold',
  'margin',
  `margin, log scale ${MARGIN_SCALE.min}× – ${MARGIN_SCALE.max}× (line: 1×)`,
  'verdict',
  'by',
  'source',
];
const NUMERIC = new Set(['measured', 'threshold', 'margin', 'source']);

/** The section, '' when no file has a qualification case. */
export function qualificationHtml(machines: readonly Machine[]): string {
  const multi = machines.length > 1;
  const rows: Row[] = machines.flatMap((m) =>
    m.result.cases.filter(isQualificationCase).map((c) => ({ caseId: c.id, machine: m.label, c })),
  );
  if (rows.length === 0) return '';
  const headers = [...(multi ? ['machine'] : []), ...HEADERS];
  const head = headers.map((h) => `<th${NUMERIC.has(h) ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const listed = distinctSources(rows.map((r) => r.c));
  const numbers = new Map(listed.map((s, i) => [sourceKey(s), i + 1]));
  const body = (multi ? byCase(rows) : rows).map((r) => rowHtml(r, multi, numbers)).join('\n');
  const summaries = machines.flatMap((m) =>
    byProfile(m.result.cases.filter(isQualificationCase)).map(
      (g) => `<li>${multi ? `<b>${esc(m.label)}</b>: ` : ''}${esc(summaryLine(profileSummary(g.cases)))}</li>`,
    ),
  );
  const notes = rows.flatMap((r) => {
    const parts = requirementNotes(r.c);
    const who = `${multi ? `${r.machine}: ` : ''}${r.c.profile.id}/${r.c.requirement.id}`;
    return parts.length ? [`<li>${esc(`${who}: ${parts.join('; ')}`)}</li>`] : [];
  });
  const sources = listed.map(
    (s, i) => `<li>[${i + 1}] ${esc(`${s.document} (${s.date})`)}: <span class="url">${esc(s.url)}</span></li>`,
  );
  return [
    '<section id="qualification">',
    '<h2>Validator hardware requirements</h2>',
    '<p>Each requirement a chain publishes for its validators, against this machine. Margin = measured ÷ required, or the reverse where lower is better: above 1 passes. The bar is the margin on a log scale, from the line at 1×: to the right passes, to the left fails.</p>',
    `<div class="table"><table class="qualification"><thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`,
    `<ul class="profiles">\n${summaries.join('\n')}\n</ul>`,
    ...(notes.length ? [`<h3>Notes</h3>\n<ul class="notes">\n${notes.join('\n')}\n</ul>`] : []),
    `<h3>Sources</h3>\n<ul class="sources">\n${sources.join('\n')}\n</ul>`,
    '</section>',
  ].join('\n');
}
