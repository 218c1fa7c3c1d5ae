import { describe, expect, it } from 'vitest';
import { EXPORTERS, findExporter } from '../../src/report/exporters.js';
import { gabEntries, gabTool } from '../../src/report/gab.js';
import { InputError } from '../../src/core/errors.js';
import { failedCase, okCase, resultFile } from '../compare/build.js';
import { reportFixture } from './fixture.js';

describe('github-action-benchmark export', () => {
  const r = resultFile([okCase('hash/sha256/node/1KiB/t1', [99, 100, 101]), failedCase('sign/ed25519/node/t1')], {
    cpu: 'EPYC',
  });

  it('writes an array of {name, unit, value, range, extra}, one per measured case', () => {
    const entries = gabEntries([r], 'opsPerSec');
    expect(entries).toHaveLength(1);
    const e = entries[0]!;
    expect(Object.keys(e).sort()).toEqual(['extra', 'name', 'range', 'unit', 'value']);
    expect(e).toMatchObject({ name: 'hash/sha256/node/1KiB/t1', unit: 'ops/s', value: 100 });
    expect(e.extra).toMatch(/median of 3 samples/);
    expect(e.extra).toMatch(/cpu EPYC/);
  });

  it("gives the median's own interval as the range, and says what it is", () => {
    // Skewed samples: the median (100) sits near the bottom; a t-interval of the mean (≈ 125.4 ±
    // 2.447·sd/√7) would be centred far above it. Seven samples: [min, max] is the narrowest pair of
    // order statistics that covers the median with probability ≥ 95% (1 − 2/128).
    const skewed = resultFile([okCase('hash/sha256/node/1KiB/t1', [100, 98, 101, 99, 180, 200, 100])]);
    const [e] = gabEntries([skewed], 'opsPerSec');
    expect(e!.value).toBe(100);
    expect(e!.range).toBe('98–200 (95% CI of the median)');
    expect(e!.extra).toContain('range: samples 1 and 7 of 7 in order');
    // Three samples 99, 100, 101: t on the log scale, exp(4.605137 ± 4.303 · 0.0100004 / √3).
    const [three] = gabEntries([r], 'opsPerSec');
    expect(three!.range).toBe('97.5429–102.512 (95% CI of the median)');
    expect(three!.extra).toContain('range: t-interval on the log scale of 3 samples');
  });

  it('counts what a latency p50 comes from, and one sample has no range', () => {
    const [lat] = gabEntries([r], 'latencyMs');
    expect(lat!.extra).toMatch(/^p50 of 10 observations;/);
    expect(lat!.extra).not.toContain('?');
    const one = resultFile([okCase('hash/sha256/node/1KiB/t1', [100])]);
    const [e] = gabEntries([one], 'opsPerSec');
    expect(e!.range).toBeUndefined();
    expect(e!.extra).toMatch(/^median of 1 samples;/);
  });

  it("maps direction to the action's tool", () => {
    expect(gabTool('opsPerSec')).toBe('customBiggerIsBetter');
    expect(gabTool('latencyMs')).toBe('customSmallerIsBetter');
    expect(() => gabTool('mystery')).toThrow(InputError);
  });

  it('exports a time metric without a range when it has no CI', () => {
    const [e] = gabEntries([r], 'latencyMs');
    expect(e).toMatchObject({ unit: 'ms', value: 1 });
    expect(e!.range).toBeUndefined();
  });

  it('is registered as the gab exporter and renders JSON text', () => {
    expect(EXPORTERS.map((x) => x.name)).toContain('gab');
    const parsed: unknown = JSON.parse(findExporter('gab')!.render([r], { metric: 'opsPerSec' }));
    expect(Array.isArray(parsed)).toBe(true);
  });

  it('refuses a metric no case has', () => {
    expect(() => gabEntries([r], 'bytesPerSec')).toThrow(/names a metric no case has: "bytesPerSec"/);
  });

  it('a consensus-only file with the default metric names the metrics it does have', () => {
    const consensusOnly = reportFixture();
    consensusOnly.cases = consensusOnly.cases.filter((c) => c.kind === 'consensus');
    expect(() => gabEntries([consensusOnly], 'opsPerSec')).toThrow(
      /--metric names a metric no case has: "opsPerSec" \(metrics with a known direction here: hostRoundMs, modeledRoundMs, modeledCommitMs, committedTxPerSec, modeledCommittedTxPerSec\)/,
    );
  });
});
