/** Helpers for the robustness tests: the CLI as a live child process, and small scenario files. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT } from '../helpers.js';

export const BACKENDS_DIR = join(ROOT, 'test', 'fixtures', 'backends');
export const BAD_DIR = join(ROOT, 'test', 'fixtures', 'bad');
export const GOOD_RESULT = join(ROOT, 'test', 'fixtures', 'results', 'base.json');

/** Fast settings for tiny cases: short windows, one thread. */
export const FAST = ['--time', '30', '--warmup', '5', '--repeat', '2', '--threads', '1', '--no-progress'];

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** When the process ended (Date.now()). */
  endedAt: number;
}

export interface LiveCli {
  child: ChildProcess;
  stderr(): string;
  /** Resolves once stderr matches, rejects after timeoutMs. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<Exited>;
}

/** Start the compiled CLI without waiting for it (CI=true: one progress line per finished case). */
export function startCli(args: string[], env: Record<string, string> = {}): LiveCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...env },
  });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<Exited>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, endedAt: Date.now() })),
  );
  return {
    child,
    stderr: () => stderr,
    exited,
    waitForStderr(pattern, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stderr)) return;
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(check), 1);
          reject(new Error(`stderr did not match ${pattern} within ${timeoutMs} ms:\n${stderr}`));
        }, timeoutMs);
        waiters.push(check);
        check();
        void exited.then(() => setTimeout(check, 0));
      });
    },
  };
}

/** Run the CLI to its end, asynchronously (several can run at once). */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<Exited> {
  return startCli(args, env).exited;
}

export function writeScenario(dir: string, name: string, body: object): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, ...body }));
  return file;
}

/** Temp files the writer left behind in a directory. */
export function tempFilesIn(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith('.chainmark-tmp-'));
}

/** Run `f` over `items` with at most `limit` at a time, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
