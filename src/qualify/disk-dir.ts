import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, rmSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';

/**
 * The directory the disk is measured in: which filesystem holds it, how much room it has, the
 * bounds on what a measurement may use of it, and a scratch directory that is always removed.
 */

export interface MountEntry {
  mountPoint: string;
  fsType: string;
  source: string;
  /** `major:minor` of the filesystem's device (the third field), e.g. `253:0`. */
  device: string;
}

/** mountinfo escapes space, tab, newline and backslash as octal: `\040`, `\011`, `\012`, `\134`. */
export function unescapeMountinfo(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/**
 * /proc/self/mountinfo, one mount a line (proc(5)): "36 35 98:0 /root /mnt/point rw,noatime
 * master:1 - ext4 /dev/root rw": the mount point is the fifth field, then optional fields up
 * to a lone "-", then the filesystem type and the source.
 */
export function parseMountinfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(' ');
    const dash = f.indexOf('-', 6);
    if (f.length < 7 || dash < 0 || f[4] === undefined || f[dash + 1] === undefined) continue;
    out.push({
      mountPoint: unescapeMountinfo(f[4]),
      fsType: unescapeMountinfo(f[dash + 1]!),
      source: unescapeMountinfo(f[dash + 2] ?? ''),
      device: f[2] ?? '',
    });
  }
  return out;
}

/**
 * The mount holding `path` (absolute, symlinks resolved): the longest mount point that is `path`
 * or a parent directory of it. Of two mounts on one point the later line wins, since it was
 * mounted over the earlier one.
 */
