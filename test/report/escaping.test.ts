import { describe, expect, it } from 'vitest';
import { findExporter } from '../../src/report/exporters.js';
import { mdEscape } from '../../src/format/tables.js';
import type { ResultFile } from '../../src/results/schema.js';
import { HTML_HOST, SYNTAX_HOST, reportFixture, withHost } from './fixture.js';
import { parseExposition } from './exposition.js';
import { parseCsv } from './csv-parse.js';
import { CSV_COLUMNS } from '../../src/report/csv.js';

const render = async (format: string, results: ResultFile[]) =>
  String(
    await findExporter(format)!.render(results, { metric: 'opsPerSec', labels: results.map((_, i) => `f${i}.json`) }),
  );

/** A fixture whose strings all try to inject: hostname, CPU brand, a case error and a warning. */
function hostile(hostname: string): ResultFile {
  const r = withHost(hostname);
  (r.system as { cpu: { brand: string } }).cpu.brand = 'CPU `code` [link](javascript:alert(1)) & <b>bold</b> # h';
  (r.cases[2] as { error: string }).error = `failed | with ${hostname}`;
  r.warnings = [{ code: 'note', message: `# heading? ${hostname}` }];
  return r;
}

/** Characters of a markdown line that are not backslash-escaped. */
function unescaped(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else out += line[i];
  }
  return out;
}

describe('markdown escaping', () => {
  it('renders an HTML hostname as text: no tag can open', async () => {
    const md = await render('md', [hostile(HTML_HOST)]);
    expect(md).not.toContain('<'); // not a single raw '<'
    expect(md).toContain('### chainmark: report-fixture on &lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain('&amp; &lt;b&gt;bold&lt;/b&gt;');
  });

  it('shows why a run stopped and what it did not reach, escaped', async () => {
    const r = hostile(HTML_HOST);
    r.run.status = 'interrupted';
    r.run.stopReason = `SIGTERM during case 2 of 4 (${HTML_HOST})`;
    r.run.notRun = [{ id: 'a', kind: 'primitive' }];
    const md = await render('md', [r]);
    expect(md).not.toContain('<');
    expect(md).toContain(
      'run interrupted: SIGTERM during case 2 of 4 (&lt;img src=x onerror=alert(1)&gt;) (1 cases not reached) · seed',
    );
  });

  it('keeps pipes, newlines, backticks and brackets from breaking the table or making links', async () => {
    const clean = await render('md', [reportFixture()]);
    const md = await render('md', [hostile(SYNTAX_HOST)]);
    expect(md.split('\n')).toHaveLength(clean.split('\n').length); // the newline in the hostname did not add a line
    let columns = 0; // pipes in the current table's header row
    for (const line of md.split('\n')) {
      const plain = unescaped(line);
      expect(plain, line).not.toMatch(/[`[\]]/);
      if (!line.startsWith('|')) columns = 0;
      else if (columns === 0) columns = plain.split('|').length;
      else expect(plain.split('|'), line).toHaveLength(columns);
    }
    const row = md.split('\n').find((l) => l.startsWith('| sign/bls12-381/noble |'))!;
    expect(row).toContain('errored: failed \\| with evil"host\\\\name second line\\|pipe');
    expect(md).toContain('- \\# heading? evil"host\\\\name second line\\|pipe');
  });

  it('mdEscape: each special character', () => {
    expect(mdEscape('a|b')).toBe('a\\|b');
    expect(mdEscape('`x`')).toBe('\\`x\\`');
    expect(mdEscape('[t](u)')).toBe('\\[t\\](u)');
    expect(mdEscape('<a href="x">&</a>')).toBe('&lt;a href="x"&gt;&amp;&lt;/a&gt;');
    expect(mdEscape('back\\slash')).toBe('back\\\\slash');
    expect(mdEscape('one\r\ntwo\nthree\rfour')).toBe('one two three four');
    expect(mdEscape('&lt;')).toBe('&amp;lt;'); // an entity in the input shows as typed
  });
});

describe('CSV escaping', () => {
  it.each([HTML_HOST, SYNTAX_HOST])('a hostname %j survives the round trip in every row', async (host) => {
    const csv = await render('csv', [hostile(host)]);
    const rows = parseCsv(csv);
    const clean = parseCsv(await render('csv', [reportFixture()]));
    expect(rows).toHaveLength(clean.length);
    for (const r of rows) expect(r).toHaveLength(rows[0]!.length);
    for (const r of rows.slice(1)) expect(r[1]).toBe(host);
    expect(rows.find((r) => r[3] === 'sign/bls12-381/noble/t1')![CSV_COLUMNS.indexOf('error')]).toBe(
      `failed | with ${host}`,
    );
  });

  it('quotes fields with a comma, quote or line break and doubles quotes (RFC 4180)', async () => {
    const csv = await render('csv', [hostile(SYNTAX_HOST)]);
    expect(csv).toContain(',"evil""host\\name\nsecond line|pipe",');
    expect(csv).toContain(',"failed | with evil""host\\name\nsecond line|pipe",');
    const plain = await render('csv', [reportFixture()]);
    expect(plain).toContain(',"worker exited: out of memory, code ""134"""');
    expect(plain).toContain(',bench-01,'); // nothing to quote, no quotes
  });
});

describe('OpenMetrics label escaping', () => {
  it.each([HTML_HOST, SYNTAX_HOST])('a hostname %j is escaped in the labels and reads back unchanged', async (host) => {
    const text = (await render('openmetrics', [hostile(host)])) + '\n';
    const { samples } = parseExposition(text);
    expect(samples.length).toBeGreaterThan(0);
    for (const s of samples) expect(s.labels.host).toBe(host);
    const escaped = host.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    expect(text).toContain(`host="${escaped}"`);
    expect(text.split('\n').filter((l) => l.startsWith('chainmark_'))).toHaveLength(samples.length);
  });

  it('escapes backslash, double quote and line feed exactly', async () => {
    const text = await render('openmetrics', [withHost(SYNTAX_HOST)]);
    expect(text).toContain('host="evil\\"host\\\\name\\nsecond line|pipe"');
  });
});
