import { describe, expect, it } from 'vitest';
import { bytesPerSec, duration, INVALID, si } from '../../src/format/table.js';
import { ciHalfWidthPct } from '../../src/format/tables.js';

describe('number formatters of non-negative quantities', () => {
  it('format positive values with SI suffixes and time units', () => {
    expect(si(1234)).toBe('1.23k');
    expect(si(3.77e3)).toBe('3.77k');
    expect(bytesPerSec(2.5e9)).toBe('2.50GB/s');
    expect(duration(0.0005)).toBe('500 ns');
    expect(duration(29.7)).toBe('29.7 ms');
    expect(duration(0)).toBe('0 ns');
  });

  it('show a negative value as invalid instead of printing it as a measurement', () => {
    // The figures a t-interval of the mean once produced: "-892 – 3.77k tx/s", "-7022117 ns – 29.7 ms".
    expect(si(-892)).toBe(INVALID);
    expect(si(-1.5e6)).toBe(INVALID);
    expect(duration(-7.022117)).toBe(INVALID);
    expect(duration(-2500)).toBe(INVALID);
    expect(bytesPerSec(-1)).toBe(INVALID);
    for (const text of [si(-892), duration(-7.022117), bytesPerSec(-1)]) expect(text).not.toMatch(/-\d/);
  });

  it('treat negative zero as zero', () => {
    expect(si(-0)).toBe('0.00');
    expect(duration(-0)).toBe('0 ns');
  });
});

describe('ciHalfWidthPct', () => {
  it('is ± percent of the midpoint without a centre', () => {
    // [95, 105]: half-width 5 over centre 100 → ±5.0%
    expect(ciHalfWidthPct([95, 105])).toBe('±5.0%');
    expect(ciHalfWidthPct(null)).toBe('');
  });

  it('gives each end its own distance from an off-centre figure', () => {
    // median 100 in [90, 120]: −10% and +20%
    expect(ciHalfWidthPct([90, 120], 100)).toBe('-10.0%/+20.0%');
    // symmetric to 0.1%: one figure
    expect(ciHalfWidthPct([97, 103.04], 100)).toBe('±3.0%');
  });

  it('calls an interval below zero or reversed invalid, and never prints ±0.0% for none', () => {
    expect(ciHalfWidthPct([-892, 3770], 1400)).toBe('invalid');
    expect(ciHalfWidthPct([5, 4], 4.5)).toBe('invalid');
    expect(ciHalfWidthPct([Number.NaN, 4], 3)).toBe('invalid');
    expect(ciHalfWidthPct(null, 500)).toBe('');
  });
});
