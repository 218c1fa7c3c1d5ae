import { describe, expect, it } from 'vitest';
import { csvText, markdownTable } from '../../src/format/tables.js';

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
});
