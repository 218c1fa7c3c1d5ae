import { describe, expect, it } from 'vitest';
import { decimal, parseInt1, shownFlagValue } from '../../src/cli/common.js';
import { InputError } from '../../src/core/errors.js';
import { cliAsync } from '../helpers.js';

// Every CLI run of this file is refused before it measures anything: two at a time, each on one
// core (vitest.config.ts).
describe.concurrent('a number flag given text', () => {
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

  it('gets exit 2 and one line naming the flag and the text', async () => {
    const r = await cliAsync(['run', 'quick', '--time', 'abc']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('chainmark: command line: --time must be an integer from 1 to 600000, got "abc"\n');
    const c = await cliAsync(['check', '--baseline', 'a.json', '--current', 'b.json', '--alpha', 'zz']);
    expect(c.status).toBe(2);
    expect(c.stderr).toBe('chainmark: command line: --alpha must be a number strictly between 0 and 1, got "zz"\n');
  });
});

describe.concurrent('run number flags read the same way', () => {
  it.each([
    ['--time', '1e400', '--time must be an integer from 1 to 600000, got "1e400"'],
    ['--time', '0x10', '--time must be an integer from 1 to 600000, got "0x10"'],
    ['--threads', '0x2', '--threads must be a comma-separated list of integers ≥ 1, got "0x2"'],
    ['--repeat', '0b11', '--repeat must be an integer from 1 to 1000, got "0b11"'],
    ['--case-timeout', '0x10', '--case-timeout must be a number of seconds above 0 and at most 604800, got "0x10"'],
    [
      '--case-timeout',
      'Infinity',
      '--case-timeout must be a number of seconds above 0 and at most 604800, got "Infinity"',
    ],
    ['--latency-ms', '0x10', '--latency-ms must be a number from 0 to 10000, got "0x10"'],
  ])('%s %s: decimal only and finite, refused naming the flag and the value as typed', async (flag, value, message) => {
    const r = await cliAsync(['run', 'quick', flag, value]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`chainmark: command line: ${message}\n`);
  });

  it('a decimal fraction still reaches a flag that takes one', () => {
    expect(decimal('1.5')).toBe(1.5);
    expect(decimal('2e3')).toBe(2000);
    expect(decimal('0x10')).toBeNaN();
    expect(decimal('Infinity')).toBeNaN();
    expect(decimal('')).toBeNaN();
  });
});

describe.concurrent('run scenario arguments that name no file', () => {
  it.each([
    ['-', 'scenario "-" is not supported: scenarios are read from files, not from standard input; pass a path'],
    [
      '',
      'scenario is an empty name; pass a scenario file or a bundled name (quick, hashing, signatures, consensus, full)',
    ],
  ])('%j is refused before anything runs', async (arg, message) => {
    const r = await cliAsync(['run', arg, '--out', '/nonexistent-dir-never-created/']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`chainmark: command line: ${message}\n`);
    expect(r.stdout).toBe('');
  });

  it('"-" as the value of a flag is not taken for a scenario', async () => {
    const r = await cliAsync(['run', 'quick', '--backend', '-']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^chainmark: command line: --backend must list names from /);
    expect(r.stderr).not.toContain('scenario');
  });
});
