import { describe, expect, it } from 'vitest';
import { BENCHER_NAME_MAX, bencherMeasure, bencherReport } from '../../src/report/bencher.js';
import { EXPORTERS, findExporter } from '../../src/report/exporters.js';
import { InputError } from '../../src/core/errors.js';
import { reportFixture, withHost } from './fixture.js';
import { history, historyLabels } from './history.js';

/**
 * Bencher Metric Format as its reference page describes it (bencher.dev/docs/reference/
 * bencher-metric-format): a JSON object of benchmarks (non-empty names, at most 1024 characters),
 * each an object of measures (non-empty, at most 64 characters), each an object with a numeric
 * `value` and optional numeric `lower_value` and `upper_value`, nothing else. On top of the
 * format: every figure finite and not negative, and the bounds around the value.
 */
function checkBmf(
  text: string,
): Record<string, Record<string, { value: number; lower_value?: number; upper_value?: number }>> {
  const doc: unknown = JSON.parse(text);
  expect(doc !== null && typeof doc === 'object' && !Array.isArray(doc)).toBe(true);
  const report = doc as Record<string, unknown>;
  expect(Object.keys(report).length).toBeGreaterThan(0);
  for (const [benchmark, measures] of Object.entries(report)) {
    expect(benchmark.length).toBeGreaterThan(0);
    expect(benchmark.length).toBeLessThanOrEqual(1024);
    expect(typeof measures === 'object' && measures !== null && !Array.isArray(measures), benchmark).toBe(true);
    for (const [measure, metric] of Object.entries(measures as Record<string, unknown>)) {
      expect(measure).toMatch(/^.{1,64}$/);
      const m = metric as Record<string, unknown>;
      expect(
        Object.keys(m).every((k) => ['value', 'lower_value', 'upper_value'].includes(k)),
        `${benchmark} ${measure}`,
      ).toBe(true);
      for (const k of Object.keys(m)) {
        expect(typeof m[k]).toBe('number');
        expect(Number.isFinite(m[k]) && (m[k] as number) >= 0, `${benchmark} ${measure} ${k}`).toBe(true);
      }
      expect(typeof m.value).toBe('number');
      expect('lower_value' in m).toBe('upper_value' in m);
      if ('lower_value' in m) {
        expect(m.lower_value as number).toBeLessThanOrEqual(m.value as number);
        expect(m.upper_value as number).toBeGreaterThanOrEqual(m.value as number);
      }
    }
  }
  return report as ReturnType<typeof checkBmf>;
}

const render = (results = [reportFixture()], labels = ['report.json']) =>
  String(findExporter('bencher')!.render(results, { metric: 'opsPerSec', labels }));

describe('Bencher Metric Format export', () => {
  it('is registered as bencher and writes valid BMF JSON for the report fixture and a history', () => {
    expect(EXPORTERS.map((e) => e.name)).toContain('bencher');
    checkBmf(render());
    checkBmf(render(history(), historyLabels()));
  });

  it('puts ops/s and latency into the built-in measures in their units, the rest under their own names', () => {
    const bmf = checkBmf(render());
    expect(Object.keys(bmf)).toEqual([
      'hash/sha256/node/1KiB/t1',
      'verify/ed25519/noble/t2',
      'consensus/pbft/node/n4/t1',
      'consensus/pbft/node/n16/t1',
    ]);
    // Five opsPerSec samples 390000…410000: the median's 95% interval is t on the log scale
    // (medianCi95), the one every other view shows; bytes/s is the same interval × 1024.
    const sha = bmf['hash/sha256/node/1KiB/t1']!;
    expect(Object.keys(sha).sort()).toEqual(['bytes-per-sec', 'latency', 'throughput']);
    expect(sha.throughput!.value).toBe(400000);
    expect(sha.throughput!.lower_value).toBeCloseTo(390241.8333, 3);
    expect(sha.throughput!.upper_value).toBeCloseTo(409874.0342, 3);
    expect(sha['bytes-per-sec']!.lower_value! / 1024).toBeCloseTo(sha.throughput!.lower_value!, 6);
    expect(sha.latency).toEqual({ value: 2500 }); // p50 0.0025 ms in ns; a latency summary keeps no samples, so no bounds
    expect(bmf['verify/ed25519/noble/t2']!.latency).toEqual({ value: 1170000 });
    const round = bmf['consensus/pbft/node/n16/t1']!;
    expect(round['modeled-commit-ms']).toEqual({ value: 9.5 });
    expect(round['host-round-ms']!.value).toBe(250);
    expect(round['host-round-ms']!.lower_value).toBeCloseTo(226.2168, 3);
    expect(round['host-round-ms']!.upper_value).toBeCloseTo(275.9888, 3);
    expect(bencherMeasure('modeledCommittedTxPerSec').measure).toBe('modeled-committed-tx-per-sec');
  });

  it('leaves out cases that were not measured', () => {
    const bmf = checkBmf(render());
    expect(bmf['sign/bls12-381/noble/t1']).toBeUndefined();
    expect(bmf['hash/blake3/node/32B/t1']).toBeUndefined();
  });

  it('names each benchmark with its file when several are given', () => {
    const bmf = checkBmf(render([reportFixture(), withHost('bench-02')], ['a.json', 'b.json']));
    expect(Object.keys(bmf)).toContain('hash/sha256/node/1KiB/t1 [a.json]');
    expect(Object.keys(bmf)).toContain('hash/sha256/node/1KiB/t1 [b.json]');
  });

  it('refuses a file with no measured case, and a name longer than Bencher takes', () => {
    const empty = reportFixture();
    empty.cases = empty.cases.filter((c) => c.status !== 'ok');
    expect(() => bencherReport([empty], { metric: 'opsPerSec', labels: ['e.json'] })).toThrow(
      /^e\.json: cases have no ok case with a figure/,
    );
    const long = reportFixture();
    (long.cases[0] as { id: string }).id = 'x'.repeat(BENCHER_NAME_MAX + 1);
    expect(() => bencherReport([long], { metric: 'opsPerSec', labels: ['l.json'] })).toThrow(InputError);
    expect(() => bencherReport([long], { metric: 'opsPerSec', labels: ['l.json'] })).toThrow(
      /^l\.json: cases\[0\]\.id is 1025 characters/,
    );
  });
});
