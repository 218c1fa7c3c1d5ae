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

const signedPct = (x: number): string => `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(1)}%`;

/**
 * A 95% CI relative to the figure it belongs to (`centre`; by default the interval's midpoint):
 * "±3.1%" when both ends are as far from it to 0.1%, else each end's distance, "-2.0%/+3.4%" (an
 * interval of the median of a skewed rate is asymmetric). '' with no interval or a centre ≤ 0;
 * "invalid" for an interval that no positive quantity can have (an end below 0 or not finite, or
 * its ends reversed): such a file was not written by this version, and its bound is not shown.
 */
export function ciHalfWidthPct(ci: [number, number] | null, centre?: number): string {
  if (!ci) return '';
  const [lo, hi] = ci;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo < 0 || lo > hi) return 'invalid';
  const c = centre ?? (lo + hi) / 2;
  if (!(c > 0)) return '';
  const down = ((lo - c) / c) * 100;
  const up = ((hi - c) / c) * 100;
  return (-down).toFixed(1) === up.toFixed(1) ? `±${up.toFixed(1)}%` : `${signedPct(down)}/${signedPct(up)}`;
}