export function mountFor(mounts: readonly MountEntry[], path: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const m of mounts) {
    const inside =
      path === m.mountPoint || path.startsWith(m.mountPoint.endsWith('/') ? m.mountPoint : m.mountPoint + '/');
    if (inside && (!best || m.mountPoint.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

const IN_MEMORY = 'keeps files in memory: the figures would be of memory, not of a disk';
const LAYERED =
  "layers a container's files over other filesystems: the figures would be of those layers, not of one disk";
const REMOTE = 'is served over a network or by a program: the figures would include that, not only a disk';
const NOT_DATA = 'holds no data files: the figures would not be of a disk';

/** Filesystems whose figures are not a disk's, with the reason (types as mountinfo spells them). */
export const NON_DISK_FILESYSTEMS: Readonly<Record<string, string>> = {
  tmpfs: IN_MEMORY,
  ramfs: IN_MEMORY,
  devtmpfs: IN_MEMORY,
  overlay: LAYERED,
  aufs: LAYERED,
  nfs: REMOTE,
  nfs4: REMOTE,
  cifs: REMOTE,
  smb3: REMOTE,
  '9p': REMOTE,
  virtiofs: REMOTE,
  fuse: REMOTE,
  proc: NOT_DATA,
  sysfs: NOT_DATA,
};

/** Why a filesystem's figures would not be a disk's, or null for a disk filesystem (ext4, xfs, btrfs, …). */
export function fsTypeWarning(fsType: string, mountPoint: string): string | null {
  const reason = NON_DISK_FILESYSTEMS[fsType] ?? (fsType.startsWith('fuse.') ? REMOTE : undefined);
  return reason ? `${mountPoint} is ${fsType}, which ${reason}` : null;
}

export interface DiskDirInfo {
  /** The directory, symlinks resolved. */
  dir: string;
  fsType: string;
  mountPoint: string;
  totalBytes: number;
  /** Space an unprivileged process may still use (statfs f_bavail). */
  freeBytes: number;
  /** Why figures measured here would not be a disk's; null on a disk filesystem. */
  warning: string | null;
  /** The block device the filesystem is on (its source and size), when it is on one. */
  device: { source: string; bytes: number } | null;
}

/** Size of a block device by `major:minor`: /sys/dev/block/<dev>/size counts 512-byte sectors whatever the device's own. */
export function blockDeviceBytes(device: string, read = (p: string) => readFileSync(p, 'utf8')): number | null {
  if (!/^\d+:\d+$/.test(device) || device.startsWith('0:')) return null; // major 0: no device (tmpfs, overlay)
  try {
    const sectors = Number(read(`/sys/dev/block/${device}/size`).trim());
    return Number.isSafeInteger(sectors) && sectors > 0 ? sectors * 512 : null;
  } catch {
    return null;
  }
}

const DIR_FLAG = '--disk-dir';

/** Facts about the directory to measure in. `mountinfo` is the text of /proc/self/mountinfo (read when absent). */
export function diskDirInfo(dir: string, mountinfo?: string): DiskDirInfo {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (e) {
    throw new InputError('command line', DIR_FLAG, `cannot be used: ${(e as Error).message}`);
  }
  if (!statSync(real).isDirectory()) throw new InputError('command line', DIR_FLAG, `is not a directory: ${real}`);
  let text = mountinfo;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/mountinfo', 'utf8');
    } catch {
      text = '';
    }
  }
  const mount = mountFor(parseMountinfo(text), real);
  const s = statfsSync(real);
  return {
    dir: real,
    fsType: mount?.fsType ?? 'unknown',
    mountPoint: mount?.mountPoint ?? '',
    totalBytes: s.blocks * s.bsize,
    freeBytes: s.bavail * s.bsize,
    warning: mount
      ? fsTypeWarning(mount.fsType, mount.mountPoint)
      : `no mount in /proc/self/mountinfo holds ${real}: cannot tell whether the figures would be of a disk`,
    device: deviceOf(mount),
  };
}

function deviceOf(mount: MountEntry | undefined): DiskDirInfo['device'] {
  const bytes = mount ? blockDeviceBytes(mount.device) : null;
  return mount && bytes !== null ? { source: mount.source, bytes } : null;
}

const MiB = 2 ** 20;
const GiB = 2 ** 30;
const size = (b: number) => (b >= GiB ? `${(b / GiB).toFixed(1)} GiB` : `${(b / MiB).toFixed(1)} MiB`);

/** The smallest data file: 1024 blocks of 4 KiB, so a random job has somewhere to go. */
export const MIN_DISK_SIZE_BYTES = 4 * MiB;
/** 1 GiB: 262 144 distinct 4 KiB blocks for the random jobs, and little enough to fit on almost any disk. */
export const DEFAULT_DISK_SIZE_BYTES = GiB;
/**
 * 8 s a job: with fio's start and layout (about 0.4 s a job here) the three jobs take about 25 s,
 * and each gives 31 or 32 samples of 250 ms (fio does not log the last, partial interval).
 */
export const DEFAULT_DISK_SECONDS = 8;
export const MAX_DISK_SECONDS = 600;

/** Space left for everything else on the filesystem: a tenth of the free space, at least 64 MiB. */
export function freeSpaceMarginBytes(freeBytes: number): number {
  return Math.max(64 * MiB, Math.floor(freeBytes / 10));
}

/** The largest data file allowed here, a whole number of MiB. */
export function maxDiskSizeBytes(info: DiskDirInfo): number {
  return Math.max(0, Math.floor((info.freeBytes - freeSpaceMarginBytes(info.freeBytes)) / MiB) * MiB);
}

/** 1 GiB, but never more than half the free space (nor more than maxDiskSizeBytes on a nearly full disk). */
export function defaultDiskSizeBytes(info: DiskDirInfo): number {
  const bytes = Math.min(DEFAULT_DISK_SIZE_BYTES, Math.floor(info.freeBytes / 2 / MiB) * MiB, maxDiskSizeBytes(info));
  if (bytes < MIN_DISK_SIZE_BYTES)
    throw new InputError(
      'command line',
      DIR_FLAG,
      `has ${size(info.freeBytes)} free in ${info.dir}: too little to measure the disk`,
    );
  return bytes;
}

/** A `--disk-size` in bytes: a whole number of MiB, at least 4 MiB, at most the free space minus the margin. */
export function validateDiskSize(sizeBytes: number, info: DiskDirInfo): number {
  const fail = (detail: string): never => {
    throw new InputError('command line', '--disk-size', `${detail}, got ${sizeBytes} bytes`);
  };
  if (!Number.isInteger(sizeBytes) || sizeBytes % MiB !== 0) fail('must be a whole number of MiB (1048576 bytes)');
  if (sizeBytes < MIN_DISK_SIZE_BYTES) fail(`must be at least ${size(MIN_DISK_SIZE_BYTES)}`);
  const max = maxDiskSizeBytes(info);
  if (sizeBytes > max)
    fail(
      `must be at most ${size(max)} (${size(info.freeBytes)} free in ${info.dir}, less a margin of ${size(freeSpaceMarginBytes(info.freeBytes))})`,
    );
  return sizeBytes;
}

/** A `--disk-seconds`: whole seconds from 1 (fio logs a sample per 250 ms) to 600. */
export function validateDiskSeconds(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_DISK_SECONDS)
    throw new InputError(
      'command line',
      '--disk-seconds',
      `must be a whole number of seconds from 1 to ${MAX_DISK_SECONDS}, got ${seconds}`,
    );
  return seconds;
}

/**
 * A directory of its own for the data file and fio's logs, `<dir>/.chainmark-disk-<pid>-<random>`.
 * `dispose()` removes it; until then an exit handler removes it on any process.exit path. On
 * SIGINT the caller aborts the run, the fio child is killed and the caller's `finally` disposes.
 */
export class DiskScratch {
  readonly path: string;
  private disposed = false;
  private readonly onExit = (): void => {
    // The process is ending before the work in the directory finished: stop that work first.
    this.beforeExit?.();
    this.remove();
  };

  /** `beforeExit`: run by the exit handler before the directory is removed (e.g. stop the tool writing there). */
  constructor(
    dir: string,
    private readonly beforeExit?: () => void,
  ) {
    this.path = join(dir, `.chainmark-disk-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      mkdirSync(this.path, { mode: 0o700 });
    } catch (e) {
      throw new InputError('command line', DIR_FLAG, `cannot hold a scratch directory: ${(e as Error).message}`);
    }
    process.on('exit', this.onExit);
  }

  private remove(): void {
    rmSync(this.path, { recursive: true, force: true, maxRetries: 3 });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    process.off('exit', this.onExit);
    this.remove();
  }
}
