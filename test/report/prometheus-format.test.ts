import { describe, expect, it } from 'vitest';
import { escapeHelp } from '../../src/report/prometheus.js';
import { parseExposition, type ParsedSample } from './exposition.js';
import { reportFixture } from './fixture.js';
import { OPENMETRICS_FIXTURES, exposition, qualificationResult } from './openmetrics-fixtures.js';

const key = (s: ParsedSample): string =>
  `${s.name}${JSON.stringify(Object.entries(s.labels).sort(([a], [b]) => (a < b ? -1 : 1)))} ${s.value}`;

describe('the Prometheus 0.0.4 export', () => {
  it.each(OPENMETRICS_FIXTURES)('%s: valid 0.0.4, with the very samples of the OpenMetrics export', (_, make) => {
    const results = make();
    const prom = parseExposition(exposition(results, undefined, 'prometheus'), 'prometheus');
    const om = parseExposition(exposition(results));
    expect(prom.samples.map(key)).toEqual(om.samples.map(key));
    expect([...prom.families].map(([n, f]) => [n, f.type, f.help])).toEqual(
      [...om.families].map(([n, f]) => [n, f.type, f.help]),
    );
  });

  it('writes HELP before TYPE, and neither UNIT nor # EOF', () => {
    const text = exposition([reportFixture()], undefined, 'prometheus');
    const meta = text.split('\n').filter((l) => l.startsWith('#'));
    expect(meta.slice(0, 2)).toEqual([
      '# HELP chainmark_run_info The run and machine behind the other series; always 1',
      '# TYPE chainmark_run_info gauge',
    ]);
    for (let i = 0; i < meta.length; i += 2) {
      expect(meta[i]).toMatch(/^# HELP (\w+) /);
      expect(meta[i + 1]).toBe(`# TYPE ${/^# HELP (\w+) /.exec(meta[i]!)![1]} ${meta[i + 1]!.split(' ').at(-1)}`);
    }
    expect(text).not.toMatch(/^# (UNIT|EOF)/m);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('escapes only backslash and line feed in HELP (a \\" is a parse error in 0.0.4)', () => {
    expect(escapeHelp('say "hi"\\ now\nthen')).toBe('say "hi"\\\\ now\\nthen');
    expect(() => parseExposition('# HELP a say \\"hi\\"\n# TYPE a gauge\na 1\n', 'prometheus')).toThrow(
      /invalid escape/,
    );
    expect(() => parseExposition('# TYPE a gauge\n# UNIT a x\na 1\n', 'prometheus')).toThrow(/UNIT/);
    expect(() => parseExposition('# TYPE a gauge\na 1\n# EOF\n', 'prometheus')).toThrow(/EOF/);
  });

  it('gives every summary series its _count and _sum (mean × count), so no reader fills in a 0', () => {
    const { samples } = parseExposition(exposition([reportFixture()], undefined, 'prometheus'), 'prometheus');
    const of = (name: string) =>
      samples.find(
        (s) => s.name === name && s.labels.case === 'consensus/pbft/node/n16/t1' && s.labels.clock === 'modeled',
      )?.value;
    const r = reportFixture().cases.find((c) => c.id === 'consensus/pbft/node/n16/t1')!;
    const modeled = (r.metrics as { modeledRoundMs: { mean: number; count: number } }).modeledRoundMs;
    expect(of('chainmark_round_seconds_count')).toBe(modeled.count);
    expect(of('chainmark_round_seconds_sum')).toBeCloseTo((modeled.mean * modeled.count) / 1000, 12);
    const quantileSeries = new Set(
      samples
        .filter((s) => s.labels.quantile !== undefined)
        .map((s) => JSON.stringify({ ...s.labels, quantile: undefined })),
    );
    for (const suffix of ['_count', '_sum']) {
      const totals = new Set(
        samples.filter((s) => s.name.endsWith(suffix)).map((s) => JSON.stringify({ ...s.labels, quantile: undefined })),
      );
      expect(totals).toEqual(quantileSeries);
    }
  });

  it('exports qualification verdicts and margins, found by profile and requirement', () => {
    const { samples } = parseExposition(exposition([qualificationResult()], undefined, 'prometheus'), 'prometheus');
    const pass = samples.filter((s) => s.name === 'chainmark_qualification_pass');
    expect(pass.map((s) => [s.labels.profile, s.labels.requirement, s.labels.verdict, s.value])).toEqual([
      ['chain-a', 'memory', 'pass', 1],
      ['chain-b', 'cores', 'fail', 0],
      ['chain-a', 'network', 'not-measured', 0],
      ['chain-a', 'sr25519', 'not-comparable', 0],
      ['chain-a', 'avx2', 'pass', 1],
    ]);
    const margin = samples.filter((s) => s.name === 'chainmark_qualification_margin_ratio');
    // Only requirements decided by a number have a margin: memory (3 samples: median and CI) and cores (one sample).
    expect(margin.map((s) => [s.labels.requirement, s.labels.stat])).toEqual([
      ['memory', 'median'],
      ['memory', 'ci95_lo'],
      ['memory', 'ci95_hi'],
      ['cores', 'median'],
    ]);
    expect(margin[0]!.value).toBe(1.25);
    expect(margin[3]!.value).toBe(0.5);
    expect(margin[1]!.value).toBeLessThan(1.25);
    expect(margin[2]!.value).toBeGreaterThan(1.25);
    // case_ok covers them too: the not-measured requirement is skipped.
    const ok = samples.filter((s) => s.name === 'chainmark_case_ok');
    expect(ok.map((s) => [s.labels.requirement, s.labels.status, s.value])).toEqual([
      ['memory', 'ok', 1],
      ['cores', 'ok', 1],
      ['network', 'skipped', 0],
      ['sr25519', 'ok', 1],
      ['avx2', 'ok', 1],
    ]);
  });
});
