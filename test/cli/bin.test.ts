import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exporterNames } from '../../src/report/exporters.js';
import { ROOT, cli } from '../helpers.js';

// `npm ci && npx chainmark …` on a fresh clone: the bin npm points at must be executable, because
// for the package's own directory npx runs it directly rather than through an installed link.
describe('the chainmark command after a build', () => {
  const bin = join(ROOT, 'dist/src/cli/main.js');

  it('is an executable file with a node shebang', () => {
    expect(statSync(bin).mode & 0o111).toBe(0o111);
    expect(spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('runs through npx from the project directory', () => {
    const r = spawnSync('npx', ['--no-install', 'chainmark', '--version'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('names every report format in its help', () => {
    const help = cli(['--help']).stdout;
    // The command's line and the description's wrapped lines, up to the next command.
    const lines = help.split('\n');
    const start = lines.findIndex((l) => l.includes('chainmark report'));
    const end = lines.findIndex((l, i) => i > start && /^\s+chainmark \w/.test(l));
    const line = lines.slice(start, end).join(' ');
    for (const name of exporterNames()) expect(line, name).toContain(name);
  });
});
