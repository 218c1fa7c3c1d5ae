import { printable } from './printable.js';
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
 * HTML tag can open); backslash, pipe, backtick, brackets, `#`, `*`, `_` and `~` are
 * backslash-escaped (no code span, link, image, heading, emphasis or strike-through, and no
 * column split in a table); GFM's autolinks are broken, so a URL or an address from a result file
 * stays text and never becomes a live link: `https\://`, `www\.`, and a word joiner (U+2060,
 * invisible) after an `@` that starts a word, which GFM's e-mail autolinks and GitHub's
 * @-mentions would otherwise take (checked with cmark-gfm 0.29, GitHub's renderer); line breaks
 * become spaces and other control characters are shown as escapes (`\x1b`). Callers may wrap
 * escaped text in `**…**`: the emphasis is theirs.
 */
export function mdEscape(text: string): string {
  return printable(
    text
      .replace(/[&<>]/g, (ch) => MD_ENTITIES[ch]!)
      .replace(/[\\|`[\]#*_~]/g, (ch) => `\\${ch}`)
      .replace(/\r\n|[\r\n]/g, ' '),
  )
    .replace(/:(?=\/\/)|(?<=\b(?:mailto|xmpp)):/gi, '\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/@(?=[A-Za-z0-9])/g, '@&#8288;');
}

/**
 * A cell our own code wrapped in `**…**` to draw the eye (a verdict, a fact that differs) keeps
 * its emphasis; what is inside is escaped like any other text.
 */
function mdCell(cell: string): string {
  const strong = /^\*\*([^]+)\*\*$/.exec(cell);
  return strong ? `**${mdEscape(strong[1]!)}**` : mdEscape(cell);
}

/** GitHub-flavoured markdown table; every cell goes through mdEscape, so no cell can split a column or inject markup. */
export function markdownTable(t: Table): string {
  const line = (cells: string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
  const rule = `|${t.columns.map((c) => (c.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(t.columns.map((c) => c.header)), rule, ...t.rows.map(line)].join('\n');
}

/**
 * A text field a spreadsheet would read as a formula: one starting with `=`, `+`, `-` or `@`, or
 * with a tab or a carriage return (the characters OWASP's "CSV Injection" page lists).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * CSV with RFC 4180 quoting (fields with a comma, quote or line break quoted, quotes doubled); LF
 * line ends, no final newline. A text field that could start a formula is neutralised as OWASP
 * advises: prefixed with a single quote and quoted, so a spreadsheet shows `'=HYPERLINK(…)` as
 * text. Numbers are written as they are, `-3.5` included: we wrote them from a number, never
 * from a file's text, and a quote would turn a number column into text for every reader.
 */
export function csvText(headers: string[], rows: (string | number | null)[][]): string {
  const field = (v: string | number | null) => {
    if (v === null) return '';
    if (typeof v === 'number') return String(v);
    if (FORMULA_START.test(v)) return `"'${v.replace(/"/g, '""')}"`;
    return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
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
