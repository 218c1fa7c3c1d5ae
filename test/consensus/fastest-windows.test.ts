import { describe, expect, it } from 'vitest';
import { fastestWindows } from '../../src/consensus/pool.js';
import type { MeasureResponse } from '../../src/pool/messages.js';

/** A worker's response whose windows cost the given ms per operation (4 operations each). */
const worker = (...msPerOp: number[]): MeasureResponse => ({
  ok: true,
  batch: 1,
  warmup: { ms: 1, steady: true },
  windows: msPerOp.map((ms, i) => ({ ops: 4, startMs: 100 * i, endMs: 100 * i + 4 * ms, latencyMs: [] })),
});
const perOp = (r: MeasureResponse) => (r.ok ? r.windows.map((w) => (w.endMs - w.startMs) / w.ops) : []);

describe('calibration on every worker at once', () => {
  it('takes each window from the worker that did it fastest', () => {
    expect(perOp(fastestWindows([worker(2, 5, 3), worker(4, 1, 3.5)]))).toEqual([2, 1, 3]);
  });

  it('reports a worker’s own failure before a peer’s abort notice', () => {
    const own: MeasureResponse = { ok: false, status: 'errored', reason: 'boom' };
    const peer: MeasureResponse = { ok: false, status: 'peer-aborted', reason: 'a peer worker failed' };
    expect(fastestWindows([peer, own])).toBe(own);
    expect(fastestWindows([worker(1), peer])).toBe(peer);
  });
});
