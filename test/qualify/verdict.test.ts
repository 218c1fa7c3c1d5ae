import { describe, expect, it } from 'vitest';
import { decide, notComparable, type Figure } from '../../src/qualify/verdict.js';
import { summarizeRate } from '../../src/measure/stats.js';
import type { Requirement } from '../../src/results/qualification.js';

const source = { document: 'doc', url: 'https://example.org', date: '2026-01' };
const req = (over: Partial<Requirement>): Requirement => ({
  id: 'r',
  title: 't',
  measure: 'ed25519-verify',
  comparison: 'at-least',
  threshold: 1000,
  unit: 'ops/s',
  source,
  ...over,
});
const fig = (value: number, over: Partial<Figure> = {}): Figure => ({
  value,
  grade: 'native',
  by: 'node',
  label: 'x',
  ...over,
});

describe('decide: at-least', () => {
  it('passes at or above the threshold with margin measured ÷ required', () => {
    const d = decide(req({}), [fig(1500)]);
    expect(d.verdict).toBe('pass');
    expect(d.margin).toBeCloseTo(1.5, 12);
    expect(d.measured?.value).toBe(1500);
    expect(decide(req({}), [fig(1000)]).verdict).toBe('pass');
  });

  it('fails below it', () => {
    const d = decide(req({}), [fig(999)]);
    expect(d.verdict).toBe('fail');
    expect(d.margin).toBeCloseTo(0.999, 12);
  });

  it('is decided by the best figure, the others kept beside it', () => {
    const d = decide(req({}), [fig(400, { by: 'noble', grade: 'js' }), fig(1200, { by: 'sodium' }), fig(900)]);
    expect(d.measured?.by).toBe('sodium');
    expect(d.besides.map((b) => b.by).sort()).toEqual(['noble', 'node']);
  });

  it('converts the threshold unit: 1 GiB/s against 1.2e9 B/s', () => {
    const d = decide(req({ measure: 'memory-copy', threshold: 1, unit: 'GiB/s' }), [fig(1.2e9)]);
    expect(d.margin).toBeCloseTo(1.2e9 / 2 ** 30, 12);
    expect(d.measured?.value).toBeCloseTo(1.2e9 / 2 ** 30, 12);
    expect(d.measured?.unit).toBe('GiB/s');
  });
});

describe('decide: at-most (lower is better)', () => {
  const lower = req({ measure: 'ed25519-verify', comparison: 'at-most', threshold: 10, unit: 'ops/s' });
  it('margin is required ÷ measured, so above 1 still passes', () => {
    expect(decide(lower, [fig(5)]).margin).toBeCloseTo(2, 12);
    expect(decide(lower, [fig(5)]).verdict).toBe('pass');
    expect(decide(lower, [fig(20)]).verdict).toBe('fail');
    expect(decide(lower, [fig(20)]).margin).toBeCloseTo(0.5, 12);
  });
  it('the lowest figure decides', () => {
    expect(decide(lower, [fig(20), fig(8, { by: 'sodium' })]).measured?.by).toBe('sodium');
  });
});

describe('decide: native requirements', () => {
  const native = req({ grade: 'native' });
  it('a JavaScript figure alone is not comparable, however fast, and is shown', () => {
    const d = decide(native, [fig(5000, { grade: 'js', by: 'noble' }), fig(3000, { grade: 'wasm', by: 'wasm' })]);
    expect(d.verdict).toBe('not-comparable');
    expect(d.margin).toBeNull();
    expect(d.measured?.by).toBe('noble');
    expect(d.reason).toMatch(/native/);
  });
  it('a slower native figure decides over a faster JavaScript one', () => {
    const d = decide(native, [fig(5000, { grade: 'js', by: 'noble' }), fig(800, { by: 'sodium' })]);
    expect(d.verdict).toBe('fail');
    expect(d.measured?.by).toBe('sodium');
    expect(d.besides[0]?.by).toBe('noble');
  });
  it('host facts and tools count as native-grade', () => {
    expect(decide(native, [fig(2000, { grade: 'tool' })]).verdict).toBe('pass');
    expect(decide(native, [fig(2000, { grade: 'host' })]).verdict).toBe('pass');
  });
});

