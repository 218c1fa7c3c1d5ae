import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync, rmSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { MIN_DISK_SIZE_BYTES } from './disk-dir.js';
import {
  checkFioMeasurement,
  commandLine,
  DATA_FILE,
  DISK_JOBS,
  fioArgs,
  fioErrorLine,
  fioJobError,
  fioMeasurement,
  libaioUnavailable,
  writtenRegionBytes,
  type DiskJob,
  type FioMeasurement,
  type IoEngine,
} from './fio-jobs.js';

/**
 * Runs fio, the tool a validator operator would measure a disk with (Debian/Ubuntu package
 * `fio`), for the jobs of src/qualify/fio-jobs.ts. Like src/ceiling/openssl.ts it is found on the
 * PATH and versioned, and its absence is a reason to skip, not a failure.
 */

export const FIO_INSTALL_HINT = 'apt-get install fio on Debian/Ubuntu';

/** fio on the PATH and its version ("3.33"), or why it cannot be used. */
export function findFio(pathEnv = process.env.PATH ?? ''): { path: string; version: string } | { unavailable: string } {
  const path = pathEnv
    .split(delimiter)
    .filter((d) => isAbsolute(d))
    .map((d) => join(d, 'fio'))
    .find((p) => {
      try {
        accessSync(p, constants.X_OK);
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
  if (!path) return { unavailable: `fio is not installed (no fio on the PATH): ${FIO_INSTALL_HINT}` };
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (r.error || r.status !== 0)
    return {
      unavailable: `${path} --version failed: ${r.error?.message ?? fioErrorLine(r.stdout, r.stderr, r.status)}`,
    };
  const printed = r.stdout.trim();
  return { path, version: /^fio-(\S+)$/.exec(printed)?.[1] ?? printed };
}

/** fio failed; the message is fio's own explanation, one line. */
export class FioError extends Error {
  override name = 'FioError';
  constructor(
    message: string,
    readonly command: string,
  ) {
    super(message);
  }
}

/** fio ran, but its figures fail the self-check (checkFioMeasurement): they are not a measurement. */
export class FioCheckFailed extends Error {
  override name = 'FioCheckFailed';
}

export interface FioRunOptions {
  fioPath: string;
  /** The scratch directory (DiskScratch.path): the data file and fio's logs are written there. */
  dir: string;
  /** The part of the data file the job uses. */
  sizeBytes: number;
  seconds: number;
  /** Aborting kills fio (SIGTERM, SIGKILL 2 s later) and rejects once it has exited. */
  signal?: AbortSignal;
  /** libaio unless told; psync when fio says libaio cannot be used here. */
  ioengine?: IoEngine;
}

/** A measurement, and why it was made with psync if libaio was refused (fio's line). */
export type FioRun = FioMeasurement & { ioengineFallback: string | null };

/** Grace between SIGTERM and SIGKILL: fio stops its job and writes its report on SIGTERM. */
export const KILL_GRACE_MS = 2000;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** fio processes running now, so that a process on its way out can stop them (stopFioNow). */
const LIVE = new Set<number>();

function exited(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name in parentheses: Z (zombie) or X (dead) runs no more code.
    return /\)\s+[ZX]/.test(stat);
  } catch {
    return true;
  }
}

/**
 * Kill every fio this process started and wait, synchronously, up to `waitMs` until each has
 * stopped running. For an `exit` handler: the process is ending without waiting for fio's own
 * exit (a second Ctrl-C, a signal during the disk job), and fio, on SIGTERM, would still write its
 * logs into a directory about to be removed. SIGKILL ends it without another write.
 */
export function stopFioNow(waitMs = 2000): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (const pid of LIVE) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      LIVE.delete(pid);
    }
  }
  const end = Date.now() + waitMs;
  for (const pid of LIVE) while (!exited(pid) && Date.now() < end) Atomics.wait(sleeper, 0, 0, 10);
}

function spawnFio(path: string, args: string[], signal: AbortSignal | undefined, limitMs: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid;
    if (pid !== undefined) LIVE.add(pid);
    let stdout = '';
    let stderr = '';
    let stopped: Error | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const stop = (why: Error) => {
      if (stopped) return;
      stopped = why;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    const onAbort = () => stop(signal!.reason as Error);
    signal?.addEventListener('abort', onAbort, { once: true });
    const limit = setTimeout(() => stop(new Error(`fio did not finish within ${limitMs / 1000} s`)), limitMs);
    const done = () => {
      clearTimeout(limit);
      clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (e) => {
      if (pid !== undefined) LIVE.delete(pid);
      done();
      reject(new FioError(`cannot run ${path}: ${e.message}`, commandLine(path, args)));
    });
    // Settles only once fio has exited, so the caller's cleanup never races fio's last writes. A
    // Ctrl-C in a terminal reaches fio too, which may end the job before the abort does: a job cut
    // short by either is no measurement.
    child.on('close', (code) => {
      if (pid !== undefined) LIVE.delete(pid);
      done();
      if (stopped || signal?.aborted) reject(stopped ?? (signal!.reason as Error));
      else resolve({ code, stdout, stderr });
    });
  });
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  } finally {
    rmSync(path, { force: true });
  }
}

