/**
 * Ctrl-C while fio measures the disk: the run stops, the requirement measured before it stays in
 * the file, fio is stopped and its scratch directory removed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFio } from '../../src/qualify/fio.js';
import { readResultFile } from '../../src/results/reader.js';
import { eventually, tempDir } from '../helpers.js';
import { startCli } from '../robustness/support.js';
import { atLeast, writeProfile } from './support.js';

const hasFio = !('unavailable' in findFio());

/** fio processes whose command line names `dir`. */
function fioIn(dir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes('fio') && l.includes(dir));
}

describe('SIGINT during the disk measurement', () => {
  it.skipIf(!hasFio)(
    'exits 130, keeps what was measured, stops fio and removes its files',
    async () => {
      const dir = tempDir();
      const diskDir = tempDir('chainmark-disk-');
      const file = writeProfile(dir, [
        atLeast('threads', 'cpu-logical-cores', 1, 'threads'),
        atLeast('seq', 'disk-seq-write', 1, 'MB/s'),
      ]);
      const out = join(dir, 'q.json');
      const run = startCli([
        'qualify',
        '--profile-file',
        file,
        '--disk-dir',
        diskDir,
        '--disk-size',
        '16M',
        '--disk-seconds',
        '30',
        '--out',
        out,
      ]);
      await run.waitForStderr(/^\[1\/2\] qualify\/tiny\/threads ok$/m);
      // fio is running once its scratch directory holds the data file.
      await eventually(
        () => readdirSync(diskDir).some((d) => existsSync(join(diskDir, d, 'disk-test.dat'))) || undefined,
        'fio to create its file',
        20_000,
      );
      expect(fioIn(diskDir).length).toBeGreaterThan(0);
      run.child.kill('SIGINT');
      const res = await run.exited;
      expect(res.code, res.stderr).toBe(130);
      expect(readdirSync(diskDir)).toEqual([]);
      await eventually(() => fioIn(diskDir).length === 0 || undefined, 'fio to be gone', 3000);
      const result = readResultFile(out);
      expect(result.run.status).toBe('interrupted');
      expect(result.cases.map((c) => c.id)).toEqual(['qualify/tiny/threads']);
    },
    60_000,
  );
});
