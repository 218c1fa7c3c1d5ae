/**
 * Text from a file or an argument made safe to show on a terminal. A result file's hostname, a
 * case id, an error message or a path can hold control characters: ESC opens CSI and OSC
 * sequences (clear the screen, set the window title, move the cursor), `\r` returns to the start
 * of a line and overwrites it, a C1 character such as U+009B is CSI by itself on some terminals,
 * and bidirectional overrides reorder what a line appears to say. Each is shown as an escape
 * (`\x1b`, `\r`, `\u202e`) instead, so the text is seen for what it is and cannot act.
 */

// C0 controls, DEL, C1 controls, the Unicode line and paragraph separators, and the bidirectional
// marks, embeddings, overrides and isolates (Unicode UAX #9).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// The same set without the line feed, for text whose lines are ours.
const UNPRINTABLE_BUT_LF =
  // eslint-disable-next-line no-control-regex -- as above
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return NAMED[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`);
}

/** `text` with every control character shown as an escape: one inert line. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeChar);
}

/**
 * Output of many lines for a terminal, when no part of it is a colour we added: line feeds kept,
 * every other control character escaped (a `\r` inside a CSV field would otherwise overwrite the
 * line it is on).
 */
export function printableLines(text: string): string {
  return text.replace(UNPRINTABLE_BUT_LF, escapeChar);
}

/**
 * A copy of `value` with every string in it, keys included, made printable; lists and plain
 * objects are copied only where something changed, so a result of a million samples costs one
 * walk and no copy. For data about to be rendered as text with colours added afterwards: the
 * data's escapes are inert and ours still work.
 */
export function printableDeep<T>(value: T): T {
  return deep(value) as T;
}

function deep(value: unknown): unknown {
  if (typeof value === 'string') return printable(value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i] as unknown;
      if (typeof v === 'number') continue;
      const w = deep(v);
      if (w !== v) (out ??= value.slice())[i] = w;
    }
    return out ?? value;
  }
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const entries = Object.entries(value).map(([k, v]) => {
      const [k2, v2] = [printable(k), deep(v)];
      if (k2 !== k || v2 !== v) changed = true;
      return [k2, v2] as const;
    });
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}
