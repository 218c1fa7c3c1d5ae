import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { atLeast, SOURCE, writeProfile } from './support.js';
import { findFio } from '../../src/qualify/fio.js';

const hasFio = !('unavailable' in findFio());

describe('chainmark qualify', () => {
  it.skipIf(!hasFio)(
    'measures a small profile end to end: verdicts with margins in the file, --strict exits 1, nothing left on disk',
    () => {
      const dir = tempDir();
      const diskDir = tempDir('chainmark-disk-');
      const file = writeProfile(dir, [
        atLeast('threads', 'cpu-logical-cores', 1, 'threads'),
        atLeast('huge', 'cpu-logical-cores', 100000, 'threads'),
        atLeast('copy', 'memory-copy', 1, 'MiB/s', { grade: 'native' }),
        atLeast('seq', 'disk-seq-write', 1, 'MB/s'),
        atLeast('iops', 'disk-rand-read-iops', 1, 'IOPS'),
        atLeast('readbw', 'disk-rand-read', 1, 'MB/s'),
        atLeast('net', 'network-bandwidth', 1, 'Gbit/s'),
      ]);
      const out = join(dir, 'q.json');
      const r = cli(
        [
          'qualify',
          '--profile-file',
          file,
          '--disk-dir',
          diskDir,
          '--disk-size',
          '16M',
          '--disk-seconds',
          '1',
          '--time',
          '50',
          '--warmup',
          '20',
          '--repeat',
          '3',
          '--out',
          out,
          '--strict',
          '--no-progress',
        ],
        { timeoutMs: 90_000 },
      );
      expect(r.stderr).toMatch(/--strict: a minimum requirement failed/);
      expect(r.status).toBe(1);
      const result = JSON.parse(readFileSync(out, 'utf8'));
      const byId = Object.fromEntries(result.cases.map((c: { id: string }) => [c.id, c]));
      expect(byId['qualify/tiny/threads']).toMatchObject({ status: 'ok', verdict: 'pass', kind: 'qualification' });
      expect(byId['qualify/tiny/huge']).toMatchObject({ status: 'ok', verdict: 'fail' });
      expect(byId['qualify/tiny/huge'].margin).toBeLessThan(0.01);
      expect(byId['qualify/tiny/copy']).toMatchObject({ status: 'ok', verdict: 'pass' });
      expect(byId['qualify/tiny/copy'].measured.case).toBe('copy/memcpy/node/64MiB/t1');
      expect(byId['qualify/tiny/copy'].metrics.margin.samples).toHaveLength(3);
      expect(byId['qualify/tiny/seq']).toMatchObject({ status: 'ok', verdict: 'pass', backend: 'fio' });
      expect(byId['qualify/tiny/seq'].measured.by).toMatch(/^fio-\d/);
      expect(byId['qualify/tiny/seq'].settings.disk).toMatchObject({ sizeBytes: 16 << 20, seconds: 1 });
      // IOPS and bandwidth of the same 4 KiB job: one is the other times the block size (MB/s = 1e6 B/s).
      const iops = byId['qualify/tiny/iops'].measured.value;
      expect(iops).toBeGreaterThan(1);
      expect((iops * 4096) / 1e6 / byId['qualify/tiny/readbw'].measured.value).toBeCloseTo(1, 1);
      expect(byId['qualify/tiny/threads'].settings.disk).toBeUndefined();
      expect(byId['qualify/tiny/net']).toMatchObject({ status: 'skipped', verdict: 'not-measured' });
      // The verdict table on stdout, the profile line last.
      expect(r.stdout).toMatch(/tiny\s+huge\s+2?\d*\.?\d* threads\s+≥ 100k threads\s+0\.0\d×\s+FAIL/);
      expect(r.stdout).toMatch(/tiny \(A tiny chain\): does not qualify — 5 of 7 pass, 1 fail, 1 not measured/);
      // fio's scratch directory is gone; the result file reads back (report).
      expect(readdirSync(diskDir)).toEqual([]);
      const md = cli(['report', out, '--format', 'md']);
      expect(md.status).toBe(0);
    },
  );

  it('without --strict a failed requirement still exits 0, and host facts need no disk', () => {
    const dir = tempDir();
    const file = writeProfile(dir, [
      atLeast('huge', 'cpu-logical-cores', 100000, 'threads'),
      { id: 'sse2', title: 'A flag', measure: 'cpu-flag', flag: 'no_such_flag', comparison: 'present', source: SOURCE },
    ]);
    const out = join(dir, 'q.json');
    const r = cli(['qualify', '--profile-file', file, '--out', out, '--no-progress']);
    expect(r.status).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.cases.map((c: { verdict: string }) => c.verdict)).toEqual(['fail', 'fail']);
    expect(result.cases[0].settings.disk).toBeUndefined();
  });

  it('a bad profile file is one line naming the file, the field and the value, exit 2, no result file', () => {
    const dir = tempDir();
    const file = writeProfile(dir, [atLeast('x', 'cpu-logical-cores', 1, 'GiB')]);
    const out = join(dir, 'q.json');
    const r = cli(['qualify', '--profile-file', file, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/tiny\.json: requirements\[0\]\.unit must be a unit of count .*got "GiB"/);
    expect(existsSync(out)).toBe(false);
  });

  it('an unknown bundled profile and a bad --disk-size are refused before anything runs', () => {
    const a = cli(['qualify', '--profile', 'nochain']);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/--profile.*nochain/);
    const b = cli(['qualify', '--profile', 'polkadot', '--disk-size', 'lots']);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/--disk-size must be a size such as 256M or 1G, got "lots"/);
  });
});
