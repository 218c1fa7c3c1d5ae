/**
 * The real Prometheus servers of the end-to-end tests, from Debian's packages (CI installs them:
 * .ci/run): each is started on 127.0.0.1 at a port found free at run time, waited for until it
 * answers its readiness URL, and stopped by the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const BINARIES = {
  pushgateway: '/usr/bin/prometheus-pushgateway',
  nodeExporter: '/usr/bin/prometheus-node-exporter',
  prometheus: '/usr/bin/prometheus',
} as const;

/** The packages whose binaries are missing here, by Debian name. */
export function missingPackages(): string[] {
  const packages: Record<keyof typeof BINARIES, string> = {
    pushgateway: 'prometheus-pushgateway',
    nodeExporter: 'prometheus-node-exporter',
    prometheus: 'prometheus',
  };
  return (Object.keys(BINARIES) as (keyof typeof BINARIES)[])
    .filter((k) => !existsSync(BINARIES[k]))
    .map((k) => packages[k]);
}

/** A port nobody listens on now: the kernel picks it, the probe socket is closed again. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  url: string;
  port: number;
  /** What the server wrote, for a failing assertion's message. */
  log: () => string;
  stop: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Start `binary` with the arguments for a port, wait until GET `url + readyPath` answers 200 (or `readyStatus`). A
 * server that exits first (the port was taken in between) is started again on another port.
 */
export async function startServer(
  binary: string,
  args: (port: number) => string[],
  readyPath: string,
  timeoutMs = 30_000,
  /** The status that says it is up (a server behind authentication answers 401). */
  readyStatus = 200,
): Promise<Server> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(binary, args(port), { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    let exited = false;
    child.once('exit', () => (exited = true));
    const url = `http://127.0.0.1:${port}`;
    const stop = async (): Promise<void> => {
      if (exited) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    };
    const deadline = Date.now() + timeoutMs;
    while (!exited && Date.now() < deadline) {
      try {
        const res = await fetch(url + readyPath, { signal: AbortSignal.timeout(1000) });
        await res.body?.cancel();
        if (res.status === readyStatus) return { url, port, log: () => log, stop };
      } catch {
        /* not listening yet */
      }
      await sleep(100);
    }
    await stop();
    if (!exited || attempt >= 3) throw new Error(`${binary} did not become ready at ${url}${readyPath}:\n${log}`);
  }
}

/** GET a URL's body as text, failing on an error status. */
export async function getText(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${text}`);
  return text;
}

/** The sample lines of a family in an exposition text (Prometheus sorts labels by name). */
export const linesOf = (text: string, family: string): string[] =>
  text.split('\n').filter((l) => l.startsWith(`${family}{`) || l.startsWith(`${family} `));
