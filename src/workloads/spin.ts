import { equalBytes, seededBytes } from './inputs.js';
import type { HashImpl, PreparedWorkload } from './types.js';

/**
 * A synthetic workload of tunable cost: `rounds` chained SHA-256 compressions of a 32-byte state.
 * Its cost is linear in `rounds`, so a scenario can make it exactly 10% dearer to test the CI gate.
 */
export function spin(impl: HashImpl, start: Uint8Array, rounds: number): Uint8Array {
  let state = start;
  for (let r = 0; r < rounds; r++) state = impl.hash(state);
  return state;
}

export function spinStart(seed: number | string): Uint8Array {
  return seededBytes(seed, 'spin-start', 32);
}

export function prepareSpin(impl: HashImpl, start: Uint8Array, rounds: number, expected: Uint8Array): PreparedWorkload {
  let last: Uint8Array = new Uint8Array(0);
  return {
    run: () => {
      last = spin(impl, start, rounds);
    },
    verifyRun: () => (equalBytes(last, expected) ? null : 'spin result changed during the timed run'),
  };
}
