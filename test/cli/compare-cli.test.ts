import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync, ROOT, tempDir } from '../helpers.js';
import { SINGLE_RUN_FLOOR_PCT } from '../../src/compare/verdict.js';

// End to end on the compiled CLI with the hand-made fixtures (see test/fixtures/results/generate.mjs
// for the verdict each case is built to get).
const F = (name: string) => join(ROOT, 'test', 'fixtures', 'results', name);
const lines = (s: string) => s.trim().split('\n');
// The fixtures are single runs built to get each verdict from 3–20% changes: a 2% single-run
// floor lets those through (the default floor has its own cases).
const LOW_FLOOR = ['--single-run-floor', '2'];

/** base.json with every case changed by `edit`, written to a temp file. */
function derived(name: string, edit: (c: Record<string, unknown>) => Record<string, unknown> | null): string {
  const r = JSON.parse(readFileSync(F('base.json'), 'utf8')) as { cases: Record<string, unknown>[] };
  r.cases = r.cases.map(edit).filter((c) => c !== null);
  const file = join(tempDir(), name);
  writeFileSync(file, JSON.stringify(r));
  return file;
}
const errored = (c: Record<string, unknown>) => {
  const { metrics: _, ...rest } = c;
  return { ...rest, status: 'errored', error: 'worker crashed' };
};

