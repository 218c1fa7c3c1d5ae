import { describe, expect, it } from 'vitest';
import { EXPORTERS, findExporter } from '../../src/report/exporters.js';
import { gabEntries, gabTool } from '../../src/report/gab.js';
import { InputError } from '../../src/core/errors.js';
import { failedCase, okCase, resultFile } from '../compare/build.js';

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
    // Half the width of the median's CI (three samples: t on the log scale): ln x has sd 0.0100004,
    // half width 4.303 · 0.0100004 / √3 = 0.0248443 → e^(4.605137 ± 0.0248443) = [97.5429, 102.512]
    // → (102.512 − 97.5429) / 2 = 2.4846
    expect(e.range).toBe('± 2.4846');
    expect(e.extra).toMatch(/median of 3 samples/);
    expect(e.extra).toMatch(/cpu EPYC/);
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
    expect(() => gabEntries([r], 'bytesPerSec')).toThrow(/no ok case has/);
  });
});
