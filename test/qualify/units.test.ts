import { describe, expect, it } from 'vitest';
import { fromBase, MEASURE_DIMENSION, toBase, UNITS, unitsOf } from '../../src/qualify/units.js';
import { MEASURES } from '../../src/results/qualification.js';

describe('units', () => {
  it('decimal prefixes are powers of 1000, binary ones of 1024', () => {
    expect(toBase(1, 'GB')).toBe(1e9);
    expect(toBase(1, 'GiB')).toBe(2 ** 30);
    expect(toBase(2, 'TB')).toBe(2e12);
    expect(toBase(950, 'MiB/s')).toBe(950 * 2 ** 20);
    expect(toBase(500, 'MB/s')).toBe(5e8);
    expect(toBase(637.62, 'KiB/s')).toBeCloseTo(637.62 * 1024, 9);
    expect(toBase(2.8, 'GHz')).toBeCloseTo(2.8e9, 3);
    expect(toBase(1, 'Gbit/s')).toBe(1e9);
  });
  it('fromBase undoes toBase', () => {
    for (const unit of Object.keys(UNITS)) expect(fromBase(toBase(3.5, unit), unit)).toBeCloseTo(3.5, 12);
  });
  it('every measure has a dimension, and every dimension but flags has units', () => {
    for (const m of MEASURES) {
      const d = MEASURE_DIMENSION[m];
      expect(d).toBeDefined();
      if (d !== 'flag') expect(unitsOf(d).length).toBeGreaterThan(0);
    }
    expect(unitsOf('byte-rate')).toEqual(['KiB/s', 'MB/s', 'MiB/s', 'GB/s', 'GiB/s']);
  });
  it('an unknown unit is an error, not a silent factor', () => {
    expect(() => toBase(1, 'parsecs')).toThrow(/unknown unit "parsecs"/);
  });
});
