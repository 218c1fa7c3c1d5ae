import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { parseJsonBytes } from '../../src/core/json-file.js';
import { MAX_JSON_DEPTH, checkJsonStructure } from '../../src/core/json-structure.js';

const FILE = 'r.json';
const parse = (text: string): unknown => parseJsonBytes(Buffer.from(text), FILE);

function refusal(text: string): string {
  try {
    parse(text);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('the text was accepted');
}

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('JSON nested deeper than the limit is refused, naming the file and the field', () => {
  it('100 000 nested lists under a field: one InputError, no stack overflow', () => {
    const message = refusal(`{"cases":[{"id":"a","extra":${nested(100_000)}}]}`);
    expect(message).toMatch(
      new RegExp(
        `^r\\.json: cases\\[0\\]\\.extra(\\[0\\])+… nests lists and objects more than ${MAX_JSON_DEPTH} levels deep`,
      ),
    );
    expect(message).not.toContain('\n');
  });

  it('objects count as levels too, and the path names their keys', () => {
    const text = '{"a":'.repeat(MAX_JSON_DEPTH) + '{}' + '}'.repeat(MAX_JSON_DEPTH);
    expect(refusal(text)).toMatch(/^r\.json: a\.a\.a(\.a)*\S* nests lists and objects more than 64 levels deep/);
  });

  it('accepts exactly the limit', () => {
    expect(parse(nested(MAX_JSON_DEPTH))).toBeInstanceOf(Array);
    expect(() => parse(nested(MAX_JSON_DEPTH + 1))).toThrow(InputError);
  });

  it('brackets and quotes inside strings do not count', () => {
    const text = JSON.stringify({ s: '[[[{{{"\\', t: ['x"]]]', { u: '\\' }] });
    expect(() => checkJsonStructure(text, FILE, 3)).not.toThrow();
    expect(() => checkJsonStructure(text, FILE, 2)).toThrow(`${FILE}: t[1] nests lists and objects more than 2 levels`);
  });
});

describe('a key given twice in one object is refused, naming the file and the key', () => {
  it('at the top level', () => {
    expect(refusal('{"schema":"x","tool":{},"schema":"chainmark/result@1"}')).toBe(
      `${FILE}: schema is given twice in one object: keys must be unique (a JSON reader may keep either value)`,
    );
  });

  it('deep in a list, with the path to the object', () => {
    expect(refusal('{"cases":[{"id":"a"},{"id":"b","status":"ok","status":"errored"}]}')).toMatch(
      /^r\.json: cases\[1\]\.status is given twice in one object/,
    );
  });

  it('two spellings of one key are one key; a key that is not a name is quoted', () => {
    expect(refusal('{"libraries":{"@noble/hashes":"1","@noble\\/hashes":"2"}}')).toMatch(
      /^r\.json: libraries\["@noble\/hashes"\] is given twice/,
    );
  });

  it('the same key in two objects, and a value equal to a key, are fine', () => {
    expect(parse('{"a":{"b":1},"c":{"b":"a"},"d":["a","a"]}')).toEqual({ a: { b: 1 }, c: { b: 'a' }, d: ['a', 'a'] });
  });
});
