import { describe, expect, it } from 'vitest';
import { firstFailure } from '../../src/primitive/run.js';
import type { MeasureResponse } from '../../src/pool/messages.js';

const ok: MeasureResponse = { ok: true, batch: 1, warmup: { ms: 1, steady: true }, windows: [] };
const peer: MeasureResponse = { ok: false, status: 'peer-aborted', reason: 'a peer worker failed' };

describe('the response that explains a failed primitive case', () => {
  it('is a worker’s own failure, never the abort notice of the peers it stopped', () => {
    const own: MeasureResponse = { ok: false, status: 'errored', reason: 'RangeError: boom' };
    expect(firstFailure([peer, own, peer])).toBe(own);
    expect(firstFailure([peer, { ok: false, status: 'failed-check', reason: 'wrong digest' }])?.status).toBe(
      'failed-check',
    );
  });

  it('is the worst of several: errored before failed-check before skipped', () => {
    const skipped: MeasureResponse = { ok: false, status: 'skipped', reason: 'no such digest' };
    const failed: MeasureResponse = { ok: false, status: 'failed-check', reason: 'wrong digest' };
    const errored: MeasureResponse = { ok: false, status: 'errored', reason: 'boom' };
    expect(firstFailure([skipped, failed, errored])).toBe(errored);
    expect(firstFailure([skipped, failed])).toBe(failed);
  });

  it('is none when every worker measured', () => {
    expect(firstFailure([ok, ok])).toBeUndefined();
  });
});
