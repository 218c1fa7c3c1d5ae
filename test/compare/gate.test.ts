import { describe, expect, it } from 'vitest';
import { busyWarning, gateResults } from '../../src/compare/gate.js';
import { renderGate } from '../../src/compare/render-gate.js';
import { InputError } from '../../src/core/errors.js';
import { mergeResults } from '../../src/results/merge.js';
import { failedCase, loaded, okCase, resultFile } from './build.js';

const five = [100, 101, 102, 103, 104]; // median 102
const shift = (k: number) => five.map((x) => x * k);
// A floor below the 15–20% changes these files are built with (the floor has its own tests).
const options = { metrics: ['opsPerSec'], alpha: 0.01, thresholdPct: 5, singleRunFloorPct: 10 };

describe('gateResults', () => {
  const baseline = loaded(
    'base',
    resultFile([
      okCase('slow', five),
      okCase('fast', five),
      okCase('tolerant', five, { thresholdPct: 30 }),
      okCase('gone', five),
      failedCase('broken'),
    ]),
  );
  const current = loaded(
    'head',
    resultFile([
      okCase('slow', shift(0.8)),
      okCase('fast', shift(1.2)),
      okCase('tolerant', shift(0.8)),
      okCase('broken', five),
      okCase('new', five),
    ]),
  );
  const r = gateResults(baseline, current, options);

  it('gives each shared case a verdict and fails on a regression', () => {
    expect(Object.fromEntries(r.cases.map((c) => [c.id, c.verdict]))).toEqual({
      slow: 'regression',
      fast: 'improvement',
      tolerant: 'unchanged',
    });
    expect(r.counts).toEqual({ regression: 1, improvement: 1, unchanged: 1, inconclusive: 0 });
    expect(r.exitCode).toBe(1);
  });

  it("uses a case's own thresholdPct over the default", () => {
    const t = r.cases.find((c) => c.id === 'tolerant')!;
    expect(t).toMatchObject({ thresholdPct: 30, thresholdFrom: 'case' });
    expect(t.changePct).toBeCloseTo(-20, 9);
  });

  it('lists what it could not gate, with why, and what the current run lost', () => {
    expect(r.notGated.map((n) => [n.id, n.reason])).toEqual([
      ['broken', 'not measured in the baseline: errored: boom; current ok'],
      ['new', 'missing from the baseline (base)'],
    ]);
    expect(r.lost.map((n) => [n.id, n.status, n.reason])).toEqual([
      ['gone', 'missing', 'missing from the current run (head); the baseline measured it'],
    ]);
  });

  it('passes when nothing regressed and nothing was lost', () => {
    const base = loaded('base', resultFile([okCase('slow', five), failedCase('broken')]));
    // Floor 0: identical single runs are then unchanged (at a floor they are inconclusive).
    const same = gateResults(base, loaded('same', resultFile([okCase('slow', five)])), {
      ...options,
      singleRunFloorPct: 0,
    });
    expect(same.outcome).toBe('pass');
    expect(same.exitCode).toBe(0);
    expect(renderGate(same, 'text')).toMatch(/^PASS: 0 regressions, 0 lost, /m);
    expect(same.sameHost).toBe(true);
    expect(same.warnings.some((w) => w.message.startsWith('DIFFERENT MACHINES'))).toBe(false);
  });

  it('says loudly when the files come from different machines', () => {
    const other = loaded('other', resultFile([okCase('slow', five)], { fingerprint: 'fp-other', cpu: 'Other CPU' }));
    const x = gateResults(baseline, other, options);
    expect(x.sameHost).toBe(false);
    expect(x.warnings[0]!.message).toMatch(
      /^DIFFERENT MACHINES: .*differ: CPU, fingerprint.*same-runner comparison \(scripts\/ab\.sh\)/,
    );
    const text = renderGate(x, 'text');
    expect(text.match(/!!! DIFFERENT MACHINES/g)).toHaveLength(2); // top and bottom
    expect(renderGate(x, 'md')).toMatch(/> \[!WARNING\]/);
  });

  it('does not gate a metric whose direction is unknown, or that keeps no samples', () => {
    const x = gateResults(baseline, current, { ...options, metrics: ['batch', 'latencyMs'] });
    expect(x.cases).toEqual([]);
    const reasons = new Set(x.notGated.filter((n) => n.id === 'slow').map((n) => n.reason));
    expect(reasons).toEqual(
      new Set([
        'direction of batch is unknown (not registered): not gated',
        'latencyMs keeps no samples, so it cannot be tested',
      ]),
    );
    // Nothing was decided, so no PASS; 'gone' (latencyMs in the baseline, missing now) still fails.
    expect(x.outcome).toBe('fail');
    expect(x.lost.map((l) => [l.id, l.metric])).toEqual([['gone', 'latencyMs']]);
  });

  it('refuses a metric that no case has, and a bad thresholdPct in a file', () => {
    expect(() => gateResults(baseline, current, { ...options, metrics: ['opsPerSecond'] })).toThrow(InputError);
    const bad = loaded('bad', resultFile([okCase('slow', five, { thresholdPct: -3 })]));
    expect(() => gateResults(baseline, bad, options)).toThrow(
      /bad\.json: cases\[0\]\.thresholdPct must be a number ≥ 0, got -3/,
    );
  });

  it('is inconclusive with three samples a side and names the number needed', () => {
    const few = gateResults(
      loaded('a', resultFile([okCase('x', [1, 2, 3])])),
      loaded('b', resultFile([okCase('x', [7, 8, 9])])),
      options,
    );
    expect(few.cases[0]).toMatchObject({ verdict: 'inconclusive', samplesNeeded: 5 });
    expect(renderGate(few, 'text')).toMatch(/inconclusive \(needs 5 samples\/side\)/);
    // Nothing decided: not a pass, but the current run measured its case, so not a failure either.
    expect(few.outcome).toBe('no-verdict');
    expect(few.exitCode).toBe(0);
    expect(renderGate(few, 'text')).toMatch(/^NO VERDICT: no case could be decided; 0 regressions/m);
    expect(renderGate(few, 'text')).not.toMatch(/PASS/);
  });
});

