/**
 * ConsensusPool.calibrateTogether: one primitive measurement on t workers of the consensus pool at
 * once, behind one barrier, for the parallel efficiency of validators with many cores. Needs the
 * compiled worker (npm run build).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ConsensusPool } from '../../src/consensus/pool.js';
import type { MeasureRequest } from '../../src/pool/messages.js';

const REPEAT = 2;

/** sha256 of 32 bytes on noble: a minimal warm-up and two 5 ms windows. */
function tinyRequest(threads: number): MeasureRequest {
  return {
    spec: { op: 'hash', algorithm: 'sha256', backend: 'noble', sizeBytes: 32 },
    seed: 1,
    warmupMs: 5,
    steadyWarmup: false,
    timeMs: 5,
    repeat: REPEAT,
    threads,
    barrier: new SharedArrayBuffer(4 * (REPEAT + 1)),
    backendModules: [],
  };
}

describe('ConsensusPool.calibrateTogether', () => {
  const pool = new ConsensusPool(2);
  afterAll(() => pool.destroy());

  it('at 2 threads: one response from each of 2 workers, each with its windows, all behind one barrier', async () => {
    const request = tinyRequest(2);
    const responses = await pool.calibrateTogether(request);
    expect(responses).toHaveLength(2);
    for (const r of responses) {
      if (!r.ok) throw new Error(`${r.status}: ${r.reason}`);
      expect(r.windows).toHaveLength(REPEAT);
      expect(r.windows.every((w) => w.ops > 0 && w.endMs > w.startMs)).toBe(true);
    }
    // Both workers arrived at every window's barrier (one worker could not be there twice at once);
    // the abort flag stayed down.
    expect([...new Int32Array(request.barrier)]).toEqual([2, 2, 0]);
  }, 30_000);

  it('refuses more threads than the pool has, before starting any', async () => {
    await expect(pool.calibrateTogether(tinyRequest(3))).rejects.toThrow(
      "threads must be an integer from 1 to the pool's 2, got 3",
    );
  });
});
