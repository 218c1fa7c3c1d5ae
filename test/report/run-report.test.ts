import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/results/reader.js';
import { findExporter } from '../../src/report/exporters.js';
import { CLI, ROOT, cli, cliAsync, tempDir } from '../helpers.js';
import { REPORT_FIXTURE } from './fixture.js';
import { HISTORY, HISTORY_DIR } from './history.js';

const FAST = ['--threads', '1', '--time', '40', '--repeat', '3', '--warmup', '10', '--no-progress'];
const dir = tempDir('chainmark-report-');
const scenario = join(dir, 'tiny.json');
writeFileSync(
  scenario,
  JSON.stringify({
    name: 'tiny',
    seed: 5,
    cases: [{ op: 'hash', algorithms: ['sha256'], sizes: [32], backends: ['node'] }],
  }),
);

/** What the exporter makes of a result file, as the CLI writes it. */
const expected = async (format: string, resultPath: string, label: string) =>
  String(await findExporter(format)!.render([readResultFile(resultPath)], { metric: 'opsPerSec', labels: [label] })) +
  '\n';

describe('chainmark run --report writes reports beside the result', () => {
  const out = join(dir, 'r.json');
  let first: ReturnType<typeof cli>;
  let second: ReturnType<typeof cli>;
  let firstMd = '';

  beforeAll(() => {
    first = cli(['run', scenario, ...FAST, '--out', out, '--report', 'md,csv', '--report', 'openmetrics,html']);
    firstMd = readFileSync(join(dir, 'r.md'), 'utf8');
    // A result file is never replaced; the reports of the first run stay beside the second's.
    rmSync(out);
    second = cli(['run', scenario, ...FAST, '--out', out, '--report', 'md']);
  }, 120_000);

  it('names each report on stderr after the result', () => {
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr.trimEnd().split('\n').slice(-5)).toEqual([
      `result: ${out}`,
      `report: ${join(dir, 'r.md')}`,
      `report: ${join(dir, 'r.csv')}`,
      `report: ${join(dir, 'r.om')}`,
      `report: ${join(dir, 'r.html')}`,
    ]);
  });

  it('each report is the exporter output for the result file', async () => {
    // r.json now holds the second run, whose report is r-2.md.
    expect(readFileSync(join(dir, 'r.csv'), 'utf8').split('\n')[1]).toMatch(
      /^r\.json,[^,]*,[0-9a-f]{16},hash\/sha256\/node\/32B\/t1,hash,sha256,node,sizeBytes,32,1,ok,opsPerSec,ops\/s,/,
    );
    expect(firstMd).toMatch(/^### chainmark: tiny on /);
    expect(firstMd).toMatch(/^\| hash\/sha256\/node\/32B \| 1 \| /m);
    expect(readFileSync(join(dir, 'r.om'), 'utf8')).toMatch(/# EOF\n$/);
    // The HTML page: self-contained, with the run's chart drawn as inline SVG.
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|src="http/);
    expect(readFileSync(join(dir, 'r-2.md'), 'utf8')).toBe(await expected('md', out, 'r.json'));
  });

  it('never overwrites: a second run writes r-2.md and leaves r.md as it was', () => {
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toContain(`report: ${join(dir, 'r-2.md')}`);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe(firstMd);
    expect(readdirSync(dir).filter((f) => f.startsWith('.chainmark-tmp-'))).toEqual([]);
  });

  it('refuses an unknown format before running anything (exit 2)', () => {
    const bad = join(dir, 'bad.json');
    const r = cli(['run', scenario, ...FAST, '--out', bad, '--report', 'md,pdf']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--report must list names from md, csv, json, openmetrics, prometheus, gab.*got "pdf"/);
    expect(existsSync(bad)).toBe(false);
  });

  it('an interrupted run still reports what it measured', async () => {
    const sub = tempDir('chainmark-report-int-');
    const long = join(sub, 'long.json');
    writeFileSync(
      long,
      JSON.stringify({
        name: 'long',
        seed: 5,
        cases: [
          { op: 'hash', algorithms: ['sha256', 'sha512', 'sha3-256', 'ripemd160'], sizes: [32], backends: ['node'] },
        ],
      }),
    );
    const resultPath = join(sub, 'i.json');
    const child = spawn(
      process.execPath,
      [
        CLI,
        'run',
        long,
        '--threads',
        '1',
        '--time',
        '300',
        '--repeat',
        '3',
        '--warmup',
        '10',
        '--out',
        resultPath,
        '--report',
        'md',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1', CI: 'true' },
      },
    );
    let stderr = '';
    let sent = false;
    // Interrupt once, after the first case has finished (the non-live progress line names it): a second SIGINT would leave at once.
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!sent && /\[1\/4\] \S+ ok/.test(stderr)) sent = child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(130);
    const result = readResultFile(resultPath);
    expect(result.run.status).toBe('interrupted');
    expect(stderr).toContain(`report: ${join(sub, 'i.md')}`);
    const md = readFileSync(join(sub, 'i.md'), 'utf8');
    expect(md).toContain('run interrupted');
    expect(md).toBe(await expected('md', resultPath, 'i.json'));
  }, 120_000);
});

