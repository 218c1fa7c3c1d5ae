import { palette, type Palette } from '../format/color.js';
import type { Comparison, CompareCell } from './compare.js';
import { formatMetric } from './metrics.js';
import { ciHalfWidthPct, csvText, markdownTable, mdEscape, textTable, type Table } from '../format/tables.js';

export const COMPARE_FORMATS = ['text', 'md', 'json', 'csv'] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];

function directionText(c: Comparison): string {
  return c.direction === 'higher'
    ? 'higher is better'
    : c.direction === 'lower'
      ? 'lower is better'
      : 'direction unknown';
}

const markRule = (c: Comparison) =>
  `faster/slower only where the 95% intervals do not overlap and, between single runs, the change exceeds ±${c.singleRunFloorPct}%`;

/** Value with its unit and CI; the CI padded to `ciWidth` so that values line up in a right-aligned column. */
function valueCell(c: Comparison, cell: CompareCell, ciWidth = 0): string {
  if (cell.median === null) return cell.status;
  const ci = ciHalfWidthPct(cell.ci95).padStart(ciWidth);
  return `${formatMetric(c.metric, cell.median)}${ci ? ' ' + ci : ''}`;
}

function ratioCell(cell: CompareCell, pc: Palette): string {
  if (cell.ratio === null) return '';
  const mark = cell.mark === 'faster' ? pc.green('faster') : cell.mark === 'slower' ? pc.red('slower') : '';
  return `×${cell.ratio.toFixed(3)}${mark ? ' ' + mark : ''}`;
}

function machineView(c: Comparison, marker: (s: string) => string): Table {
  return {
    columns: [{ header: 'machine' }, ...c.files.map((f) => ({ header: f.label }))],
    rows: c.machines.rows.map((r) => [r.differs ? marker(r.label) : r.label, ...r.values]),
  };
}

function caseView(c: Comparison, pc: Palette, alignCi: boolean): Table {
  const columns: Table['columns'] = [{ header: 'case' }, { header: c.files[0]!.label, align: 'right' }];
  for (const f of c.files.slice(1)) columns.push({ header: f.label, align: 'right' }, { header: 'vs baseline' });
  const ciWidth = alignCi
    ? Math.max(0, ...c.cases.flatMap((k) => k.cells.map((cell) => ciHalfWidthPct(cell.ci95).length)))
    : 0;
  const rows = c.cases.map((k) => {
    const row = [k.id, valueCell(c, k.cells[0]!, ciWidth)];
    for (const cell of k.cells.slice(1)) row.push(valueCell(c, cell, ciWidth), ratioCell(cell, pc));
    return row;
  });
  return { columns, rows };
}

function scoreLines(c: Comparison): string[] {
  const over = `geometric mean of ratios over ${c.sharedCases} shared case${c.sharedCases === 1 ? '' : 's'}`;
  return c.scores.map((s, i) => {
    if (s.score === null) return `score ${s.label}: n/a, no case is measured in every file`;
    return `score ${s.label}: ${s.score.toFixed(3)}${i === 0 ? ' (baseline)' : ''}, ${over}`;
  });
}

function incompleteLines(c: Comparison): string[] {
  return c.incomplete.map((i) => {
    const parts = [];
    if (i.missing.length) parts.push(`missing from ${i.missing.join(', ')}`);
    if (i.notMeasured.length) parts.push(`not measured in ${i.notMeasured.join(', ')}`);
    return `${i.id}: ${parts.join('; ')}`;
  });
}

function renderText(c: Comparison, pc: Palette): string {
  const out = [
    `compare ${c.metric} (${directionText(c)}); baseline ${c.files[0]!.label}; ratio > 1 is faster than the baseline; ${markRule(c)}`,
    '',
  ];
  out.push(textTable(machineView(c, (s) => pc.yellow(`≠ ${s}`))));
  out.push(
    c.machines.differs.length
      ? `differs: ${c.machines.differs.join(', ')}`
      : 'no difference in the recorded machine facts',
    '',
  );
  out.push(textTable(caseView(c, pc, true)), '', ...scoreLines(c));
  const inc = incompleteLines(c);
  if (inc.length)
    out.push('', `not in every file (${inc.length}, left out of the scores):`, ...inc.map((l) => `  ${l}`));
  if (c.warnings.length) out.push('', 'warnings:', ...c.warnings.map((w) => `  ${w.message}`));
  return out.join('\n');
}

/** Markdown for PR comments: every string that came from a result file or a file name goes through mdEscape. */
function renderMarkdown(c: Comparison): string {
  const esc = mdEscape;
  const out = [
    `### chainmark compare: ${esc(c.metric)} (${directionText(c)})`,
    '',
    `Baseline: **${esc(c.files[0]!.label)}**. Ratio > 1 is faster than the baseline; ${markRule(c)}.`,
    '',
  ];
  const machines = markdownTable(machineView(c, (s) => `**${s} ≠**`));
  if (c.machines.differs.length) out.push(machines, '', `Differs: ${esc(c.machines.differs.join(', '))}`, '');
  // Nothing to point at: the table stays one click away instead of pushing the cases down a PR comment.
  else
    out.push(
      '<details><summary>No difference in the recorded machine facts</summary>',
      '',
      machines,
      '',
      '</details>',
      '',
    );
  out.push(markdownTable(caseView(c, palette(false), false)), '', ...scoreLines(c).map((l) => `- ${esc(l)}`));
  const inc = incompleteLines(c);
  if (inc.length)
    out.push(
      '',
      `**Not in every file** (${inc.length}, left out of the scores):`,
      '',
      ...inc.map((l) => `- ${esc(l)}`),
    );
  if (c.warnings.length) out.push('', '**Warnings**', '', ...c.warnings.map((w) => `- ${esc(w.message)}`));
  return out.join('\n');
}

function renderCsv(c: Comparison): string {
  const rows = c.cases.flatMap((k) =>
    k.cells.map((cell, i) => [
      k.id,
      c.files[i]!.label,
      cell.status,
      cell.median,
      cell.ci95?.[0] ?? null,
      cell.ci95?.[1] ?? null,
      cell.ratio,
      cell.mark,
    ]),
  );
  return csvText(['case', 'file', 'status', `${c.metric}_median`, 'ci95_lo', 'ci95_hi', 'ratio', 'mark'], rows);
}

/** `color` applies to the text format only (the caller decides it with useColor). */
export function renderComparison(c: Comparison, format: CompareFormat, color = false): string {
  switch (format) {
    case 'json':
      return JSON.stringify(c, null, 2);
    case 'csv':
      return renderCsv(c);
    case 'md':
      return renderMarkdown(c);
    case 'text':
      return renderText(c, palette(color));
  }
}
