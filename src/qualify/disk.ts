/**
 * The disk requirements: capacity of the device the disk directory is on, and fio's sequential
 * write, random 4 KiB write and random 4 KiB read in a scratch directory there (removed
 * afterwards, also when the run is interrupted). The three jobs run once per run, at the first
 * requirement that needs one of them.
 */
import { mkdirSync } from 'node:fs';
import { InputError, shown } from '../core/errors.js';
import type { RunContext } from '../scenario/kind.js';
import type { WorkerPool } from '../pool/pool.js';
import type { Measure, Requirement } from '../results/qualification.js';
import {
  DEFAULT_DISK_SECONDS,
  defaultDiskSizeBytes,
  diskDirInfo,
  DiskScratch,
  validateDiskSeconds,
  validateDiskSize,
} from './disk-dir.js';
import { FioCheckFailed, findFio, runDiskJobs, stopFioNow, type FioRun } from './fio.js';
import type { DiskJobName } from './fio-jobs.js';

/** What the scenario entry (or `qualify`'s flags) says about the disk; the rest is defaulted. */
export interface DiskInput {
  dir?: string;
  sizeBytes?: number;
  seconds?: number;
}

/** The resolved disk settings, recorded in each disk case. */
export interface DiskSettings {
  dir: string;
  sizeBytes: number;
  seconds: number;
}

export function isDiskMeasure(m: Measure): boolean {
  return m.startsWith('disk-');
}

/** The default directory when none is given: the result directory, created if missing. */
export const DEFAULT_DISK_DIR = 'results';

/**
 * Defaults filled in and bounds checked before anything runs: the directory must exist (the
 * default one is created), the size fit the free space, the time be whole seconds.
 */
export function resolveDiskSettings(input: DiskInput, file: string, field: string): DiskSettings {
  const dir = input.dir ?? DEFAULT_DISK_DIR;
  if (input.dir === undefined) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new InputError(file, `${field}.dir`, `cannot create ${shown(dir)}: ${(e as Error).message}`);
    }
  }
  const info = diskDirInfo(dir);
  return {
    dir: info.dir,
    sizeBytes: input.sizeBytes === undefined ? defaultDiskSizeBytes(info) : validateDiskSize(input.sizeBytes, info),
    seconds: validateDiskSeconds(input.seconds ?? DEFAULT_DISK_SECONDS),
  };
}

/** The run's three jobs take about this long (fio's start-up and the file's layout on top of their time). */
export function diskNominalMs(d: DiskSettings): number {
  return (d.seconds + 0.5) * 1000;
}

export type DiskFigures =
  | { unavailable: string }
  | {
      fio: string;
      /** Why the figures may not be a disk's (tmpfs, overlay); null on a disk. */
      warning: string | null;
      capacity: { bytes: number; by: string; label: string };
      jobs: Partial<Record<DiskJobName, FioRun | { error: string; failedCheck: boolean }>>;
    };

function capacityOf(info: ReturnType<typeof diskDirInfo>): { bytes: number; by: string; label: string } {
  return info.device
    ? {
        bytes: info.device.bytes,
        by: '/sys/dev/block',
        label: `size of ${info.device.source}, the device holding ${info.dir} (a filesystem shows less than its device)`,
      }
    : { bytes: info.totalBytes, by: 'statfs', label: `size of the filesystem holding ${info.dir}` };
}

async function runDisk(d: DiskSettings, signal: AbortSignal | undefined): Promise<DiskFigures> {
  const info = diskDirInfo(d.dir);
  const warning = info.warning ? `disk directory ${info.dir}: ${info.warning}` : null;
  const capacity = capacityOf(info);
  const fio = findFio();
  if ('unavailable' in fio) return { unavailable: fio.unavailable };
  const scratch = new DiskScratch(info.dir, () => stopFioNow());
  const jobs: Extract<DiskFigures, { fio: string }>['jobs'] = {};
  try {
    const runs = await runDiskJobs({
      fioPath: fio.path,
      dir: scratch.path,
      sizeBytes: d.sizeBytes,
      seconds: d.seconds,
      ...(signal ? { signal } : {}),
    });
    for (const r of runs) jobs[r.job] = r;
  } catch (err) {
    const failed = { error: (err as Error).message, failedCheck: err instanceof FioCheckFailed };
    for (const name of ['seq-write', 'rand-write', 'rand-read'] as const) jobs[name] = failed;
  } finally {
    scratch.dispose();
  }
  return { fio: `fio-${fio.version}`, warning, capacity, jobs };
}

/** The disk figures of this run: capacity without fio; the jobs with it. */
export async function measureDisk(r: Requirement, ctx: RunContext<WorkerPool>, d: DiskSettings): Promise<DiskFigures> {
  if (r.measure === 'disk-capacity') {
    const info = diskDirInfo(d.dir);
    return {
      fio: 'none',
      warning: info.warning ? `disk directory ${info.dir}: ${info.warning}` : null,
      capacity: capacityOf(info),
      jobs: {},
    };
  }
  return ctx.memo(`qualify-disk:${d.dir}:${d.sizeBytes}:${d.seconds}`, () => runDisk(d, ctx.signal));
}
