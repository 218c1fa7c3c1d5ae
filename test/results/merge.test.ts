import { describe, expect, it } from 'vitest';
import { mergeResults, mergeValues } from '../../src/results/merge.js';
import { summarizeRate } from '../../src/measure/stats.js';
import { InputError } from '../../src/core/errors.js';
import { failedCase, loaded, okCase, resultFile } from '../compare/build.js';

describe('mergeResults', () => {
  it("concatenates each case's samples and recomputes the summary", () => {
    const a = loaded('a', resultFile([okCase('x', [1, 2, 3]), okCase('y', [5, 5, 5])]));
    const b = loaded('b', resultFile([okCase('x', [4, 5]), okCase('y', [6, 6, 6])]));
    const m = mergeResults([a, b]);
    const x = m.cases.find((c) => c.id === 'x')!;
    if (x.status !== 'ok') throw new Error('x should be ok');
    // Samples pooled; one median per run kept for the gate.
    expect((x.metrics as { opsPerSec: unknown }).opsPerSec).toEqual({
      ...summarizeRate([1, 2, 3, 4, 5]),
      runs: [2, 4.5],
    });
    // settings.repeat now counts every sample: 3 + 2.
    expect(x.settings.repeat).toBe(5);
    // totalOps adds up (10 + 10), wallMs too (100 + 100).
    expect((x.metrics as { totalOps: number }).totalOps).toBe(20);
    expect(x.wallMs).toBe(200);
    expect(m.run.argv).toEqual(['merge', 'a.json', 'b.json']);
  });

  it('keeps a failure rather than averaging it away, and notes cases some runs lack', () => {
    const a = loaded('a', resultFile([okCase('x', [1, 2, 3]), okCase('only-a', [1])]));
    const b = loaded('b', resultFile([failedCase('x')]));
    const m = mergeResults([a, b]);
    expect(m.cases.find((c) => c.id === 'x')).toMatchObject({ status: 'errored', error: 'in b: boom' });
    expect(m.warnings.map((w) => w.message)).toContain('merge: only-a is in 1 of 2 runs; merged from those');
  });

  it('refuses runs of different machines', () => {
    const a = loaded('a', resultFile([okCase('x', [1])]));
    const b = loaded('b', resultFile([okCase('x', [2])], { fingerprint: 'elsewhere' }));
    expect(() => mergeResults([a, b])).toThrow(InputError);
    expect(() => mergeResults([a, b])).toThrow(/b\.json: system\.fingerprint .*one machine only/);
  });

  it('combines latency summaries weighted by count and recomputes percentiles of rates that have them', () => {
    // (1·10 + 4·30)/40 = 130/40 = 3.25
    expect(
      mergeValues('latencyMs', [
        { mean: 1, p50: 1, p95: 1, p99: 1, count: 10 },
        { mean: 4, p50: 4, p95: 4, p99: 4, count: 30 },
      ]),
    ).toEqual({ mean: 3.25, p50: 3.25, p95: 3.25, p99: 3.25, count: 40 });
    const round = (samples: number[]) => ({ ...summarizeRate(samples), p50: 0, p95: 0, p99: 0, count: samples.length });
    const merged = mergeValues('hostRoundMs', [round([10, 20]), round([30, 40, 50])]) as {
      median: number;
      p50: number;
      count: number;
    };
    // Samples 10..50: median and p50 both 30, count 5.
    expect(merged).toMatchObject({ median: 30, p50: 30, count: 5 });
  });
  it('keeps one median per run, and a merge of merges keeps every original run', () => {
    const run = (label: string, samples: number[]) => loaded(label, resultFile([okCase('x', samples)]));
    const ab = mergeResults([run('a', [10, 11, 12]), run('b', [20, 21, 22])]);
    const cd = mergeResults([run('c', [30, 31, 32]), run('d', [40, 41, 42])]);
    const all = mergeResults([loaded('ab', ab), loaded('cd', cd), run('e', [50, 51, 52])]);
    const rate = (r: typeof all) =>
      (r.cases[0] as unknown as { metrics: { opsPerSec: { runs: number[]; samples: number[] } } }).metrics.opsPerSec;
    expect(rate(ab).runs).toEqual([11, 21]);
    expect(rate(all).runs).toEqual([11, 21, 31, 41, 51]);
    expect(rate(all).samples).toHaveLength(15);
  });
});