describe('decide: bounds', () => {
  const r = req({ measure: 'sha256-chain', threshold: 10e6, unit: 'hashes/s', grade: 'native' });
  it('a lower bound at or above the threshold passes', () => {
    const d = decide(r, [fig(12e6, { bound: 'lower' }), fig(30e6, { bound: 'upper' })]);
    expect(d.verdict).toBe('pass');
    expect(d.margin).toBeCloseTo(1.2, 12);
    expect(d.reason).toMatch(/lower bound/);
  });
  it('an upper bound below the threshold fails', () => {
    const d = decide(r, [fig(2e6, { bound: 'lower' }), fig(8e6, { bound: 'upper' })]);
    expect(d.verdict).toBe('fail');
    expect(d.margin).toBeCloseTo(0.8, 12);
  });
  it('between the bounds it cannot say', () => {
    const d = decide(r, [fig(3e6, { bound: 'lower' }), fig(21e6, { bound: 'upper' })]);
    expect(d.verdict).toBe('not-comparable');
    expect(d.margin).toBeNull();
  });
  it('an exact native figure wins over bounds', () => {
    expect(decide(r, [fig(3e6, { bound: 'lower' }), fig(9e6)]).verdict).toBe('fail');
  });
});

describe('decide: flags and nothing measured', () => {
  const flag = req({ measure: 'cpu-flag', flag: 'avx2', comparison: 'present' });
  delete (flag as Partial<Requirement>).threshold;
  delete (flag as Partial<Requirement>).unit;
  it('a flag passes when present and fails when absent, with no margin', () => {
    expect(decide(flag, [fig(1, { grade: 'host' })]).verdict).toBe('pass');
    const absent = decide(flag, [fig(0, { grade: 'host' })]);
    expect(absent.verdict).toBe('fail');
    expect(absent.margin).toBeNull();
  });
  it('no figure is not measured, with the reason given', () => {
    const d = decide(req({}), [], 'fio is not installed');
    expect(d.verdict).toBe('not-measured');
    expect(d.reason).toBe('fio is not installed');
  });
  it('a proxy figure is shown but never decides', () => {
    const d = notComparable(req({}), [fig(5000)], 'closest scheme');
    expect(d.verdict).toBe('not-comparable');
    expect(d.measured?.value).toBe(5000);
  });
});

describe('margin statistics', () => {
  it('each sample of the deciding figure becomes a margin sample', () => {
    const rate = summarizeRate([900, 1000, 1100, 1200, 1300]);
    const d = decide(req({}), [fig(rate.median, { rate })]);
    expect(d.marginRate?.samples).toEqual([0.9, 1, 1.1, 1.2, 1.3]);
    expect(d.marginRate?.median).toBeCloseTo(1.1, 12);
  });
  it('at-most inverts each sample', () => {
    const rate = summarizeRate([5, 10, 20]);
    const d = decide(req({ comparison: 'at-most', threshold: 10 }), [fig(10, { rate })]);
    expect(d.marginRate?.samples).toEqual([2, 1, 0.5]);
  });
});

describe('shown intervals', () => {
  it('the interval is shown only when it holds the figure (a tool average may lie outside its samples’ median CI)', () => {
    const rate = summarizeRate([100, 110, 120, 130, 140, 150]);
    const inside = decide(req({ threshold: 1, unit: 'ops/s' }), [fig(rate.median, { rate })]);
    expect(inside.measured?.ci95).not.toBeNull();
    const outside = decide(req({ threshold: 1, unit: 'ops/s' }), [fig(50, { rate })]);
    expect(outside.measured?.ci95).toBeNull();
  });
});
