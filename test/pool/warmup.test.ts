import { describe, expect, it } from 'vitest';
import measure from '../../src/pool/worker.js';
import type { MeasureRequest } from '../../src/pool/messages.js';

/** One in-process measurement of sha256 over 32 bytes on noble: a 20 ms minimum warm-up, two short windows. */
function request(steadyWarmup?: boolean): MeasureRequest {
  return {
    spec: { op: 'hash', algorithm: 'sha256', backend: 'noble', sizeBytes: 32 },
    seed: 1,
    warmupMs: 20,
    ...(steadyWarmup === undefined ? {} : { steadyWarmup }),
    timeMs: 10,
    repeat: 2,
    threads: 1,
    barrier: new SharedArrayBuffer(4 * 3),
    backendModules: [],
  };
}

describe('the worker’s warm-up', () => {
  it('by default runs past the minimum until the rate is steady: at least three 40 ms blocks after it', async () => {
    const r = await measure(request());
    if (!r.ok) throw new Error(r.reason);
    expect(r.warmup.ms).toBeGreaterThanOrEqual(20 + 3 * 40);
    expect(r.windows).toHaveLength(2);
  });

  it('with steadyWarmup false stops at the minimum, claims no steady state, and still measures', async () => {
    const r = await measure(request(false));
    if (!r.ok) throw new Error(r.reason);
    expect(r.warmup.steady).toBe(false);
    expect(r.warmup.ms).toBeGreaterThanOrEqual(20);
    expect(r.warmup.ms).toBeLessThan(20 + 3 * 40);
    expect(r.windows).toHaveLength(2);
    expect(r.windows.every((w) => w.ops > 0)).toBe(true);
  });
});
