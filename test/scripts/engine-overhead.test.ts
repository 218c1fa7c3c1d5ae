/**
 * scripts/engine-overhead.ts: its flags, and how it spreads a wave's recorded work over as many
 * direct tasks as the engine sent (no work lost, none invented, blocks kept whole).
 */
import { describe, expect, it } from 'vitest';
import { directShares, parseOptions, spreadEvenly, workMismatch } from '../../scripts/engine-overhead.js';
import { zeroWork, type WorkCounts } from '../../src/consensus/messages.js';

const work = (w: Partial<WorkCounts>): WorkCounts => ({ ...zeroWork(), ...w });

describe('engine-overhead options', () => {
  it('fills defaults and reads every flag', () => {
    expect(parseOptions([])).toEqual({ pairs: 5, warmup: 2, nodes: 64, txs: 256, threads: 2 });
    expect(parseOptions(['--pairs', '7', '--warmup', '0', '--nodes', '16', '--txs', '8', '--threads', '1'])).toEqual({
      pairs: 7,
      warmup: 0,
      nodes: 16,
      txs: 8,
      threads: 1,
    });
  });

  it('names the flag and the bad value', () => {
    expect(() => parseOptions(['--pairs', '0'])).toThrow('--pairs must be an integer >= 1, got 0');
    expect(() => parseOptions(['--warmup', '-1'])).toThrow('--warmup must be an integer >= 0, got -1');
    expect(() => parseOptions(['--nodes', '3'])).toThrow('--nodes must be an integer >= 4, got 3');
    expect(() => parseOptions(['--txs', '2.5'])).toThrow('--txs must be an integer >= 1, got 2.5');
    expect(() => parseOptions(['--threads'])).toThrow('--threads must be an integer >= 1, got nothing');
    expect(() => parseOptions(['--rounds', '3'])).toThrow('unknown argument --rounds');
    expect(() => parseOptions(['5'])).toThrow('unknown argument 5');
  });
});

describe('engine-overhead work splitting', () => {
  it('spreads a total evenly, larger shares first, summing to the total', () => {
    expect(spreadEvenly(10, 4)).toEqual([3, 3, 2, 2]);
    expect(spreadEvenly(3, 5)).toEqual([1, 1, 1, 0, 0]);
    expect(spreadEvenly(0, 2)).toEqual([0, 0]);
    const shares = spreadEvenly(3969, 64);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(3969);
    expect(Math.max(...shares) - Math.min(...shares)).toBe(1);
    expect(() => spreadEvenly(5, 0)).toThrow('parts must be a positive integer, got 0');
    expect(() => spreadEvenly(-1, 2)).toThrow('total must be an integer >= 0, got -1');
  });

  it('gives PBFT n = 64 wave 2 one pre-prepare and one whole block per backup', () => {
    const shares = directShares(
      work({ voteVerifications: 63, txVerifications: 63 * 256, merkleRoots: 63, signatures: 63 }),
      63,
      256,
    );
    expect(shares).toHaveLength(63);
    expect(shares.every((s) => s.verifications === 1 && s.blocks === 1 && s.signatures === 1)).toBe(true);
  });

  it('keeps every operation of a wave and refuses work a direct task cannot redo', () => {
    const w = work({ voteVerifications: 4032, signatures: 64 });
    const shares = directShares(w, 64, 256);
    expect(shares.reduce((n, s) => n + s.verifications, 0)).toBe(4032);
    expect(shares.reduce((n, s) => n + s.signatures, 0)).toBe(64);
    expect(shares.reduce((n, s) => n + s.blocks, 0)).toBe(0);
    expect(() => directShares(work({ merkleRoots: 2, txVerifications: 500 }), 2, 256)).toThrow(
      'txVerifications must be merkleRoots × 256 = 512, got 500',
    );
    expect(() => directShares(work({ aggregateVerifications: 1 }), 2, 256)).toThrow('got aggregateVerifications = 1');
  });

  it('names each kind of operation on which the two paths differ', () => {
    const a = work({ voteVerifications: 10, signatures: 2, txVerifications: 256, merkleRoots: 1 });
    expect(workMismatch(a, { ...a })).toBeNull();
    expect(workMismatch(a, { ...a, signatures: 1, merkleRoots: 0 })).toBe(
      'signatures: engine 2, direct 1; merkleRoots: engine 1, direct 0',
    );
  });
});
