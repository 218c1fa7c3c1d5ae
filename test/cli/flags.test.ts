import { describe, expect, it } from 'vitest';
import { parseInt1, shownFlagValue } from '../../src/cli/common.js';
import { InputError } from '../../src/core/errors.js';
import { cli } from '../helpers.js';

describe('a number flag given text', () => {
  it('is quoted as typed, not as the NaN yargs made of it', () => {
    expect(shownFlagValue('--time', Number.NaN, ['node', 'main.js', 'run', '--time', 'abc'])).toBe('"abc"');
    expect(shownFlagValue('--time', Number.NaN, ['node', 'main.js', 'run', '--time=1e'])).toBe('"1e"');
    expect(shownFlagValue('--time', Number.NaN, ['node', 'main.js'])).toBe('a value that is not a number');
    expect(shownFlagValue('--time', 0)).toBe('0');
    expect(shownFlagValue('--time', '7x')).toBe('"7x"');
    expect(() => parseInt1('--repeat', 2.5, 1, 10)).toThrow(
      new InputError('command line', '--repeat', 'must be an integer from 1 to 10, got 2.5'),
    );
  });

  it('gets exit 2 and one line naming the flag and the text', () => {
    const r = cli(['run', 'quick', '--time', 'abc']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('chainmark: command line: --time must be an integer from 1 to 600000, got "abc"\n');
    const c = cli(['check', '--baseline', 'a.json', '--current', 'b.json', '--alpha', 'zz']);
    expect(c.status).toBe(2);
    expect(c.stderr).toBe('chainmark: command line: --alpha must be a number strictly between 0 and 1, got "zz"\n');
  });
});
