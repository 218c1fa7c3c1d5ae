import { describe, expect, it } from 'vitest';
import { palette, useColor } from '../../src/format/color.js';
import { summaryTable } from '../../src/report/summary.js';
import { compareResults } from '../../src/compare/compare.js';
import { loadResults } from '../../src/results/align.js';
import { renderComparison } from '../../src/compare/render-compare.js';
import { join } from 'node:path';
import { ROOT, cli } from '../helpers.js';
import { reportFixture } from '../report/fixture.js';

const ESC = '\u001b[';
const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('useColor decides colour in one place', () => {
  it('colours a terminal and nothing else', () => {
    expect(useColor(tty, {})).toBe(true);
    expect(useColor(pipe, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
  });

  it('NO_COLOR set to anything non-empty turns colour off, even on a terminal and against FORCE_COLOR', () => {
    expect(useColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: 'false' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: '' })).toBe(true); // empty means unset (no-color.org)
  });

  it('FORCE_COLOR forces it on for a pipe, or off with 0', () => {
    expect(useColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColor(pipe, { FORCE_COLOR: '' })).toBe(false);
  });

  it('palette(false) leaves text alone; palette(true) adds ANSI codes', () => {
    expect(palette(false).red('x')).toBe('x');
    expect(palette(true).red('x')).toBe(`${ESC}31mx${ESC}39m`);
  });
});

describe('tables follow the decision', () => {
  const cases = reportFixture().cases;

  it('the run summary has colour only when asked, with the same alignment either way', () => {
    const plain = summaryTable(cases, false);
    const coloured = summaryTable(cases, true);
    expect(plain).not.toContain(ESC);
    expect(coloured).toContain(`${ESC}32mok`);
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('compare text marks faster and slower in colour only when asked', () => {
    const fixtures = join(ROOT, 'test', 'fixtures', 'results');
    const c = compareResults(
      loadResults([join(fixtures, 'base.json'), join(fixtures, 'other-machine.json')]),
      'opsPerSec',
    );
    expect(renderComparison(c, 'text')).not.toContain(ESC);
    const coloured = renderComparison(c, 'text', true);
    expect(coloured).toContain(`${ESC}32mfaster`);
    expect(coloured).toContain(`${ESC}33m≠ host`);
    expect(renderComparison(c, 'md', true)).not.toContain(ESC);
  });

  it('the compare command asks useColor: FORCE_COLOR colours a pipe, NO_COLOR wins', () => {
    const files = ['base.json', 'other-machine.json'].map((f) => join(ROOT, 'test', 'fixtures', 'results', f));
    expect(cli(['compare', ...files], { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).toContain(ESC);
    expect(cli(['compare', ...files], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toContain(ESC);
    expect(cli(['compare', ...files], { env: { NO_COLOR: '', FORCE_COLOR: '' } }).stdout).not.toContain(ESC);
  });
});
