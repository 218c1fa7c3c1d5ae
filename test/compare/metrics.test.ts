import { describe, expect, it } from 'vitest';
import {
  formatMetric,
  metricDirection,
  readMetric,
  registerMetric,
  registeredMetrics,
} from '../../src/compare/metrics.js';
import { failedCase, okCase } from './build.js';

describe('metric direction registry', () => {
  it('knows rates are higher-is-better and times lower-is-better', () => {
    expect(metricDirection('opsPerSec')).toBe('higher');
    expect(metricDirection('bytesPerSec')).toBe('higher');
    expect(metricDirection('latencyMs')).toBe('lower');
  });

  it('knows the consensus metrics by name', () => {
    expect(metricDirection('hostRoundMs')).toBe('lower');
    expect(metricDirection('modeledRoundMs')).toBe('lower');
    expect(metricDirection('committedTxPerSec')).toBe('higher');
  });

  it('never guesses from a name pattern', () => {
    // Names that look like rates or times but are not registered have no direction.
    expect(metricDirection('gossipMsgsPerSec')).toBeUndefined();
    expect(metricDirection('viewChangeMs')).toBeUndefined();
    expect(metricDirection('scalingEfficiency')).toBeUndefined();
  });

  it('takes new metrics as data', () => {
    registerMetric({ name: 'testOnlyFinalityMs', direction: 'lower', unit: 'ms', description: 'test' });
    expect(metricDirection('testOnlyFinalityMs')).toBe('lower');
    expect(registeredMetrics()).toContain('testOnlyFinalityMs');
  });
});

describe('readMetric', () => {
  it('reads a Rate with its CI and samples', () => {
    const v = readMetric(okCase('a', [10, 20, 30]), 'opsPerSec')!;
    expect(v.median).toBe(20);
    expect(v.samples).toEqual([10, 20, 30]);
    expect(v.ci95).not.toBeNull();
  });

  it('reads a latency summary as its p50, without samples', () => {
    expect(readMetric(okCase('a', [1, 2]), 'latencyMs')).toEqual({ median: 1, ci95: null, samples: null, runs: null });
  });

  it('reads a bare number, and nothing from absent metrics or failed cases', () => {
    expect(readMetric(okCase('a', [1, 2]), 'batch')).toEqual({ median: 1, ci95: null, samples: null, runs: null });
    expect(readMetric(okCase('a', [1, 2]), 'scalingEfficiency')).toBeUndefined(); // null in the file
    expect(readMetric(okCase('a', [1, 2]), 'bytesPerSec')).toBeUndefined();
    expect(readMetric(failedCase('b'), 'opsPerSec')).toBeUndefined();
  });

  it('formats by unit', () => {
    expect(formatMetric('opsPerSec', 1234)).toBe('1.23k ops/s');
    expect(formatMetric('latencyMs', 1.5)).toBe('1.50 ms');
    expect(formatMetric('unregisteredThing', 12)).toBe('12.0');
  });
});
