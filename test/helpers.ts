import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** Run the compiled CLI; NO_COLOR keeps output plain. */
export function cli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...opts.env },
    timeout: opts.timeoutMs ?? 120_000,
  });
}

const created: string[] = [];

/**
 * A fresh directory under the OS temp dir, removed after the test file ends (test/setup.ts)
 * unless `keep` says its contents are for a person to look at afterwards (screenshots).
 */
export function tempDir(prefix = 'chainmark-test-', keep = false): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (!keep) created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
