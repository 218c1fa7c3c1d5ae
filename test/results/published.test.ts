import { describe, expect, it } from 'vitest';
import { validateResult } from '../../src/results/reader.js';
import { mergeResults } from '../../src/results/merge.js';
import { planFailedCases } from '../../src/run/only-failed.js';
import { InputError } from '../../src/core/errors.js';
import type { PublishedSeries } from '../../src/results/schema.js';
import { loaded } from '../compare/build.js';
import { PBFT_SERIES, consensusCase, pbftCases, publishedFile } from '../report/published-fixtures.js';

const FILE = 'results/r.json';
const fileWith = (published: unknown) => {
  const r = JSON.parse(JSON.stringify(publishedFile())) as Record<string, unknown>;
  r.published = published;
  return r;
};
const refusal = (published: unknown): string => {
  try {
    validateResult(fileWith(published), FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('the result was accepted');
};
const series = (over: Record<string, unknown>) => [{ ...structuredClone(PBFT_SERIES), ...over }];

describe('a result file’s published measurements', () => {
  it('are read as written, and a file without them still reads', () => {
    const raw = fileWith([PBFT_SERIES, { ...PBFT_SERIES, source: 'other', protocols: ['pbft', 'hotstuff'] }]);
    expect(validateResult(raw, FILE).published).toEqual(raw.published);
    const old = fileWith(undefined);
    delete old.published;
    expect(validateResult(old, FILE).published).toBeUndefined();
  });

  it('may carry fields a newer chainmark adds', () => {
    const raw = fileWith(series({ doi: '10.1/x', points: [{ nodes: 4, txPerSec: 5, p99Ms: 3 }] }));
    expect(validateResult(raw, FILE).published![0]!.points).toEqual([{ nodes: 4, txPerSec: 5, p99Ms: 3 }]);
  });

  it.each([
    [{}, 'published must be a list, got {}'],
    [[7], 'published[0] must be an object, got 7'],
    [series({ source: undefined }), 'published[0].source must be a string, got undefined'],
    [series({ source: '' }), 'published[0].source must name the source of the figures, got an empty string'],
    [series({ source: 's'.repeat(301) }), 'published[0].source must be at most 300 characters, got 301'],
    [series({ protocols: 'pbft' }), 'published[0].protocols must be a list of strings, got "pbft"'],
    [series({ protocols: [] }), 'published[0].protocols must name at least one protocol'],
    [series({ points: [] }), 'published[0].points must not be empty'],
    [series({ points: null }), 'published[0].points must be a list, got null'],
    [series({ points: [5] }), 'published[0].points[0] must be an object, got 5'],
    [series({ points: [{ nodes: 0, txPerSec: 1 }] }), 'published[0].points[0].nodes must be a positive integer, got 0'],
    [
      series({ points: [{ nodes: 4 }] }),
      'published[0].points[0] must give txPerSec, latencyMs or both, got {"nodes":4}',
    ],
    [
      series({ points: [{ nodes: 4, txPerSec: -3 }] }),
      'published[0].points[0].txPerSec must be a number greater than 0, got -3',
    ],
    [
      series({ points: [{ nodes: 4, latencyMs: 'fast' }] }),
      'published[0].points[0].latencyMs must be a number greater than 0, got "fast"',
    ],
    [
      series({
        points: [
          { nodes: 4, txPerSec: 1 },
          { nodes: 4, txPerSec: 2 },
        ],
      }),
      'published[0].points[1].nodes repeats 4, already given by published[0].points[0]',
    ],
  ])('refuses %j, naming the file and the field', (published, detail) => {
    expect(refusal(published)).toBe(`${FILE}: ${detail}`);
  });
});

describe('merge and --only-failed keep the published measurements', () => {
  it('merge keeps every run’s series, one that several runs cite once', () => {
    const other: PublishedSeries = { source: 'other', protocols: ['pbft'], points: [{ nodes: 4, latencyMs: 3 }] };
    const a = loaded('a', publishedFile());
    const b = loaded('b', publishedFile(pbftCases(), [structuredClone(PBFT_SERIES), other]));
    expect(mergeResults([a, b]).published).toEqual([PBFT_SERIES, other]);
    const none = publishedFile();
    delete none.published;
    expect(mergeResults([loaded('a', none), loaded('b', structuredClone(none))])).not.toHaveProperty('published');
  });

  it('a re-run of failed cases carries the series of the file it repeats', () => {
    const r = publishedFile([
      ...pbftCases(),
      consensusCase({ nodes: 256, txPerSec: 1, commitMs: 1, status: 'errored' }),
    ]);
    const plan = planFailedCases(r, FILE, ['node', 'noble']);
    expect(plan.cases.map((c) => c.id)).toEqual(['consensus/pbft/node/n256/t2']);
    expect(plan.published).toEqual([PBFT_SERIES]);
  });
});
