/** Bad input the user can fix: one line naming the file, the field and the value. Exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly file: string,
    readonly field: string,
    /** The message after the file and field, for a caller that adds to it. */
    readonly detail: string,
  ) {
    super(field ? `${file}: ${field} ${detail}` : `${file}: ${detail}`);
  }
}

/** Show a value in an error message: JSON where possible, shortened. */
export function shown(value: unknown): string {
  let s: string;
  try {
    // JSON.stringify turns Infinity and NaN (e.g. a parsed 1e400) into null, which would mislead.
    s =
      value === undefined
        ? 'undefined'
        : typeof value === 'number' && !Number.isFinite(value)
          ? String(value)
          : JSON.stringify(value);
  } catch {
    s = String(value);
  }
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}
