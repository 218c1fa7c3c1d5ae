import { existsSync } from 'node:fs';
import type { Argv } from 'yargs';
import { isAbsolute, join } from 'node:path';
import { InputError } from '../core/errors.js';
import { PACKAGE_ROOT } from '../system/packages.js';

/** Exit codes: 0 ok, 1 a case failed (or a regression), 2 bad input, 130/143 interrupted. */
export const EXIT = { ok: 0, failed: 1, input: 2, sigint: 130, sigterm: 143 } as const;

/**
 * Thrown by command handlers to end with a given exit code once output is flushed. With `signal`,
 * the process ends by that signal's default action instead: a worker thread blocked in a system
 * call keeps process.exit from returning (it waits for every thread), the kernel's end does not.
 */
export class ExitRequest extends Error {
  constructor(
    readonly code: number,
    readonly signal?: NodeJS.Signals,
  ) {
    super(`exit ${code}`);
  }
}

/** "1,2,4" → [1,2,4]; every entry a positive integer. */
export function parseIntList(flag: string, value: unknown, min = 1): number[] | undefined {
  if (value === undefined) return undefined;
  const parts = String(value)
    .split(',')
    .map((s) => s.trim());
  const out = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  const bad = parts.find((_, i) => !Number.isSafeInteger(out[i]) || out[i]! < min);
  if (bad !== undefined || parts.length === 0)
    throw new InputError(
      'command line',
      flag,
      `must be a comma-separated list of integers ≥ ${min}, got ${JSON.stringify(String(value))}`,
    );
  return out;
}

/**
 * A flag's value as the user typed it, for error messages: yargs turns a number flag's "abc" into
 * NaN, which would print as null, so the text is taken back from the command line.
 */
export function shownFlagValue(flag: string, value: unknown, argv: readonly string[] = process.argv): string {
  if (typeof value !== 'number') return JSON.stringify(value);
  if (!Number.isNaN(value)) return String(value);
  for (let i = argv.length - 1; i >= 0; i--) {
    const a = argv[i]!;
    if (a === flag && i + 1 < argv.length) return JSON.stringify(argv[i + 1]);
    if (a.startsWith(`${flag}=`)) return JSON.stringify(a.slice(flag.length + 1));
  }
  return 'a value that is not a number';
}

/**
 * A decimal number as typed on a command line: digits with an optional fraction and exponent.
 * No hexadecimal (`0x10`), binary or octal, no `Infinity`: every number flag reads the same way.
 */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A number flag's value: yargs hands them over as strings (its own number parsing would take
 * `0x10` as 16 and `1e400` as Infinity), and numbers pass as they are (from tests and callers).
 */
export function decimal(value: unknown): number {
  if (typeof value === 'number') return value;
  const text = String(value).trim();
  return DECIMAL.test(text) ? Number(text) : NaN;
}

export function parseInt1(flag: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : /^\d+$/.test(String(value).trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new InputError(
      'command line',
      flag,
      `must be an integer from ${min} to ${max}, got ${shownFlagValue(flag, value)}`,
    );
  return n;
}

export function parseNameList<T extends string>(flag: string, value: unknown, known: readonly T[]): T[] | undefined {
  if (value === undefined) return undefined;
  const names = (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v).split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const isKnown = (n: string): n is T => (known as readonly string[]).includes(n);
  const bad = names.find((n) => !isKnown(n));
  if (bad !== undefined || names.length === 0)
    throw new InputError(
      'command line',
      flag,
      `must list names from ${known.join(', ')}, got ${JSON.stringify(bad ?? String(value))}`,
    );
  return [...new Set(names.filter(isKnown))];
}

/**
 * A scenario argument: a path as given, else a bundled scenario by path or bare name
 * (`quick` → scenarios/quick.json in the chainmark package), so `npx chainmark run` works anywhere.
 */
export function resolveScenarioPath(arg: string): string {
  if (existsSync(arg) || isAbsolute(arg)) return arg;
  for (const candidate of [join(PACKAGE_ROOT, arg), join(PACKAGE_ROOT, 'scenarios', `${arg}.json`)]) {
    if (existsSync(candidate)) return candidate;
  }
  return arg;
}

/** A number of seconds (fractions allowed) in (0, max], e.g. --case-timeout 1.5. */
export function parseSeconds(flag: string, value: unknown, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = decimal(value);
  if (!Number.isFinite(n) || n <= 0 || n > max)
    throw new InputError(
      'command line',
      flag,
      `must be a number of seconds above 0 and at most ${max}, got ${shownFlagValue(flag, value)}`,
    );
  return n;
}

/** The arguments a command's yargs builder declares, as yargs infers them from its options. */
export type ArgsOf<B extends (y: Argv) => Argv<object>> = ReturnType<B> extends Argv<infer T> ? T : never;
