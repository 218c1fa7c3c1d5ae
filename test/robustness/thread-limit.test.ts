/**
 * Thread counts far beyond the machine are refused before any worker starts: one line naming
 * where the count came from, the value and the limit with its reason, exit code 2, no file.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_THREADS_PER_CPU, threadLimit } from '../../src/pool/pool.js';
import { tempDir } from '../helpers.js';
import { FAST, runCli, writeScenario } from './support.js';

const sha256 = { op: 'hash', algorithms: ['sha256'], sizes: [32], backends: ['node'] };
const noFlagThreads = FAST.filter((a, i) => a !== '--threads' && FAST[i - 1] !== '--threads');
/** The limit's text as the CLI prints it; free memory may differ a little between processes. */
const LIMIT =
  /more than the (\d+) threads allowed here \((\d+ × this machine's \d+ logical CPUs|[\d.]+ GiB of free memory at about 64 MB per worker)\)$/;

describe('thread counts far beyond the machine', () => {
  it.each([
    ["a scenario's threads", { threads: [1, 1000], cases: [sha256] }, 'threads'],
    ["a case's threads", { cases: [sha256, { ...sha256, threads: [1000] }] }, 'cases[1].threads'],
  ])('%s: refused naming the file and field, before anything runs', async (_, body, field) => {
    const dir = tempDir();
    const scenario = writeScenario(dir, 'many', body);
    const out = join(dir, 'r.json');
    const res = await runCli(['run', scenario, ...noFlagThreads, '--out', out]);
    expect(res.code, res.stderr).toBe(2);
    const line = res.stderr.trimEnd();
    expect(line.split('\n')).toHaveLength(1);
    expect(line.startsWith(`chainmark: ${scenario}: ${field} is 1000, more than the `)).toBe(true);
    expect(line).toMatch(LIMIT);
    expect(existsSync(out)).toBe(false);
  });

  it('--threads: refused naming the flag', async () => {
    const dir = tempDir();
    const res = await runCli([
      'run',
      writeScenario(dir, 'flag', { cases: [sha256] }),
      ...noFlagThreads,
      '--threads',
      '1,1000',
      '--out',
      join(dir, 'r.json'),
    ]);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(/^chainmark: command line: --threads is 1000, more than the \d+ threads allowed here/);
    expect(existsSync(join(dir, 'r.json'))).toBe(false);
  });
});

describe('threadLimit', () => {
  it(`allows ${MAX_THREADS_PER_CPU} threads per logical CPU when memory is plentiful`, () => {
    expect(threadLimit(2, 64 * 2 ** 30)).toEqual({ max: 16, why: "8 × this machine's 2 logical CPUs" });
    expect(threadLimit(availableParallelism(), 2 ** 40).max).toBe(MAX_THREADS_PER_CPU * availableParallelism());
  });

  it('allows fewer when free memory would not hold the workers', () => {
    expect(threadLimit(64, 2 ** 30)).toEqual({ max: 16, why: '1.0 GiB of free memory at about 64 MB per worker' });
    expect(threadLimit(64, 1).max).toBe(1);
  });
});
