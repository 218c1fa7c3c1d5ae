import { shown } from '../core/errors.js';
import { Fields } from '../core/fields.js';
import { isFiniteNumber, isObject } from '../core/guards.js';
import { keyPath } from '../core/json-structure.js';

type Read<T> = (value: unknown, field: string) => T;

/**
 * The field validators of result files. Unlike a scenario's, a result's objects may hold keys this
 * version does not know: a newer chainmark may add a field without a new schema version, and an
 * older reader ignores it. Each check walks the value once and copies nothing, so that a file at
 * the 256 MiB limit is read in time linear in its size.
 */
export class ResultFields extends Fields {
  /** An object; keys beyond the ones the caller reads are allowed. */
  record(value: unknown, field: string): Record<string, unknown> {
    if (!isObject(value)) this.fail(field, `must be an object, got ${shown(value)}`);
    return value;
  }

  finite(value: unknown, field: string): number {
    if (!isFiniteNumber(value)) this.fail(field, `must be a finite number, got ${shown(value)}`);
    return value;
  }

  /** A quantity that cannot be negative (a rate, a duration, a count): a finite number ≥ 0. */
  amount(value: unknown, field: string): number {
    if (!isFiniteNumber(value) || value < 0) this.fail(field, `must be a number ≥ 0, got ${shown(value)}`);
    return value;
  }

  flag(value: unknown, field: string): boolean {
    if (typeof value !== 'boolean') this.fail(field, `must be true or false, got ${shown(value)}`);
    return value;
  }

  /** One of `options`, named in the message as "a, b or c". */
  among<T extends string>(value: unknown, field: string, options: readonly T[]): T {
    if (!(options as readonly unknown[]).includes(value))
      this.fail(field, `must be ${options.slice(0, -1).join(', ')} or ${options.at(-1)}, got ${shown(value)}`);
    return value as T;
  }

  nullable<T>(value: unknown, field: string, read: Read<T>): T | null {
    return value === null ? null : read(value, field);
  }

  /** A list whose every item passes `item`; the list itself is returned, not a copy. */
  items<T>(value: unknown, field: string, item: Read<T>): T[] {
    if (!Array.isArray(value)) this.fail(field, `must be a list, got ${shown(value)}`);
    for (let i = 0; i < value.length; i++) item(value[i], `${field}[${i}]`);
    return value as T[];
  }

  /** Samples and the like: one message for the whole list, since a bad entry among thousands is best shown in place. */
  numbers(value: unknown, field: string): number[] {
    if (!Array.isArray(value) || !value.every(isFiniteNumber))
      this.fail(field, `must be a list of finite numbers, got ${shown(value)}`);
    return value;
  }

  /** Samples of a quantity that cannot be negative; the message names the first bad entry. */
  amounts(value: unknown, field: string): number[] {
    const list = this.numbers(value, field);
    const i = list.findIndex((v) => v < 0);
    if (i >= 0) this.fail(`${field}[${i}]`, `must be a number ≥ 0, got ${list[i]}`);
    return list;
  }

  strings(value: unknown, field: string): string[] {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
      this.fail(field, `must be a list of strings, got ${shown(value)}`);
    return value as string[];
  }

  /** A 95% interval: two finite numbers, low first. */
  interval(value: unknown, field: string): [number, number] {
    if (!Array.isArray(value) || value.length !== 2 || !value.every(isFiniteNumber) || value[0]! > value[1]!)
      this.fail(field, `must be an interval [low, high] of two finite numbers, got ${shown(value)}`);
    return value as [number, number];
  }

  /** An object used as a map: any keys, every value passing `read`. */
  dictionary<T>(value: unknown, field: string, read: Read<T>): Record<string, T> {
    const obj = this.record(value, field);
    for (const [key, v] of Object.entries(obj)) read(v, keyPath(field, key));
    return obj as Record<string, T>;
  }

  /** `read` bound to this instance, for passing as an item or value check. */
  readonly text: Read<string> = (v, field) => this.string(v, field);
  readonly num: Read<number> = (v, field) => this.finite(v, field);
}