// Every test reads the fixtures and writes only files of its own: two at a time, each waiting on
// its CLI processes (vitest.config.ts).
describe.concurrent('chainmark compare', () => {
  it('compares machines: header with differences, ratios, scores and missing cases', async () => {
    const r = await cliAsync(['compare', F('base.json'), F('other-machine.json')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/differs: host, CPU, cores, memory, Node, commit, fingerprint, seed/);
    expect(r.stdout).toMatch(/hash\/sha256\/node\/1KiB\/t1 .*×2\.000 faster/);
    // Shared: hash ×2, verify ×1.5, sign ×1, spin ×1.25, keccak ×1 → (2 · 1.5 · 1 · 1.25 · 1)^(1/5) = 3.75^(1/5) = 1.303
    expect(r.stdout).toMatch(/score other-machine\.json: 1\.303, geometric mean of ratios over 5 shared cases/);
    expect(r.stdout).toMatch(/merkle\/sha256\/node\/1024leaves\/t1: missing from other-machine\.json/);
    expect(r.stdout).toMatch(/seed differs/);
  });

  it('writes json, csv and markdown', async () => {
    const json = await cliAsync(['compare', F('base.json'), F('current-regressed.json'), '--format', 'json']);
    expect(json.status).toBe(0);
    const c = JSON.parse(json.stdout) as { cases: { id: string }[]; incomplete: { id: string }[] };
    expect(c.cases).toHaveLength(6);
    expect(c.incomplete.map((i) => i.id).sort()).toEqual([
      'hash/keccak256/node/1KiB/t1',
      'merkle/sha256/node/1024leaves/t1',
    ]);
    const csv = await cliAsync(['compare', F('base.json'), F('current-regressed.json'), '--format', 'csv']);
    expect(lines(csv.stdout)[0]).toBe('case,file,status,opsPerSec_median,ci95_lo,ci95_hi,ratio,mark');
    expect(lines(csv.stdout)).toHaveLength(1 + 6 * 2);
    const md = await cliAsync(['compare', F('base.json'), F('current-regressed.json'), '--format', 'md']);
    expect(md.stdout).toMatch(/^### chainmark compare/);
    expect(md.stdout).toMatch(/^\| case \|/m);
  });

  it.each([
    ['not-a-result.json', /not a chainmark result file/],
    ['future-version.json', /schema is version "2"; this chainmark reads only version 1/],
  ])('refuses %s with exit 2 and one line naming the file', async (name, message) => {
    const r = await cliAsync(['compare', F('base.json'), F(name)]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain(F(name));
    expect(r.stderr).toMatch(message);
  });

  it('does not mark single-run differences within the floor, and says so', async () => {
    // verify is 20% faster with 95% intervals apart: marked at a 10% floor, not at 25%.
    const row = async (floor: string) =>
      lines(
        (await cliAsync(['compare', F('base.json'), F('current-regressed.json'), '--single-run-floor', floor])).stdout,
      ).find((l) => l.startsWith('verify/ed25519/node/t1 '))!;
    expect(await row('10')).toMatch(/×1\.200 faster/);
    expect(await row('25')).toMatch(/×1\.200$/);
    const r = await cliAsync(['compare', F('base.json'), F('current-regressed.json'), '--single-run-floor', '25']);
    expect(r.stdout).toMatch(/between single runs: not marked faster or slower/);
    const bad = await cliAsync(['compare', F('base.json'), F('current-regressed.json'), '--single-run-floor', 'x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--single-run-floor must be a number between 0 and 1000, got "x"/);
  });

  it('does not call a different warm-up outcome a parameter difference', async () => {
    const warm = (ms: number) => (c: Record<string, unknown>) => ({ ...c, warmup: { ms, steady: true } });
    const r = await cliAsync(['compare', derived('a.json', warm(943)), derived('b.json', warm(1329))]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/parameters differ|warmup/);
  });

  it('refuses a file that is not JSON, and one that does not exist', async () => {
    const dir = tempDir();
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, 'not json at all');
    for (const file of [junk, join(dir, 'absent.json')]) {
      const r = await cliAsync(['compare', F('base.json'), file]);
      expect(r.status).toBe(2);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toContain(file);
    }
  });
});

describe.concurrent('chainmark check', () => {
  it('exits 1 on a regression and shows every verdict', async () => {
    const r = await cliAsync([
      'check',
      '--baseline',
      F('base.json'),
      '--current',
      F('current-regressed.json'),
      ...LOW_FLOOR,
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/hash\/sha256\/node\/1KiB\/t1 .*-20\.0% .*REGRESSION/);
    expect(r.stdout).toMatch(/verify\/ed25519\/node\/t1 .*\+20\.0% .*improvement/);
    expect(r.stdout).toMatch(/spin\/sha256\/node\/1000rounds\/t1 .*-10\.0% .*20%\* .*unchanged/);
    // Ok in the baseline, missing or errored now: each fails the gate with its reason.
    expect(r.stdout).toMatch(/^LOST, failing the gate \(2\):$/m);
    expect(r.stdout).toMatch(/merkle\/sha256\/node\/1024leaves\/t1: missing from the current run/);
    expect(r.stdout).toMatch(
      /hash\/keccak256\/node\/1KiB\/t1: errored: worker crashed in the current run; ok in the baseline/,
    );
    expect(r.stdout).toMatch(/^FAIL: 1 regression, 2 lost, 1 improvement, 2 unchanged, 0 inconclusive, 0 not gated$/m);
  });

  it('exits 0 when nothing regressed', async () => {
    const r = await cliAsync([
      'check',
      '--baseline',
      F('base.json'),
      '--current',
      F('current-same.json'),
      '--single-run-floor',
      '0',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^PASS: 0 regressions/m);
    expect(r.stdout).not.toMatch(/DIFFERENT MACHINES/);
  });

  it('holds single runs to the default floor: no PASS, no failure, for changes within it', async () => {
    const same = await cliAsync(['check', '--baseline', F('base.json'), '--current', F('current-same.json')]);
    expect(same.status).toBe(0);
    expect(same.stdout).toMatch(new RegExp(`single runs: ±${SINGLE_RUN_FLOOR_PCT}% floor`));
    expect(same.stdout).toMatch(/^NO VERDICT: no case could be decided; 0 regressions, 0 lost, /m);
    expect(same.stdout).not.toMatch(/PASS/);
    // A −20% single-run change is inconclusive at a 25% floor, a regression at 10%.
    const at = async (floor: string) =>
      JSON.parse(
        (
          await cliAsync([
            'check',
            '--baseline',
            F('base.json'),
            '--current',
            F('current-regressed.json'),
            '--single-run-floor',
            floor,
            '--format',
            'json',
          ])
        ).stdout,
      ) as { cases: { id: string; verdict: string }[] };
    const hash = async (floor: string) =>
      (await at(floor)).cases.find((c) => c.id === 'hash/sha256/node/1KiB/t1')!.verdict;
    expect(await hash('25')).toBe('inconclusive');
    expect(await hash('10')).toBe('regression');
  });

  it.each([
    ['every case errored', errored],
    ['every case skipped', (c: Record<string, unknown>) => ({ ...errored(c), status: 'skipped' })],
    ['no cases', () => null],
    [
      'no samples',
      (c: Record<string, unknown>) => {
        const metrics = c.metrics as { opsPerSec: { samples: number[] } };
        return { ...c, metrics: { ...metrics, opsPerSec: { ...metrics.opsPerSec, samples: [] } } };
      },
    ],
  ])('fails, and does not say PASS, when the current run has %s', async (name, edit) => {
    const current = derived(`${name.replace(/ /g, '-')}.json`, edit);
    const r = await cliAsync(['check', '--baseline', F('base.json'), '--current', current]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^FAIL: the current run measured nothing; 0 regressions, 6 lost, /m);
    expect(r.stdout).not.toMatch(/PASS/);
  });

  it('writes JSON and appends the markdown table to GITHUB_STEP_SUMMARY', async () => {
    const summary = join(tempDir(), 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = await cliAsync(
      [
        'check',
        '--baseline',
        F('base.json'),
        '--current',
        F('current-regressed.json'),
        '--format',
        'json',
        ...LOW_FLOOR,
      ],
      { env: { GITHUB_STEP_SUMMARY: summary } },
    );
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { counts: Record<string, number>; exitCode: number };
    expect(report.counts).toEqual({ regression: 1, improvement: 1, unchanged: 2, inconclusive: 0 });
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n### chainmark check: ❌ FAIL')).toBe(true);
    expect(md).toMatch(/^\| case \| baseline \| current \| change \| threshold \| p \| n \| verdict \|$/m);
    expect(md).toMatch(/\| hash\/sha256\/node\/1KiB\/t1 \| .* \| \*\*REGRESSION\*\* \|/);
  });

  it('warns loudly about different machines', async () => {
    const r = await cliAsync(['check', '--baseline', F('base.json'), '--current', F('other-machine.json')]);
    expect(r.stdout).toMatch(/!!! DIFFERENT MACHINES: baseline fingerprint fp-aaaaaaaaaaaa, current fp-bbbbbbbbbbbb/);
    expect(r.stdout).toMatch(/same-runner comparison \(scripts\/ab\.sh\)/);
  });

  it('is inconclusive with three samples and says how many are needed', async () => {
    const r = await cliAsync([
      'check',
      '--baseline',
      F('base.json'),
      '--current',
      F('few-samples.json'),
      '--format',
      'md',
    ]);
    // The other five cases of the baseline are missing from that file: lost, so the gate fails.
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^\*\*Lost, failing the gate \(5\)\*\*$/m);
    expect(r.stdout).toMatch(/inconclusive \(needs 5 samples\/side\)/);
    expect(r.stdout).toMatch(/needs ≥ 5 samples per side to reach alpha 0\.01 \(has 5 and 3\)/);
  });

  it('gates another metric when asked', async () => {
    const r = await cliAsync([
      'check',
      '--baseline',
      F('base.json'),
      '--current',
      F('current-regressed.json'),
      '--metric',
      'bytesPerSec',
      ...LOW_FLOOR,
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/gating bytesPerSec \(higher is better\)/);
    expect(r.stdout).toMatch(/verify\/ed25519\/node\/t1: no bytesPerSec in the baseline/);
  });

  it.each([
    [['--alpha', '0'], /--alpha must be a number strictly between 0 and 1/],
    [['--alpha', '1.5'], /--alpha must be a number strictly between 0 and 1/],
    [['--threshold', '-1'], /--threshold must be a number between 0 and 1000/],
    [['--single-run-floor', '-5'], /--single-run-floor must be a number between 0 and 1000, got -5/],
    [
      ['--metric', 'opsPerSecond'],
      /--metric names a metric no case has: "opsPerSecond" \(metrics with a known direction here: opsPerSec, latencyMs, bytesPerSec\)/,
    ],
    [['--format', 'html'], /Invalid values/],
  ])('refuses bad flags %j with exit 2', async (flags, message) => {
    const r = await cliAsync(['check', '--baseline', F('base.json'), '--current', F('current-same.json'), ...flags]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('refuses a bad current file with exit 2, naming it', async () => {
    const r = await cliAsync(['check', '--baseline', F('base.json'), '--current', F('not-a-result.json')]);
    expect(r.status).toBe(2);
    expect(lines(r.stderr)).toEqual([expect.stringContaining(`${F('not-a-result.json')}: schema must be`)]);
  });
});

describe.concurrent('chainmark report --format gab', () => {
  it('prints github-action-benchmark JSON and names the tool to use', async () => {
    const r = await cliAsync(['report', F('base.json'), '--format', 'gab']);
    expect(r.status).toBe(0);
    const entries = JSON.parse(r.stdout) as {
      name: string;
      unit: string;
      value: number;
      range: string;
      extra: string;
    }[];
    expect(entries).toHaveLength(6);
    expect(entries[0]).toMatchObject({ name: 'hash/sha256/node/1KiB/t1', unit: 'ops/s', value: 1000 });
    // The median's own interval, labelled with its confidence (docs/ci-gate.md).
    expect(entries[0]!.range).toMatch(/^[\d.]+–[\d.]+ \([\d.]+% CI of the median\)$/);
    expect(r.stderr).toMatch(/tool: 'customBiggerIsBetter'/);
  });

  it('writes a time metric to a file, for customSmallerIsBetter', async () => {
    const out = join(tempDir(), 'sub', 'gab.json');
    const r = await cliAsync(['report', F('base.json'), '--format', 'gab', '--metric', 'latencyMs', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/customSmallerIsBetter/);
    const entries = JSON.parse(readFileSync(out, 'utf8')) as { unit: string }[];
    expect(entries.every((e) => e.unit === 'ms')).toBe(true);
  });

  it('refuses an unknown format and a metric of unknown direction', async () => {
    expect((await cliAsync(['report', F('base.json'), '--format', 'pdf'])).status).toBe(2);
    const r = await cliAsync(['report', F('base.json'), '--format', 'gab', '--metric', 'batch']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no known direction/);
  });
});

describe.concurrent('chainmark merge', () => {
  it('merges runs so check sees every sample', async () => {
    const out = join(tempDir(), 'merged.json');
    const r = await cliAsync(['merge', F('base.json'), F('current-same.json'), '--out', out]);
    expect(r.status).toBe(0);
    const merged = JSON.parse(readFileSync(out, 'utf8')) as {
      cases: { id: string; metrics?: { opsPerSec: { samples: number[] } } }[];
    };
    expect(merged.cases.find((c) => c.id === 'hash/sha256/node/1KiB/t1')!.metrics!.opsPerSec.samples).toHaveLength(10);
    const check = await cliAsync([
      'check',
      '--baseline',
      out,
      '--current',
      F('current-regressed.json'),
      '--format',
      'json',
    ]);
    const report = JSON.parse(check.stdout) as { cases: { id: string; n: number[] }[] };
    expect(report.cases.find((c) => c.id === 'hash/sha256/node/1KiB/t1')!.n).toEqual([10, 5]);
  });

  it('refuses to merge different machines', async () => {
    const r = await cliAsync(['merge', F('base.json'), F('other-machine.json'), '--out', join(tempDir(), 'm.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/other-machine\.json: system\.fingerprint .*one machine only/);
  });
});
