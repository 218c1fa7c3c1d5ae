import type { Comparison, CompareCell } from './compare.js';
import { formatMetric } from './metrics.js';
import { ciHalfWidthPct, csvText, markdownTable, textTable, type Table } from './tables.js';

export const COMPARE_FORMATS = ['text', 'md', 'json', 'csv'] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];

function directionText(c: Comparison): string {
  return c.direction === 'higher' ? 'higher is better' : c.direction === 'lower' ? 'lower is better' : 'direction unknown';
}

function valueCell(c: Comparison, cell: CompareCell): string {
  if (cell.median === null) return cell.status;
  const ci = ciHalfWidthPct(cell.ci95);
  return `${formatMetric(c.metric, cell.median)}${ci ? ' ' + ci : ''}`;
}

function ratioCell(cell: CompareCell): string {
  if (cell.ratio === null) return '';
  return `×${cell.ratio.toFixed(3)}${cell.mark ? ' ' + cell.mark : ''}`;
}

function machineView(c: Comparison, marker: (s: string) => string): Table {
  return {
    columns: [{ header: 'machine' }, ...c.files.map((f) => ({ header: f.label }))],
    rows: c.machines.rows.map((r) => [r.differs ? marker(r.label) : r.label, ...r.values]),
  };
}

function caseView(c: Comparison): Table {
  const columns: Table['columns'] = [{ header: 'case' }, { header: c.files[0]!.label, align: 'right' }];
  for (const f of c.files.slice(1)) columns.push({ header: f.label, align: 'right' }, { header: 'vs baseline' });
  const rows = c.cases.map((k) => {
    const row = [k.id, valueCell(c, k.cells[0]!)];
    for (const cell of k.cells.slice(1)) row.push(valueCell(c, cell), ratioCell(cell));
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

function renderText(c: Comparison): string {
  const out = [`compare ${c.metric} (${directionText(c)}); baseline ${c.files[0]!.label}; ratio > 1 is faster than the baseline`, ''];
  out.push(textTable(machineView(c, (s) => `≠ ${s}`)));
  out.push(c.machines.differs.length ? `differs: ${c.machines.differs.join(', ')}` : 'no difference in the recorded machine facts', '');
  out.push(textTable(caseView(c)), '', ...scoreLines(c));
  const inc = incompleteLines(c);
  if (inc.length) out.push('', `not in every file (${inc.length}, left out of the scores):`, ...inc.map((l) => `  ${l}`));
  if (c.warnings.length) out.push('', 'warnings:', ...c.warnings.map((w) => `  ${w}`));
  return out.join('\n');
}

function renderMarkdown(c: Comparison): string {
  const out = [`### chainmark compare: ${c.metric} (${directionText(c)})`, '', `Baseline: \`${c.files[0]!.label}\`. Ratio > 1 is faster than the baseline; faster/slower only where the 95% intervals do not overlap.`, ''];
  out.push(markdownTable(machineView(c, (s) => `**${s} ≠**`)), '');
  out.push(c.machines.differs.length ? `Differs: ${c.machines.differs.join(', ')}` : 'No difference in the recorded machine facts.', '');
  out.push(markdownTable(caseView(c)), '', ...scoreLines(c).map((l) => `- ${l}`));
  const inc = incompleteLines(c);
  if (inc.length) out.push('', `**Not in every file** (${inc.length}, left out of the scores):`, '', ...inc.map((l) => `- ${l}`));
  if (c.warnings.length) out.push('', '**Warnings**', '', ...c.warnings.map((w) => `- ${w}`));
  return out.join('\n');
}

function renderCsv(c: Comparison): string {
  const rows = c.cases.flatMap((k) =>
    k.cells.map((cell, i) => [k.id, c.files[i]!.label, cell.status, cell.median, cell.ci95?.[0] ?? null, cell.ci95?.[1] ?? null, cell.ratio, cell.mark]),
  );
  return csvText(['case', 'file', 'status', `${c.metric}_median`, 'ci95_lo', 'ci95_hi', 'ratio', 'mark'], rows);
}

export function renderComparison(c: Comparison, format: CompareFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(c, null, 2);
    case 'csv':
      return renderCsv(c);
    case 'md':
      return renderMarkdown(c);
    case 'text':
      return renderText(c);
  }
}
