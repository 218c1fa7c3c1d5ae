import { describe, expect, it } from 'vitest';
import { EXPORTERS, findExporter } from '../../src/report/exporters.js';
import type { ExportOptions } from '../../src/report/exporter.js';
import { CSV_COLUMNS } from '../../src/report/csv.js';
import { reportFixture, withHost } from './fixture.js';

const options: ExportOptions = { metric: 'opsPerSec', labels: ['report.json'] };
const render = async (format: string, results = [reportFixture()], opts = options) =>
  String(await findExporter(format)!.render(results, opts));

describe('text exporters against the report fixture', () => {
  it('registers md, csv, json, openmetrics and prometheus beside gab, each with its own extension', () => {
    const names = EXPORTERS.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['md', 'csv', 'json', 'openmetrics', 'prometheus', 'gab']));
    const ext = Object.fromEntries(EXPORTERS.map((e) => [e.name, e.extension ?? `.${e.name}`]));
    // .prom is what node_exporter's textfile collector reads, so it goes to the format it parses.
    expect(ext).toMatchObject({
      md: '.md',
      csv: '.csv',
      json: '.report.json',
      openmetrics: '.om',
      prometheus: '.prom',
    });
    expect(new Set(Object.values(ext)).size).toBe(names.length);
  });

  it('markdown: system line, primitive and consensus tables, scaling and warnings', async () => {
    await expect((await render('md')) + '\n').toMatchFileSnapshot('./expected/report.md');
  });

  it('csv: one row per case and metric with units; a failed case has one row with its error', async () => {
    await expect((await render('csv')) + '\n').toMatchFileSnapshot('./expected/report.csv');
  });

  it('openmetrics: gauges in base units, labelled by case and machine', async () => {
    await expect((await render('openmetrics')) + '\n').toMatchFileSnapshot('./expected/report.om');
  });

  it('prometheus: the same families in text format 0.0.4, HELP before TYPE, no UNIT or EOF', async () => {
    await expect((await render('prometheus')) + '\n').toMatchFileSnapshot('./expected/report.prom');
  });

  it('json: the result itself, pretty-printed', async () => {
    const text = await render('json');
    expect(JSON.parse(text)).toEqual(reportFixture());
    expect(text.split('\n')[1]).toBe('  "schema": "chainmark/result@1",');
  });
});

describe('several files are several machines', () => {
  const two = () => [reportFixture(), withHost('bench-02')];
  const labels: ExportOptions = { metric: 'opsPerSec', labels: ['a.json', 'b.json'] };

  it('json: an array of the results in the order given', async () => {
    const parsed = JSON.parse(await render('json', two(), labels)) as { system: { hostname: string } }[];
    expect(parsed.map((r) => r.system.hostname)).toEqual(['bench-01', 'bench-02']);
  });

  it('md: one section per file, headed by its label and host', async () => {
    const md = await render('md', two(), labels);
    expect(md.match(/^### .*$/gm)).toEqual([
      '### a.json: report-fixture on bench-01',
      '### b.json: report-fixture on bench-02',
    ]);
    expect(md.match(/^\| case \|/gm)).toHaveLength(2);
    expect(md).toContain('fingerprint fedcba9876543210');
  });

  it('csv: one header, then every file with its label, host and fingerprint', async () => {
    const lines = (await render('csv', two(), labels)).split('\n');
    const single = (await render('csv')).split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + 2 * (single.length - 1));
    expect(lines.filter((l) => l.startsWith('a.json,bench-01,0123456789abcdef,'))).toHaveLength(single.length - 1);
    expect(lines.filter((l) => l.startsWith('b.json,bench-02,fedcba9876543210,'))).toHaveLength(single.length - 1);
  });

  it('openmetrics: series of one machine in two files stay apart by file label', async () => {
    const text = await render('openmetrics', [reportFixture(), reportFixture()], labels);
    expect(text).toMatch(
      /^chainmark_ops_per_second\{case="hash\/sha256\/node\/1KiB\/t1",.*host="bench-01",fingerprint="0123456789abcdef",file="a\.json",stat="median"\} 400000$/m,
    );
    expect(text).toMatch(
      /^chainmark_ops_per_second\{case="hash\/sha256\/node\/1KiB\/t1",.*host="bench-01",fingerprint="0123456789abcdef",file="b\.json",stat="median"\} 400000$/m,
    );
  });

  it('gab: names carry the file label, so the action keeps the machines apart', async () => {
    const names = (JSON.parse(await render('gab', two(), labels)) as { name: string }[]).map((e) => e.name);
    expect(names).toEqual([
      'hash/sha256/node/1KiB/t1 [a.json]',
      'verify/ed25519/noble/t2 [a.json]',
      'hash/sha256/node/1KiB/t1 [b.json]',
      'verify/ed25519/noble/t2 [b.json]',
    ]);
    const one = (JSON.parse(await render('gab')) as { name: string }[]).map((e) => e.name);
    expect(one).toEqual(['hash/sha256/node/1KiB/t1', 'verify/ed25519/noble/t2']);
  });

  it('falls back to #1, #2 when no labels are given', async () => {
    const csv = await render('csv', two(), { metric: 'opsPerSec' });
    expect(csv.split('\n')[1]).toMatch(/^#1,bench-01,/);
    expect(csv.split('\n').at(-1)).toMatch(/^#2,bench-02,/);
  });
});
