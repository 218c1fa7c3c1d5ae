import { renderTable, type Column } from '../report/table.js';

/** A table as plain strings, rendered as aligned text or markdown from one description. */
export interface Table {
  columns: Column[];
  rows: string[][];
}

export function textTable(t: Table): string {
  return renderTable(t.columns, t.rows);
}

/** GitHub-flavoured markdown table; `|` in cells is escaped so it cannot split a column. */
export function markdownTable(t: Table): string {
  const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${t.columns.map((c) => (c.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(t.columns.map((c) => c.header)), rule, ...t.rows.map(line)].join('\n');
}

/** CSV with RFC 4180 quoting (fields with a comma, quote or line break quoted, quotes doubled); LF line ends, no final newline. */
export function csvText(headers: string[], rows: (string | number | null)[][]): string {
  const field = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [headers, ...rows].map((r) => r.map(field).join(',')).join('\n');
}

/** ±half-width of a 95% CI relative to its centre: "±3.1%". */
export function ciHalfWidthPct(ci: [number, number] | null): string {
  if (!ci) return '';
  const centre = (ci[0] + ci[1]) / 2;
  return centre > 0 ? `±${(((ci[1] - ci[0]) / 2 / centre) * 100).toFixed(1)}%` : '';
}
