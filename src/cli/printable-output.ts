import { printableDeep, printableLines } from '../format/printable.js';

/**
 * The output of `compare` or `check` in `format`, safe for a terminal. For text, every string the
 * data holds (hostnames, case ids, paths, errors, warnings: all from files or arguments) is made
 * printable before rendering, so the colours the renderer adds still work and nothing from a file
 * can act on the terminal. Other formats escape what they must themselves (markdown through
 * mdEscape, JSON through JSON.stringify); on a terminal, what control characters remain in their
 * text (C1 and DEL inside JSON strings, a `\r` in a CSV field) are shown as escapes too.
 */
export function forTerminal<T>(data: T, format: string, render: (data: T) => string): string {
  if (format === 'text') return render(printableDeep(data));
  const text = render(data);
  return process.stdout.isTTY ? printableLines(text) : text;
}
