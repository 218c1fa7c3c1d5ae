import { describe, expect, it } from 'vitest';
import { csvText, markdownTable, mdEscape } from '../../src/format/tables.js';

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

describe('CSV text that a spreadsheet would run as a formula is neutralised (OWASP, CSV Injection)', () => {
  it('a text field starting with =, +, -, @, tab or carriage return gets a single quote and quotes', () => {
    const row = ['=HYPERLINK("http://x","y")', '+1+cmd', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
    expect(csvText(['a', 'b', 'c', 'd', 'e', 'f'], [row]).split('\n')[1]).toBe(
      `"'=HYPERLINK(""http://x"",""y"")","'+1+cmd","'-2+3","'@SUM(A1)","'\t=1","'\r=1"`,
    );
  });

  it('numbers we wrote stay numbers, negative ones included; text with the characters later is left alone', () => {
    expect(csvText(['n', 'm', 't'], [[-3.5, -0, 'a=b-c@d']])).toBe('n,m,t\n-3.5,0,a=b-c@d');
  });
});

describe('markdown escaping keeps text from result files inert on GitHub', () => {
  it('emphasis and strike-through markers are escaped', () => {
    expect(mdEscape('*a* _b_ __c__ ~~d~~')).toBe('\\*a\\* \\_b\\_ \\_\\_c\\_\\_ \\~\\~d\\~\\~');
  });

  it('bare URLs, www. names and e-mail addresses cannot become autolinks', () => {
    expect(mdEscape('see https://evil.example/x and HTTP://E.X')).toBe('see https\\://evil.example/x and HTTP\\://E.X');
    expect(mdEscape('www.evil.example')).toBe('www\\.evil.example');
    expect(mdEscape('admin@evil.example, mailto:a@b.c')).toBe(
      'admin@\u2060evil.example, mailto\\:a@\u2060b.c'.replace(/\u2060/g, '&#8288;'),
    );
  });

  it('control characters are shown as escapes, not passed on', () => {
    expect(mdEscape('a\u001b[2Jb\u009bc')).toBe('a\\x1b\\[2Jb\\x9bc');
  });

  it('a table cell our code wrapped in ** keeps its emphasis, with its inside escaped', () => {
    const md = markdownTable({ columns: [{ header: 'v' }], rows: [['**REGRESSION**'], ['**a*b**'], ['x **y**']] });
    expect(md.split('\n').slice(2)).toEqual(['| **REGRESSION** |', '| **a\\*b** |', '| x \\*\\*y\\*\\* |']);
  });
});
