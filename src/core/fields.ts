import { InputError, shown } from './errors.js';
import { isFiniteNumber, isObject } from './guards.js';

/**
 * Small field validators in the style of noble's assertion helpers: each names the file and the
 * field path (`cases[2].threads[0]`) and shows the bad value.
 */
export class Fields {
  constructor(readonly file: string) {}

  fail(field: string, detail: string): never {
    throw new InputError(this.file, field, detail);
  }

  object(value: unknown, field: string, allowed: readonly string[]): Record<string, unknown> {
    if (!isObject(value)) this.fail(field, `must be an object, got ${shown(value)}`);
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key))
        this.fail(field ? `${field}.${key}` : key, `is not a known field (known: ${allowed.join(', ')})`);
    }
    return value as Record<string, unknown>;
  }

  int(value: unknown, field: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value))
      this.fail(field, `must be ${min > 0 ? 'a positive' : 'an'} integer, got ${shown(value)}`);
    if (value < min) this.fail(field, `must be at least ${min}, got ${value}`);
    if (value > max) this.fail(field, `must be at most ${max}, got ${value}`);
    return value;
  }

  /** A finite number in [min, max] (or (min, max] with `exclusiveMin`). */
  number(value: unknown, field: string, min: number, max: number, exclusiveMin = false): number {
    if (!isFiniteNumber(value)) this.fail(field, `must be a number, got ${shown(value)}`);
    if (exclusiveMin ? value <= min : value < min)
      this.fail(field, `must be ${exclusiveMin ? 'greater than' : 'at least'} ${min}, got ${value}`);
    if (value > max) this.fail(field, `must be at most ${max}, got ${value}`);
    return value;
  }

  string(value: unknown, field: string, pattern?: RegExp, hint?: string): string {
    if (typeof value !== 'string') this.fail(field, `must be a string, got ${shown(value)}`);
    if (pattern && !pattern.test(value)) this.fail(field, `must be ${hint ?? `like ${pattern}`}, got ${shown(value)}`);
    return value;
  }

  oneOf<T extends string>(value: unknown, field: string, options: readonly T[]): T {
    if (typeof value !== 'string' || !options.includes(value as T))
      this.fail(field, `must be one of ${options.join(', ')}, got ${shown(value)}`);
    return value as T;
  }

  list<T>(value: unknown, field: string, item: (v: unknown, field: string) => T, maxLength = 1000): T[] {
    if (!Array.isArray(value)) this.fail(field, `must be a list, got ${shown(value)}`);
    if (value.length === 0) this.fail(field, 'must not be empty');
    if (value.length > maxLength) this.fail(field, `must have at most ${maxLength} entries, got ${value.length}`);
    const out = value.map((v, i) => item(v, `${field}[${i}]`));
    const dup = out.find((v, i) => out.indexOf(v) !== i);
    if (dup !== undefined) this.fail(field, `lists ${shown(dup)} twice`);
    return out;
  }

  optional<T>(
    obj: Record<string, unknown>,
    key: string,
    field: string,
    read: (v: unknown, field: string) => T,
  ): T | undefined {
    return obj[key] === undefined ? undefined : read(obj[key], field ? `${field}.${key}` : key);
  }
}
