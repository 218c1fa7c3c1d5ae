/** Aligned text tables for the terminal; numbers right-aligned, text left-aligned. */

// Strip ANSI colour codes when measuring width.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const width = (s: string): number => s.replace(ANSI, '').length;

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

export function renderTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(width(c.header), ...rows.map((r) => width(r[i] ?? ''))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(widths[i]! - width(s));
    return columns[i]!.align === 'right' ? fill + s : s + fill;
  };
  const line = (cells: string[]) => cells.map(pad).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join(
    '\n',
  );
}

/**
 * What the formatters below print for a value below 0. They format quantities that cannot be
 * negative (rates, times, sizes, counts); a negative one is a corrupt input or a bug upstream, and
 * printing it as a number ("-892 tx/s") would pass it off as a measurement.
 */
export const INVALID = 'invalid (< 0)';

/** 3 significant digits with k/M/G suffix: 1234 → "1.23k"; INVALID below 0. */
export function si(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value < 0) return INVALID;
  const [div, suffix] = value >= 1e9 ? [1e9, 'G'] : value >= 1e6 ? [1e6, 'M'] : value >= 1e3 ? [1e3, 'k'] : [1, ''];
  const v = value / div;
  return (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) + suffix;
}

/** A duration in ms shown with a sensible unit: "850 ns", "12.3 µs", "1.52 ms", "2.10 s"; INVALID below 0. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 0) return INVALID;
  if (ms < 0.001) return `${(ms * 1e6).toFixed(0)} ns`;
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function bytesPerSec(bps: number): string {
  return bps < 0 ? INVALID : `${si(bps)}B/s`;
}
