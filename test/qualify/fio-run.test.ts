import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskScratch } from '../../src/qualify/disk-dir.js';
import { DISK_JOBS, type DiskJob } from '../../src/qualify/fio-jobs.js';
import { FioCheckFailed, findFio, runDiskJobs, runFioJob, stopFioNow } from '../../src/qualify/fio.js';
import { ROOT, eventually, tempDir } from '../helpers.js';

/** fio from Debian's fio package; CI installs it (.ci/run). Without it these tests are skipped, and say so. */
const fio = findFio();
const fioPath = 'path' in fio ? fio.path : '';
if ('unavailable' in fio) console.warn(`SKIPPED test/qualify/fio-run.test.ts: ${fio.unavailable}`);

const MiB = 2 ** 20;
const seqWrite = DISK_JOBS[0] as DiskJob;

// On the repository's filesystem, not the OS temp dir, which may be tmpfs.
const parent = mkdtempSync(join(ROOT, '.fio-test-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

/** Processes whose command line names `text` (read from /proc, like pgrep -f). */
function processesNaming(text: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe.skipIf('unavailable' in fio)('fio on this machine', () => {
  it('names its version', () => {
    expect('version' in fio && fio.version).toMatch(/^\d+\.\d+/);
    expect(findFio('')).toEqual({
      unavailable: 'fio is not installed (no fio on the PATH): apt-get install fio on Debian/Ubuntu',
    });
  });

  it('measures the three jobs on one file and leaves nothing behind', async () => {
    const scratch = new DiskScratch(parent);
    try {
      const runs = await runDiskJobs({ fioPath, dir: scratch.path, sizeBytes: 16 * MiB, seconds: 1 });
      expect(runs.map((r) => r.job)).toEqual(['seq-write', 'rand-write', 'rand-read']);
      for (const r of runs) {
        expect(r.iops).toBeGreaterThan(0);
        expect(r.bytesPerSec).toBeGreaterThan(0);
        expect(r.ioBytes).toBeGreaterThan(0);
        expect(r.samples.iops.length).toBeGreaterThanOrEqual(2);
        expect(r.latency.p99Us).toBeGreaterThanOrEqual(r.latency.p50Us);
        expect(r.command).toContain(`--filename=${scratch.path}/disk-test.dat`);
        expect(r.ioengine).toBe('libaio');
      }
      expect(runs[2]!.sizeBytes).toBe(16 * MiB);
      // The logs were read and removed: only the data file is left until dispose.
      expect(readdirSync(scratch.path)).toEqual(['disk-test.dat']);
    } finally {
      scratch.dispose();
    }
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses a random read before anything was written', async () => {
    const scratch = new DiskScratch(parent);
    try {
      const read = DISK_JOBS[2] as DiskJob;
      await expect(runFioJob(read, { fioPath, dir: scratch.path, sizeBytes: 16 * MiB, seconds: 1 })).rejects.toThrow(
        /rand-read reads the data file the write jobs wrote: .* has 0 bytes, not 16777216; run seq-write first/,
      );
    } finally {
      scratch.dispose();
    }
  });

  it('stops fio when the run is aborted, and the scratch directory goes', async () => {
    const scratch = new DiskScratch(parent);
    const abort = new AbortController();
    try {
      const run = runFioJob(seqWrite, {
        fioPath,
        dir: scratch.path,
        sizeBytes: 16 * MiB,
        seconds: 30,
        signal: abort.signal,
      });
      const [pid] = await eventually(
        () => {
          const p = processesNaming(scratch.path);
          return p.length && existsSync(join(scratch.path, 'disk-test.dat')) ? p : undefined;
        },
        'fio to start',
        5000,
        20,
      );
      const started = Date.now();
      abort.abort();
      await expect(run).rejects.toThrow(/aborted/);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(existsSync(`/proc/${pid}`)).toBe(false);
      expect(processesNaming(scratch.path)).toEqual([]);
    } finally {
      scratch.dispose();
    }
    expect(readdirSync(parent)).toEqual([]);
  });

  it('kills a fio that ignores SIGTERM after 2 s', async () => {
    // A stand-in that ignores SIGTERM; `exec` keeps the ignored disposition in sleep.
    const fake = join(tempDir(), 'fio');
    writeFileSync(fake, "#!/bin/sh\ntrap '' TERM\nexec sleep 30\n");
    chmodSync(fake, 0o755);
    const scratch = new DiskScratch(parent);
    const abort = new AbortController();
    try {
      const run = runFioJob(seqWrite, {
        fioPath: fake,
        dir: scratch.path,
        sizeBytes: 16 * MiB,
        seconds: 30,
        signal: abort.signal,
      });
      const [pid] = await eventually(
        () => {
          const p = processesNaming('sleep\u000030').filter((p) =>
            readFileSync(`/proc/${p}/stat`, 'utf8').includes(`) S ${process.pid} `),
          );
          return p.length ? p : undefined;
        },
        'the stand-in to start',
        5000,
        20,
      );
      const started = Date.now();
      abort.abort();
      await expect(run).rejects.toThrow(/aborted/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
      expect(existsSync(`/proc/${pid}`)).toBe(false);
    } finally {
      scratch.dispose();
    }
  }, 10_000);

  it('stopFioNow kills a running fio at once and returns when it no longer runs (for an exit handler)', async () => {
    const fake = join(tempDir(), 'fio');
    writeFileSync(fake, "#!/bin/sh\ntrap '' TERM\nexec sleep 31\n");
    chmodSync(fake, 0o755);
    const scratch = new DiskScratch(parent);
    try {
      const run = runFioJob(seqWrite, { fioPath: fake, dir: scratch.path, sizeBytes: 16 * MiB, seconds: 30 });
      run.catch(() => {});
      const [pid] = await eventually(
        () => {
          const p = processesNaming('sleep\u000031').filter((p) =>
            readFileSync(`/proc/${p}/stat`, 'utf8').includes(`) S ${process.pid} `),
          );
          return p.length ? p : undefined;
        },
        'the stand-in to start',
        5000,
        20,
      );
      const started = Date.now();
      stopFioNow();
      // Synchronously: no await between the call and these checks, as in an exit handler.
      expect(Date.now() - started).toBeLessThan(1500);
      const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : ') X';
      expect(stat).toMatch(/\)\s+[ZX]/);
      await expect(run).rejects.toThrow();
    } finally {
      scratch.dispose();
    }
  }, 10_000);

  it('falls back to psync when libaio cannot be used', async () => {
    // fio as it behaves when the kernel refuses an AIO context: the recorded failure for libaio, real fio otherwise.
    const fake = join(tempDir(), 'fio');
    const refusal = join(ROOT, 'test', 'fixtures', 'fio', 'aio-max-nr.stdout');
    writeFileSync(
      fake,
      `#!/bin/sh\ncase "$*" in *--ioengine=libaio*) cat '${refusal}'; exit 1;; esac\nexec '${fioPath}' "$@"\n`,
    );
    chmodSync(fake, 0o755);
    const scratch = new DiskScratch(parent);
    try {
      const r = await runFioJob(seqWrite, { fioPath: fake, dir: scratch.path, sizeBytes: 16 * MiB, seconds: 1 });
      expect([r.ioengine, r.iodepth]).toEqual(['psync', 1]);
      expect(r.command).toContain('--ioengine=psync --iodepth=1');
      expect(r.ioengineFallback).toMatch(/func=io_queue_init, error=Resource temporarily unavailable$/);
      expect(r.bytesPerSec).toBeGreaterThan(0);
    } finally {
      scratch.dispose();
    }
  });

  it('refuses figures that fail the self-check', async () => {
    // A stand-in that prints a real report but does no I/O: no logs, no data file.
    const fake = join(tempDir(), 'fio');
    writeFileSync(fake, `#!/bin/sh\ncat '${join(ROOT, 'test', 'fixtures', 'fio', 'seq-write.json')}'\n`);
    chmodSync(fake, 0o755);
    const scratch = new DiskScratch(parent);
    try {
      const run = runFioJob(seqWrite, { fioPath: fake, dir: scratch.path, sizeBytes: 16 * MiB, seconds: 1 });
      await expect(run).rejects.toThrow(FioCheckFailed);
      await expect(run).rejects.toThrow(/^seq-write: fio logged no 250 ms sample \(iops 0, bw 0\) in 2033 ms$/);
    } finally {
      scratch.dispose();
    }
  });

  it("fails with fio's own line when fio fails", async () => {
    const scratch = new DiskScratch(parent);
    try {
      // 3 MiB is below the minimum: the caller's bound, checked before fio starts.
      await expect(runFioJob(seqWrite, { fioPath, dir: scratch.path, sizeBytes: 3 * MiB, seconds: 1 })).rejects.toThrow(
        RangeError,
      );
      const broken = { ...seqWrite, blockBytes: 1000 };
      await expect(runFioJob(broken, { fioPath, dir: scratch.path, sizeBytes: 5_000_000, seconds: 1 })).rejects.toThrow(
        /^fio: io_u error on file .*disk-test.dat: Invalid argument: write offset=\d+, buflen=1000$/,
      );
    } finally {
      scratch.dispose();
    }
  });
});
