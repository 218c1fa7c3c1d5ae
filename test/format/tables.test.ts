import { describe, expect, it } from 'vitest';
import { ciHalfWidthPct, csvText, markdownTable } from '../../src/format/tables.js';

describe('table formats', () => {
  it('escapes pipes in markdown cells and right-aligns numeric columns', () => {
    const md = markdownTable({ columns: [{ header: 'case' }, { header: 'n', align: 'right' }], rows: [['a|b', '3']] });
    expect(md.split('\n')).toEqual(['| case | n |', '| --- | ---: |', '| a\\|b | 3 |']);
  });

  it('quotes CSV fields with commas and quotes (RFC 4180)', () => {
    expect(
      csvText(
        ['x', 'y'],
        [
          ['a,b', 'say "hi"'],
          [1, null],
        ],
      ),
    ).toBe('x,y\n"a,b","say ""hi"""\n1,');
  });

  it('shows a CI as ± percent of its centre', () => {
    // [95, 105]: half-width 5 over centre 100 → ±5.0%
    expect(ciHalfWidthPct([95, 105])).toBe('±5.0%');
    expect(ciHalfWidthPct(null)).toBe('');
  });
});
