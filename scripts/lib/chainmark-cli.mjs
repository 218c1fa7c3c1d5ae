// Running the compiled chainmark CLI (dist/, `npm run build` first) from the measuring scripts:
// optionally pinned with `taskset -c CPUS`, colours off, no GitHub job summary written.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** A runner of chainmark commands, each under `taskset -c pin` when pin is not ''. */
export function chainmarkRunner(pin) {
  function chainmark(args) {
    const [cmd, argv] = pin
      ? ['taskset', ['-c', pin, process.execPath, CLI, ...args]]
      : [process.execPath, [CLI, ...args]];
    const r = spawnSync(cmd, argv, {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '' },
    });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  /** The same, but a command that fails ends the script with exit 2 and chainmark's stderr. */
  function mustRun(args) {
    const r = chainmark(args);
    if (r.status !== 0) {
      process.stderr.write(`chainmark ${args.join(' ')} exited ${r.status}\n${r.stderr}`);
      process.exit(2);
    }
    return r;
  }
  return { chainmark, mustRun };
}