/** Run one job of DISK_JOBS in `opts.dir`, check the figures, and return them. */
export async function runFioJob(job: DiskJob, opts: FioRunOptions): Promise<FioRun> {
  const { sizeBytes, seconds } = opts;
  if (!Number.isInteger(sizeBytes) || sizeBytes < MIN_DISK_SIZE_BYTES || sizeBytes % job.blockBytes !== 0)
    throw new RangeError(
      `${job.name}: sizeBytes must be a multiple of ${job.blockBytes} of at least ${MIN_DISK_SIZE_BYTES}, got ${sizeBytes}`,
    );
  if (!Number.isInteger(seconds) || seconds < 1)
    throw new RangeError(`${job.name}: seconds must be a whole number ≥ 1, got ${seconds}`);
  const file = join(opts.dir, DATA_FILE);
  if (job.direction === 'read') {
    // A read of a file fio lays out itself, or of a part no write reached, reads nothing (fio-jobs.ts DISK_JOBS).
    const have = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    if (have < sizeBytes)
      throw new Error(
        `${job.name} reads the data file the write jobs wrote: ${file} has ${have} bytes, not ${sizeBytes}; run seq-write first`,
      );
  }
  const logPrefix = join(opts.dir, job.name);
  const logs = { iops: `${logPrefix}_iops.1.log`, bw: `${logPrefix}_bw.1.log` };
  let ioengine = opts.ioengine ?? 'libaio';
  let ioengineFallback: string | null = null;
  // A hung device must not hang the run: fio gets its runtime plus two minutes to lay out and report.
  const limitMs = seconds * 1000 + 120_000;
  for (;;) {
    const args = fioArgs(job, { file, logPrefix, sizeBytes, seconds, ioengine });
    const command = commandLine(opts.fioPath, args);
    rmSync(logs.iops, { force: true });
    rmSync(logs.bw, { force: true });
    const exit = await spawnFio(opts.fioPath, args, opts.signal, limitMs);
    const iopsLog = readLog(logs.iops);
    const bwLog = readLog(logs.bw);
    if (exit.code !== 0) {
      const reason = fioErrorLine(exit.stdout, exit.stderr, exit.code);
      if (ioengine === 'libaio' && libaioUnavailable(exit.stdout + exit.stderr)) {
        ioengine = 'psync';
        ioengineFallback = reason;
        continue;
      }
      throw new FioError(reason, command);
    }
    if (fioJobError(exit.stdout) !== 0) throw new FioError(fioErrorLine(exit.stdout, exit.stderr, exit.code), command);
    const m = fioMeasurement(job, { command, ioengine, sizeBytes }, { stdout: exit.stdout, iopsLog, bwLog });
    const st = job.direction === 'write' ? statSync(file, { throwIfNoEntry: false }) : null;
    const state =
      job.direction === 'write' ? { sizeBytes: st?.size ?? 0, allocatedBytes: (st?.blocks ?? 0) * 512 } : null;
    const failed = checkFioMeasurement(m, state);
    if (failed) throw new FioCheckFailed(failed);
    return { ...m, ioengineFallback };
  }
}

/**
 * The three jobs in order on one data file. The random jobs use only the part the sequential
 * write reached (all of it, unless the disk wrote less than `sizeBytes` in `seconds`), and the
 * engine it ended up with.
 */
export async function runDiskJobs(opts: Omit<FioRunOptions, 'ioengine'>): Promise<FioRun[]> {
  const [seqJob, randWrite, randRead] = DISK_JOBS as [DiskJob, DiskJob, DiskJob];
  const seq = await runFioJob(seqJob, opts);
  const written = writtenRegionBytes(opts.sizeBytes, seq.ioBytes, seqJob.blockBytes);
  if (written < MIN_DISK_SIZE_BYTES)
    throw new FioCheckFailed(
      `seq-write wrote only ${seq.ioBytes} bytes in ${opts.seconds} s: too little for the random jobs`,
    );
  const next = { ...opts, sizeBytes: written, ioengine: seq.ioengine };
  const rw = await runFioJob(randWrite, next);
  const rr = await runFioJob(randRead, next);
  return [seq, rw, rr];
}
