import { existsSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import {
  blockDeviceBytes,
  defaultDiskSizeBytes,
  diskDirInfo,
  DiskScratch,
  fsTypeWarning,
  maxDiskSizeBytes,
  mountFor,
  parseMountinfo,
  validateDiskSeconds,
  validateDiskSize,
  type DiskDirInfo,
} from '../../src/qualify/disk-dir.js';
import { tempDir } from '../helpers.js';

// Lines in the form of proc(5)'s /proc/self/mountinfo, with optional fields, an escaped space,
// a mount made over another one (/dev/shm) and a container's overlay.
const MOUNTINFO = `22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
25 27 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683584k
30 27 8:17 / /dev/shm rw,relatime - ext4 /dev/vdb1 rw
40 27 0:40 / /var/lib/docker/overlay2/abc/merged rw,relatime - overlay overlay rw,lowerdir=/l,upperdir=/u
41 27 8:1 / /mnt/my\\040disk rw,noatime shared:5 master:2 - xfs /dev/sdb1 rw
42 27 8:2 / /mnt/my rw,relatime - btrfs /dev/sdc rw
43 27 0:50 / /srv rw,relatime - nfs4 server:/export rw
44 27 0:51 / /home/u/remote rw - fuse.sshfs u@h:/ rw
`;

describe('reading /proc/self/mountinfo', () => {
  const mounts = parseMountinfo(MOUNTINFO);
  const at = (path: string) => {
    const m = mountFor(mounts, path);
    return m && `${m.fsType} ${m.mountPoint} ${m.source}`;
  };

  it('reads the mount point, the type after the optional fields, and unescapes spaces', () => {
    expect(mounts).toHaveLength(9);
    expect(mounts[5]).toEqual({ mountPoint: '/mnt/my disk', fsType: 'xfs', source: '/dev/sdb1', device: '8:1' });
    expect(parseMountinfo('garbage\n\n27 1 254:0 / / rw - ext4 /dev/vda rw')).toEqual([
      { mountPoint: '/', fsType: 'ext4', source: '/dev/vda', device: '254:0' },
    ]);
  });

  it('takes the longest mount point that is the path or a parent of it', () => {
    expect(at('/mnt/my disk/ledger')).toBe('xfs /mnt/my disk /dev/sdb1');
    expect(at('/mnt/my disk')).toBe('xfs /mnt/my disk /dev/sdb1');
    expect(at('/mnt/my/x')).toBe('btrfs /mnt/my /dev/sdc');
    // "/mnt/my" is a prefix of "/mnt/mydisk" but not a parent directory of it.
    expect(at('/mnt/mydisk')).toBe('ext4 / /dev/vda');
    expect(at('/var/lib/docker/overlay2/abc/merged/data')).toBe('overlay /var/lib/docker/overlay2/abc/merged overlay');
    expect(at('/')).toBe('ext4 / /dev/vda');
    expect(mountFor([], '/x')).toBeUndefined();
  });

  it('lets the later of two mounts on one point win', () => {
    expect(at('/dev/shm/x')).toBe('ext4 /dev/shm /dev/vdb1');
  });
});

describe('filesystems that are not a disk', () => {
  it('warn, saying why', () => {
    expect(fsTypeWarning('tmpfs', '/dev/shm')).toBe(
      '/dev/shm is tmpfs, which keeps files in memory: the figures would be of memory, not of a disk',
    );
    expect(fsTypeWarning('ramfs', '/r')).toMatch(/of memory/);
    expect(fsTypeWarning('overlay', '/')).toMatch(/^\/ is overlay, which layers a container's files/);
    expect(fsTypeWarning('nfs4', '/srv')).toMatch(/over a network/);
    expect(fsTypeWarning('fuse.sshfs', '/home/u/remote')).toMatch(/over a network or by a program/);
  });

  it('and disk filesystems do not', () => {
    for (const t of ['ext4', 'xfs', 'btrfs', 'zfs', 'f2fs']) expect(fsTypeWarning(t, '/')).toBeNull();
  });
});

describe('the directory to measure in', () => {
  it('is resolved, found in mountinfo, and sized by statfs', () => {
    const parent = tempDir('chainmark disk-');
    const real = realpathSync(parent);
    const link = join(parent, 'link');
    mkdirSync(join(parent, 'data'));
    symlinkSync(join(real, 'data'), link);
    const text = `${MOUNTINFO}50 27 0:60 / ${real.replaceAll(' ', '\\040')} rw - tmpfs tmpfs rw\n`;
    const info = diskDirInfo(link, text);
    expect(info.dir).toBe(join(real, 'data'));
    expect([info.fsType, info.mountPoint]).toEqual(['tmpfs', real]);
    expect(info.warning).toMatch(/is tmpfs, which keeps files in memory/);
    expect(info.totalBytes).toBeGreaterThan(0);
    expect(info.freeBytes).toBeGreaterThan(0);
    expect(info.freeBytes).toBeLessThanOrEqual(info.totalBytes);
    expect(diskDirInfo(link, '27 1 254:0 / / rw - ext4 /dev/vda rw').warning).toBeNull();
    expect(diskDirInfo(link, '').warning).toMatch(/no mount in \/proc\/self\/mountinfo holds/);
  });

  it('must exist and be a directory', () => {
    const parent = tempDir();
    writeFileSync(join(parent, 'f'), '');
    expect(() => diskDirInfo(join(parent, 'none'))).toThrow(InputError);
    expect(() => diskDirInfo(join(parent, 'none'))).toThrow(/^command line: --disk-dir cannot be used: ENOENT/);
    expect(() => diskDirInfo(join(parent, 'f'))).toThrow(/--disk-dir is not a directory/);
  });
});

const MiB = 2 ** 20;
const GiB = 2 ** 30;
const free = (freeBytes: number): DiskDirInfo => ({
  dir: '/data',
  fsType: 'ext4',
  mountPoint: '/',
  totalBytes: 2 * freeBytes,
  freeBytes,
  warning: null,
});

describe('the bounds on a disk measurement', () => {
  it('allow the free space less a margin, in whole MiB from 4 MiB', () => {
    expect(maxDiskSizeBytes(free(10 * GiB))).toBe(9 * GiB);
    expect(maxDiskSizeBytes(free(100 * MiB))).toBe(36 * MiB);
    expect(validateDiskSize(9 * GiB, free(10 * GiB))).toBe(9 * GiB);
    expect(validateDiskSize(4 * MiB, free(10 * GiB))).toBe(4 * MiB);
    expect(() => validateDiskSize(9 * GiB + MiB, free(10 * GiB))).toThrow(
      'command line: --disk-size must be at most 9.0 GiB (10.0 GiB free in /data, less a margin of 1.0 GiB), got 9664724992 bytes',
    );
    expect(() => validateDiskSize(2 * MiB, free(10 * GiB))).toThrow(
      /--disk-size must be at least 4.0 MiB, got 2097152 bytes/,
    );
    expect(() => validateDiskSize(4 * MiB + 1, free(10 * GiB))).toThrow(/--disk-size must be a whole number of MiB/);
    expect(() => validateDiskSize(Number.NaN, free(10 * GiB))).toThrow(InputError);
  });

  it('default to 1 GiB, at most half the free space, and never beyond the bound', () => {
    expect(defaultDiskSizeBytes(free(10 * GiB))).toBe(GiB);
    expect(defaultDiskSizeBytes(free(GiB))).toBe(512 * MiB);
    for (let f = 72 * MiB; f < 4 * GiB; f = Math.floor(f * 1.37)) {
      const d = defaultDiskSizeBytes(free(f));
      expect(validateDiskSize(d, free(f))).toBe(d);
      expect(d).toBeLessThanOrEqual(f / 2);
    }
    expect(() => defaultDiskSizeBytes(free(60 * MiB))).toThrow(/--disk-dir has 60.0 MiB free in \/data: too little/);
  });

  it('allow whole seconds from 1 to 600', () => {
    expect(validateDiskSeconds(1)).toBe(1);
    expect(validateDiskSeconds(600)).toBe(600);
    for (const bad of [0, 601, 1.5, -3, Number.NaN])
      expect(() => validateDiskSeconds(bad)).toThrow(
        `command line: --disk-seconds must be a whole number of seconds from 1 to 600, got ${bad}`,
      );
  });
});

describe('the scratch directory', () => {
  it('is unique, and dispose removes it and its exit handler', () => {
    const parent = tempDir();
    const before = process.listenerCount('exit');
    const a = new DiskScratch(parent);
    const b = new DiskScratch(parent);
    expect(a.path).toMatch(new RegExp(`/\\.chainmark-disk-${process.pid}-[0-9a-f]{8}$`));
    expect(a.path).not.toBe(b.path);
    expect(process.listenerCount('exit')).toBe(before + 2);
    writeFileSync(join(a.path, 'disk-test.dat'), 'x');
    a.dispose();
    a.dispose();
    expect(existsSync(a.path)).toBe(false);
    expect(existsSync(b.path)).toBe(true);
    expect(process.listenerCount('exit')).toBe(before + 1);
    b.dispose();
    expect(process.listenerCount('exit')).toBe(before);
  });

  it('is removed by its exit handler when dispose was not called', () => {
    const before = process.listeners('exit');
    const s = new DiskScratch(tempDir());
    const handler = process.listeners('exit').find((l) => !before.includes(l))!;
    writeFileSync(join(s.path, 'seq-write_bw.1.log'), '250, 1, 1, 0, 0\n');
    handler(0);
    expect(existsSync(s.path)).toBe(false);
    s.dispose();
  });

  it('its exit handler stops the work writing there first, then removes it', () => {
    const before = process.listeners('exit');
    const order: string[] = [];
    const s = new DiskScratch(tempDir(), () => order.push(existsSync(s.path) ? 'stopped while there' : 'too late'));
    const handler = process.listeners('exit').find((l) => !before.includes(l))!;
    handler(0);
    expect(order).toEqual(['stopped while there']);
    expect(existsSync(s.path)).toBe(false);
    s.dispose();
  });

  it('needs a directory it can be made in', () => {
    expect(() => new DiskScratch(join(tempDir(), 'none'))).toThrow(
      /^command line: --disk-dir cannot hold a scratch directory: ENOENT/,
    );
  });
});

describe('the size of the device a filesystem is on', () => {
  it('reads 512-byte sectors from /sys/dev/block, and no device for major 0 (tmpfs, overlay)', () => {
    const read = (p: string) => {
      if (p !== '/sys/dev/block/253:0/size') throw new Error(`unexpected ${p}`);
      return '536870912\n';
    };
    expect(blockDeviceBytes('253:0', read)).toBe(536870912 * 512);
    expect(blockDeviceBytes('0:51', read)).toBeNull();
    expect(blockDeviceBytes('nonsense', read)).toBeNull();
    expect(blockDeviceBytes('8:1', () => 'x')).toBeNull();
  });
});
