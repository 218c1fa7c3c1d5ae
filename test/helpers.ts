import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
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

/** What `cliAsync` resolves to: the fields of `cli`'s result that the tests read. */
export type CliResult = Pick<SpawnSyncReturns<string>, 'status' | 'signal' | 'stdout' | 'stderr'>;

/**
 * `cli` without blocking the test file: a run of the CLI mostly keeps one core busy (its worker
 * thread, or its own start-up), so on two cores two tests of a `describe.concurrent` block run
 * side by side (the integration project's maxConcurrency). Killed after `timeoutMs`, as `cli` is.
 */
export function cliAsync(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...opts.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGTERM'), opts.timeoutMs ?? 120_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
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

/**
 * Poll `probe` every `intervalMs` until it returns a value (not undefined), or fail after
 * `timeoutMs` naming `what` was awaited.
 */
export async function eventually<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
