import { renderTable, type Column } from './table.js';

/** A table as plain strings, rendered as aligned text or markdown from one description. */
export interface Table {
  columns: Column[];
  rows: string[][];
}

export function textTable(t: Table): string {
  return renderTable(t.columns, t.rows);
}

const MD_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text for GitHub-flavoured markdown that renders as itself: `&`, `<` and `>` become entities (no
 * HTML tag can open), backslash, pipe, backtick, brackets and `#` are backslash-escaped (no code
 * span, link, image or heading, and no column split in a table), and line breaks become spaces.
 * Emphasis markers are left alone, so callers may wrap escaped text in `**…**`.
 */
export function mdEscape(text: string): string {
  return text
    .replace(/[&<>]/g, (ch) => MD_ENTITIES[ch]!)
    .replace(/[\\|`[\]#]/g, (ch) => `\\${ch}`)
    .replace(/\r\n|[\r\n]/g, ' ');
}

/** GitHub-flavoured markdown table; every cell goes through mdEscape, so no cell can split a column or inject markup. */
export function markdownTable(t: Table): string {
  const line = (cells: string[]) => `| ${cells.map(mdEscape).join(' | ')} |`;
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