// `report` only reads the fixtures, and each test writes a file of its own if any: two at a time
// (vitest.config.ts).
describe.concurrent('chainmark report with several files', () => {
  const base = join(ROOT, 'test', 'fixtures', 'results', 'base.json');

  it('csv labels rows by file; md has one section per file', async () => {
    const csv = await cliAsync(['report', REPORT_FIXTURE, base, '--format', 'csv']);
    expect(csv.status, csv.stderr).toBe(0);
    const files = new Set(
      csv.stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',').slice(0, 2).join(',')),
    );
    expect([...files]).toEqual(['report.json,bench-01', 'base.json,runner-a']);
    const md = await cliAsync(['report', REPORT_FIXTURE, base, '--format', 'md']);
    expect(md.stdout.match(/^### .*/gm)).toEqual([
      '### report.json: report-fixture on bench-01',
      '### base.json: fixture on runner-a',
    ]);
  });

  it('json is an array for several files and the result itself for one', async () => {
    const many = JSON.parse((await cliAsync(['report', REPORT_FIXTURE, base, '--format', 'json'])).stdout) as unknown[];
    expect(many).toHaveLength(2);
    const one = JSON.parse((await cliAsync(['report', REPORT_FIXTURE, '--format', 'json'])).stdout) as {
      schema: string;
    };
    expect(one.schema).toBe('chainmark/result@1');
  });

  it('writes --out and refuses a bad file with exit 2', async () => {
    const target = join(dir, 'metrics.om');
    const r = await cliAsync(['report', REPORT_FIXTURE, '--format', 'openmetrics', '--out', target]);
    expect(r.status).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(
      readFileSync(join(ROOT, 'test', 'report', 'expected', 'report.om'), 'utf8'),
    );
    const bad = await cliAsync([
      'report',
      REPORT_FIXTURE,
      join(ROOT, 'test', 'fixtures', 'results', 'not-a-result.json'),
      '--format',
      'md',
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not-a-result\.json.*not a chainmark result file/);
  });

  it('bencher and otava read a history of files; otava refuses two machines with exit 2 and no output', async () => {
    const files = HISTORY.map((h) => join(HISTORY_DIR, h.label));
    for (const format of ['bencher', 'otava']) {
      const r = await cliAsync(['report', ...files, '--format', format]);
      expect(r.status, r.stderr).toBe(0);
      const want = String(
        await findExporter(format)!.render(
          files.map((f) => readResultFile(f)),
          { metric: 'opsPerSec', labels: HISTORY.map((h) => h.label) },
        ),
      );
      expect(r.stdout).toBe(want + '\n');
      expect(r.stderr).toMatch(new RegExp(`^${format}: `, 'm'));
    }
    const mixed = await cliAsync([
      'report',
      REPORT_FIXTURE,
      join(ROOT, 'test', 'fixtures', 'results', 'other-machine.json'),
      '--format',
      'otava',
    ]);
    expect(mixed.status).toBe(2);
    expect(mixed.stdout).toBe('');
    expect(mixed.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(mixed.stderr).toMatch(/other-machine\.json: system\.fingerprint is /);
  });
});