describe('a case the baseline measured and the current run did not', () => {
  const baseline = loaded('base', resultFile([okCase('x', five), okCase('y', five)]));
  const gate = (cases: ReturnType<typeof okCase>[]) =>
    gateResults(baseline, loaded('head', resultFile(cases)), options);
  const emptyMetrics = () => ({ ...okCase('x', five), metrics: {} }) as unknown as ReturnType<typeof okCase>;
  const noSamples = () => {
    const c = okCase('x', five) as { metrics: { opsPerSec: { samples: number[] } } };
    c.metrics.opsPerSec.samples = [];
    return c as unknown as ReturnType<typeof okCase>;
  };

  it.each([
    ['errored', failedCase('x', 'errored'), 'errored: boom in the current run; ok in the baseline'],
    ['failed-check', failedCase('x', 'failed-check'), 'failed-check: boom in the current run; ok in the baseline'],
    ['skipped', failedCase('x', 'skipped'), 'skipped: boom in the current run; ok in the baseline'],
    ['no-metric', emptyMetrics(), 'no opsPerSec in the current run; the baseline has it'],
    ['no-metric', noSamples(), "opsPerSec has no samples in the current run; the baseline's has 5"],
  ] as const)('fails the gate when it is %s', (status, lostCase, reason) => {
    const r = gate([lostCase, okCase('y', five)]);
    expect(r.lost).toEqual([{ id: 'x', metric: 'opsPerSec', status, reason }]);
    expect(r.counts.inconclusive).toBe(1); // y: identical single runs, within the floor
    expect(r.outcome).toBe('fail');
    expect(r.exitCode).toBe(1);
    const text = renderGate(r, 'text');
    expect(text).toContain(`LOST, failing the gate (1):\n  x: ${reason}`);
    expect(text).toMatch(/^FAIL: 0 regressions, 1 lost, 0 improvements, 0 unchanged, 1 inconclusive/m);
    expect(renderGate(r, 'md')).toMatch(/^### chainmark check: ❌ FAIL/);
  });

  it('fails when the current run has no cases, or none measured, and says it measured nothing', () => {
    for (const cases of [[], [failedCase('x'), failedCase('y', 'skipped')], [emptyMetrics()]]) {
      const r = gate(cases);
      expect(r.currentMeasuredNothing).toBe(true);
      expect(r.lost.map((l) => l.id)).toEqual(['x', 'y']);
      expect(r.exitCode).toBe(1);
      expect(renderGate(r, 'text')).toMatch(/^FAIL: the current run measured nothing; 0 regressions, 2 lost/m);
    }
  });

  it('fails when neither run measured anything: nothing gated, and nothing measured now', () => {
    const r = gateResults(
      loaded('base', resultFile([failedCase('x')])),
      loaded('head', resultFile([failedCase('x')])),
      options,
    );
    expect(r.cases).toEqual([]);
    expect(r.lost).toEqual([]);
    expect(r.exitCode).toBe(1);
    expect(renderGate(r, 'text')).not.toMatch(/PASS/);
  });

  it('does not say PASS when nothing could be gated, even though the current run measured its cases', () => {
    const r = gateResults(
      loaded('base', resultFile([failedCase('x')])),
      loaded('head', resultFile([okCase('x', five)])),
      options,
    );
    expect(r).toMatchObject({ outcome: 'no-verdict', exitCode: 0, currentMeasuredNothing: false });
    const text = renderGate(r, 'text');
    expect(text).toMatch(/^NO VERDICT: no case could be gated; /m);
    expect(text).not.toMatch(/PASS/);
    expect(renderGate(r, 'md')).toMatch(/^### chainmark check: ⚠️ NO VERDICT/);
  });
});

describe('single runs and the floor', () => {
  const at = (k: number) => five.map((x) => x * k);
  const pair = (k: number, floor: number) =>
    gateResults(loaded('a', resultFile([okCase('x', five)])), loaded('b', resultFile([okCase('x', at(k))])), {
      ...options,
      singleRunFloorPct: floor,
    });

  it('leaves a single-run change below the floor inconclusive, and does not fail', () => {
    // −20%, windows apart (p = 0.0079): a regression without the floor, inconclusive at ±25%.
    expect(pair(0.8, 0).cases[0]!.verdict).toBe('regression');
    const r = pair(0.8, 25);
    expect(r.cases[0]).toMatchObject({ verdict: 'inconclusive', floorPct: 25, unit: 'samples' });
    expect(r.exitCode).toBe(0);
    expect(renderGate(r, 'text')).toMatch(/inconclusive \(within ±25% single-run floor\)/);
    expect(r.warnings.find((w) => w.code === 'single-run-windows')!.message).toMatch(
      /a single-run change within ±25% is inconclusive/,
    );
  });

  it('still fails a single-run change beyond the floor', () => {
    const r = pair(0.7, 25);
    expect(r.cases[0]!.verdict).toBe('regression');
    expect(r.exitCode).toBe(1);
  });
});

describe('busyWarning', () => {
  it('warns when the load average exceeded the logical cores', () => {
    const r = resultFile([okCase('x', five)]);
    (r.system as unknown as { cpu: { logicalCores: number } }).cpu.logicalCores = 2;
    r.system.load = { before: [0.5, 0.4, 0.3], after: [1.9, 1, 1] };
    expect(busyWarning(loaded('quiet', r))).toBeNull();
    r.system.load = { before: [3.31, 2, 1], after: [1, 1, 1] };
    expect(busyWarning(loaded('busy', r))).toBe(
      "busy: load average reached 3.31 on 2 logical cores: the machine was busy, so differences may be the machine's, not the code's",
    );
  });
});

describe('gateResults on merged runs', () => {
  // Five runs a side. Within each run the windows are tight, but the runs themselves wander by
  // ±8%: the offsets a process carries. Pooled windows would make a 6% difference look certain.
  const offsets = [1.0, 0.92, 1.08, 0.95, 1.05];
  const runs = (label: string, scale: number, order: number[]) =>
    mergeResults(
      order.map((o, i) =>
        loaded(
          `${label}${i}`,
          resultFile([
            okCase(
              'x',
              [99, 100, 101, 100, 100].map((v) => v * scale * offsets[o]!),
            ),
          ]),
        ),
      ),
    );
  const merged = (label: string, scale: number, order: number[]) => loaded(label, runs(label, scale, order));

  it('tests one median per run when both sides were merged from several runs', () => {
    const r = gateResults(merged('a', 1, [0, 1, 2, 3, 4]), merged('b', 0.94, [2, 0, 4, 1, 3]), options);
    const x = r.cases[0]!;
    expect(x).toMatchObject({ unit: 'runs', n: [5, 5], verdict: 'unchanged' });
    expect(x.changePct).toBeCloseTo(-6, 6);
    expect(r.warnings.some((w) => w.message.includes('single runs'))).toBe(false);
  });

  it('the same numbers, pooled as windows of single runs, would have called a regression', () => {
    const pooled = (label: string, scale: number) =>
      loaded(
        label,
        resultFile([
          okCase(
            'x',
            offsets.flatMap((o) => [99, 100, 101, 100, 100].map((v) => v * scale * o)),
          ),
        ]),
      );
    const r = gateResults(pooled('a', 1), pooled('b', 0.85), options);
    expect(r.cases[0]).toMatchObject({ unit: 'samples', verdict: 'regression' });
    expect(
      r.warnings.some(
        (w) =>
          w.message.includes('1 of 1 verdicts test the measuring windows of single runs') &&
          w.message.includes('--pairs 5'),
      ),
    ).toBe(true);
  });

  it('still detects a real regression run by run', () => {
    const r = gateResults(merged('a', 1, [0, 1, 2, 3, 4]), merged('b', 0.7, [0, 1, 2, 3, 4]), options);
    expect(r.cases[0]).toMatchObject({ unit: 'runs', verdict: 'regression' });
    expect(r.exitCode).toBe(1);
  });

  it('falls back to windows when only one side was merged', () => {
    const r = gateResults(merged('a', 1, [0, 1, 2, 3, 4]), loaded('single', resultFile([okCase('x', five)])), options);
    expect(r.cases[0]!.unit).toBe('samples');
  });
});

describe('check markdown escapes what the result files say', () => {
  it('a hostile hostname, case id and warning render as text', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const file = (label: string) => {
      const broken = { ...failedCase('broken'), error: `\`${evil}\` | [link](javascript:alert(1))` } as ReturnType<
        typeof failedCase
      >;
      const r = resultFile([okCase(`x${evil}`, five), broken], { fingerprint: label === 'a' ? 'fp1' : 'fp2' });
      (r.system as { hostname: string }).hostname = evil;
      return loaded(label, r);
    };
    const md = renderGate(gateResults(file('a'), file('b'), options), 'md');
    expect(md).not.toContain('<img');
    // The error text is there (in the not-gated list), with its link syntax defused.
    expect(md).toContain('\\[link\\](javascript:alert(1))');
    expect(md).not.toMatch(/[^\\]\[link\]/);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
