import { describe, expect, it } from 'vitest';
import { runPlan } from '../../src/run/runner.js';
import { readResultFile } from '../../src/results/reader.js';
import { tempDir } from '../helpers.js';
import { PBFT_SERIES } from '../report/published-fixtures.js';

const run = (published?: (typeof PBFT_SERIES)[]) =>
  runPlan({
    plan: { scenario: { name: 'p', file: 'p.json' }, seed: 1, cases: [], ...(published ? { published } : {}) },
    argv: [],
    out: { dir: tempDir(), file: 'p.json' },
    anonymize: true,
    backends: new Map(),
    backendModules: [],
    kinds: [],
  });

describe('the result file of a run', () => {
  it('records the published measurements of its plan, and reads back with them', async () => {
    const { result, path } = await run([PBFT_SERIES]);
    expect(result.published).toEqual([PBFT_SERIES]);
    expect(readResultFile(path!).published).toEqual([PBFT_SERIES]);
  });

  it('has no published field when the plan cites none', async () => {
    const { result } = await run();
    expect(result).not.toHaveProperty('published');
  });
});
