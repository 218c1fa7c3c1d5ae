/**
 * Failing work: a workload that throws, a worker that exits, one that runs out of its heap and one
 * that never returns each become an `errored` case with the reason, and the run goes on (exit 1).
 * --bail stops at the first failure; --case-timeout ends a stuck case. The misbehaving backends are
 * test-only --backend-module plugins (test/fixtures/backends/), correct on the main thread so they
 * pass the pre-timing checks and fail only inside the workers.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultWorkerMemoryMb } from '../../src/pool/pool.js';
import { readResultFile } from '../../src/results/reader.js';
import type { ResultFile } from '../../src/results/schema.js';
import { tempDir } from '../helpers.js';
import { BACKENDS_DIR, FAST, runCli, tempFilesIn, writeScenario, type Exited } from './support.js';

const plugin = (name: string) => ['--backend-module', join(BACKENDS_DIR, `${name}.mjs`)];
const sha256 = (backends: string[]) => ({ cases: [{ op: 'hash', algorithms: ['sha256'], sizes: [32], backends }] });
const byId = (r: ResultFile) => new Map(r.cases.map((c) => [c.id, c]));
const errorOf = (r: ResultFile, id: string) => {
  const c = byId(r).get(id);
  return c && c.status !== 'ok' ? `${c.status}: ${c.error}` : c?.status;
};

describe('every way a case can fail, in one run that goes on', () => {
  const dir = tempDir();
  const out = join(dir, 'r.json');
  let res: Exited;
  let result: ResultFile;
  let elapsedMs: number;

  beforeAll(async () => {
    const scenario = writeScenario(
      dir,
      'failing',
      sha256(['noble', 'throwing', 'exiting', 'runaway', 'hanging', 'node']),
    );
    const t0 = Date.now();
    // With progress lines (CI=true prints one per finished case).
    res = await runCli([
      'run',
      scenario,
      ...FAST.filter((a) => a !== '--no-progress'),
      '--out',
      out,
      ...plugin('throwing'),
      ...plugin('exiting'),
      ...plugin('runaway'),
      ...plugin('hanging'),
      '--case-timeout',
      '2',
      '--worker-memory',
      '64',
    ]);
    elapsedMs = res.endedAt - t0;
    result = readResultFile(out);
  }, 120_000);

  it('exits 1 at the end, with every case recorded and the run complete', () => {
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(result.run.status).toBe('complete');
    expect(result.run.stopReason).toBeUndefined();
    expect(result.cases.map((c) => c.id)).toEqual(
      ['noble', 'throwing', 'exiting', 'runaway', 'hanging', 'node'].map((b) => `hash/sha256/${b}/32B/t1`),
    );
    expect(tempFilesIn(dir)).toEqual([]);
  });

  it('a workload that throws: errored with its error', () => {
    expect(errorOf(result, 'hash/sha256/throwing/32B/t1')).toBe(
      'errored: RangeError: deliberate failure inside the workload',
    );
  });

  it('a worker that calls process.exit: errored with the exit code', () => {
    expect(errorOf(result, 'hash/sha256/exiting/32B/t1')).toBe('errored: worker failed: worker exited with code: 7');
  });

  it('a worker that exceeds --worker-memory: errored, naming the limit', () => {
    expect(errorOf(result, 'hash/sha256/runaway/32B/t1')).toMatch(
      /^errored: worker failed: Worker terminated due to reaching memory limit: JS heap out of memory \(each worker's heap is limited to 64 MB; see --worker-memory\)$/,
    );
  });

  it('a worker that never returns: errored by --case-timeout, and the run moves on', () => {
    expect(errorOf(result, 'hash/sha256/hanging/32B/t1')).toBe('errored: timed out after 2 s');
    const hanging = byId(result).get('hash/sha256/hanging/32B/t1')!;
    expect(hanging.wallMs).toBeGreaterThanOrEqual(2000);
    expect(hanging.wallMs).toBeLessThan(10_000);
  });

  it('cases before and after the failures are measured normally', () => {
    expect(errorOf(result, 'hash/sha256/noble/32B/t1')).toBe('ok');
    expect(errorOf(result, 'hash/sha256/node/32B/t1')).toBe('ok');
    // The progress lines say the same as the file.
    expect(res.stderr).toMatch(/^\[4\/6\] hash\/sha256\/runaway\/32B\/t1 errored: worker failed: .*memory limit/m);
    expect(res.stderr).toMatch(/^\[6\/6\] hash\/sha256\/node\/32B\/t1 ok$/m);
    expect(elapsedMs).toBeLessThan(60_000);
  });
});

// Alone: with --case-timeout 2 the cases that should pass must finish within 2 s too.
describe('--case-timeout with a worker stuck in a system call', () => {
  it('errors the case, stops the run as failed, writes the file and ends the process', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'never-written');
    execFileSync('mkfifo', [fifo]);
    const out = join(dir, 'r.json');
    const scenario = writeScenario(dir, 'stuck', sha256(['noble', 'blocked', 'node']));
    const t0 = Date.now();
    const res = await runCli(['run', scenario, ...FAST, '--out', out, ...plugin('blocked'), '--case-timeout', '2'], {
      CHAINMARK_TEST_FIFO: fifo,
    });
    // Ended by SIGTERM's default action: process.exit would wait for the stuck thread forever.
    expect(res.signal === 'SIGTERM' || res.code === 143, `${res.code} ${res.signal}`).toBe(true);
    expect(res.endedAt - t0).toBeLessThan(60_000);
    expect(res.stderr).toContain('a worker thread is stuck in a system call and cannot be stopped');
    const result = readResultFile(out);
    expect(result.cases.map((c) => `${c.id} ${c.status}`)).toEqual([
      'hash/sha256/noble/32B/t1 ok',
      'hash/sha256/blocked/32B/t1 errored',
    ]);
    expect(errorOf(result, 'hash/sha256/blocked/32B/t1')).toBe(
      'errored: timed out after 2 s; its worker is stuck in a system call and could not be stopped',
    );
    expect(result.run.status).toBe('failed');
    expect(result.run.stopReason).toBe(
      'case hash/sha256/blocked/32B/t1: its worker is stuck in a system call and could not be stopped; 2 of 3 cases completed, 1 not run',
    );
    expect(result.run.notRun?.map((c) => c.id)).toEqual(['hash/sha256/node/32B/t1']);
    expect(tempFilesIn(dir)).toEqual([]);
  }, 90_000);
});

// The runs from here on have no case timeout and are independent (a temp dir each): two at a
// time (vitest.config.ts), each waiting on one core or on a dead worker.
describe.concurrent('--bail', () => {
  it('stops at the first failed case: the rest are not run, and the run says so', async () => {
    const dir = tempDir();
    const out = join(dir, 'r.json');
    const scenario = writeScenario(dir, 'bail', sha256(['noble', 'throwing', 'node']));
    const res = await runCli(['run', scenario, ...FAST, '--out', out, ...plugin('throwing'), '--bail']);
    expect(res.code, res.stderr).toBe(1);
    const result = readResultFile(out);
    expect(result.run.status).toBe('failed');
    expect(result.cases.map((c) => `${c.id} ${c.status}`)).toEqual([
      'hash/sha256/noble/32B/t1 ok',
      'hash/sha256/throwing/32B/t1 errored',
    ]);
    const reason = '--bail: case hash/sha256/throwing/32B/t1 errored; 2 of 3 cases completed, 1 not run';
    expect(result.run.stopReason).toBe(reason);
    expect(res.stderr).toContain(`stopped: ${reason}\n`);
  });

  it('without failures changes nothing', async () => {
    const dir = tempDir();
    const out = join(dir, 'r.json');
    const res = await runCli(['run', writeScenario(dir, 'bail-ok', sha256(['node'])), ...FAST, '--out', out, '--bail']);
    expect(res.code, res.stderr).toBe(0);
    expect(readResultFile(out).run.status).toBe('complete');
  });
});

describe.concurrent('a worker that dies while its peer waits at the start barrier', () => {
  it('errors its case at once, and the next case on the same thread count runs normally', async () => {
    const dir = tempDir();
    const out = join(dir, 'r.json');
    const scenario = writeScenario(dir, 'half', sha256(['half-exiting', 'node']));
    const t0 = Date.now();
    const res = await runCli([
      'run',
      scenario,
      '--time',
      '30',
      '--warmup',
      '5',
      '--repeat',
      '2',
      '--threads',
      '2',
      '--no-progress',
      '--out',
      out,
      ...plugin('half-exiting'),
    ]);
    expect(res.code, res.stderr).toBe(1);
    const result = readResultFile(out);
    expect(errorOf(result, 'hash/sha256/half-exiting/32B/t2')).toBe(
      'errored: worker failed: worker exited with code: 9',
    );
    expect(errorOf(result, 'hash/sha256/node/32B/t2')).toBe('ok');
    // The surviving worker would otherwise wait 120 s for its dead peer before the next case could start.
    expect(res.endedAt - t0).toBeLessThan(60_000);
  });
});

describe.concurrent('run flags for failures are checked like the others', () => {
  it.each([
    ['--case-timeout', '0', /--case-timeout must be a number of seconds above 0/],
    ['--case-timeout', 'soon', /--case-timeout must be a number of seconds above 0/],
    ['--worker-memory', '8', /--worker-memory must be an integer from 32 to/],
  ])('%s %s is refused with exit code 2', async (flag, value, message) => {
    const dir = tempDir();
    const res = await runCli([
      'run',
      writeScenario(dir, 'flags', sha256(['node'])),
      flag,
      value,
      '--out',
      `${dir}/out/`,
    ]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
  });
});

describe('defaultWorkerMemoryMb', () => {
  it('is half the memory spread over the threads, between 256 MB and 4 GiB', () => {
    const GiB = 2 ** 30;
    expect(defaultWorkerMemoryMb(2, 24 * GiB)).toBe(4096);
    expect(defaultWorkerMemoryMb(8, 8 * GiB)).toBe(512);
    expect(defaultWorkerMemoryMb(6, 8 * GiB)).toBe(682);
    expect(defaultWorkerMemoryMb(64, 4 * GiB)).toBe(256);
  });
});
