/**
 * Output safety: result files are replaced atomically (a temp file in the same directory, then a
 * rename), an output location that cannot be written (not a directory, no permission, no space)
 * is refused with exit code 2 and no temp file left, and runs never overwrite each other's file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createNew, createUnique, writeAtomic } from '../../src/results/writer.js';
import { InputError } from '../../src/core/errors.js';
import type { ResultFile } from '../../src/results/schema.js';
import { CLI, ROOT, tempDir } from '../helpers.js';
import { FAST, runCli, startCli, tempFilesIn, writeScenario, type Exited } from './support.js';

const WRITER = pathToFileURL(join(ROOT, 'dist', 'src', 'results', 'writer.js')).href;
const isRoot = process.getuid?.() === 0;
// Root ignores permission bits; as root, the permission test runs the CLI as nobody instead.
// (nobody must be able to start the CLI: a checkout inside a private directory is out of its reach).
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];
const asNobody = isRoot && spawnSync('setpriv', [...NOBODY, process.execPath, CLI, '--version']).status === 0;
if (isRoot && !asNobody)
  console.warn(
    'NOTICE: running as root, and user nobody cannot run this checkout (no setpriv, or a private directory): the write-permission test is skipped',
  );

/** The CLI as user and group nobody (65534), for tests that need permission bits to apply. */
function cliAsNobody(args: string[]): Promise<Exited> {
  const child = spawn('setpriv', [...NOBODY, process.execPath, CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', CI: 'true' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, endedAt: Date.now() })),
  );
}

/** Run a Node ES module script (read from stdin) in a child process, optionally under a shell prefix such as ulimit. */
function node(script: string, shellPrefix = ''): Promise<Exited> {
  const child = spawn('bash', ['-c', `${shellPrefix}exec "$0" --input-type=module`, process.execPath], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(script);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, endedAt: Date.now() })),
  );
}

describe('writeAtomic', () => {
  it('writes through a temp file in the target directory, then renames it over the target', async () => {
    const dir = tempDir();
    const target = join(dir, 'r.json');
    writeFileSync(target, 'old\n');
    const seen: string[] = [];
    const watcher = watch(dir, (_, name) => name && seen.push(String(name)));
    writeAtomic(target, 'new\n');
    await new Promise((r) => setTimeout(r, 200));
    watcher.close();
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    expect(seen.some((n) => n.startsWith('.chainmark-tmp-'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  it('never renames a short write into place: on a file size limit (as on a full disk) the old file stays whole', async () => {
    const dir = tempDir();
    const target = join(dir, 'r.json');
    const old = JSON.stringify({ old: true });
    writeFileSync(target, old);
    // ulimit -f 4: files may not grow past 4 KiB; write(2) then stores part of the data and the
    // next write fails with EFBIG, as a nearly full disk stores part and then fails with ENOSPC.
    const script = `import { writeAtomic } from ${JSON.stringify(WRITER)};
try { writeAtomic(${JSON.stringify(target)}, JSON.stringify({ filler: 'x'.repeat(10000) })); console.log('written'); }
catch (e) { console.log(e.name + ': ' + e.message); }`;
    const res = await node(script, 'ulimit -f 4; ');
    expect(res.stdout.trim()).toBe(
      `InputError: ${target}: cannot be written (file too large for this file system or process limit, EFBIG)`,
    );
    expect(readFileSync(target, 'utf8')).toBe(old);
    expect(tempFilesIn(dir)).toEqual([]);
  });
});

describe('createUnique', () => {
  it('gives processes racing for the same name distinct files, each whole', async () => {
    const dir = tempDir();
    const n = 8;
    const script = (i: number) => `import { createUnique } from ${JSON.stringify(WRITER)};
console.log(createUnique(${JSON.stringify(dir)}, '20261128T012711Z-vm-quick', JSON.stringify({ writer: ${i}, pad: 'y'.repeat(20000) })));`;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => node(script(i))));
    const paths = results.map((r) => r.stdout.trim());
    expect(new Set(paths).size).toBe(n);
    const expected = [
      '20261128T012711Z-vm-quick.json',
      ...Array.from({ length: n - 1 }, (_, i) => `20261128T012711Z-vm-quick-${i + 2}.json`),
    ];
    expect(readdirSync(dir).sort()).toEqual(expected.sort());
    paths.forEach((p, i) => expect((JSON.parse(readFileSync(p, 'utf8')) as { writer: number }).writer).toBe(i));
  });

  it('refuses a directory path whose parent is a regular file, naming the reason', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'afile'), '');
    expect(() => createUnique(join(dir, 'afile', 'sub'), 'r', '{}')).toThrow(InputError);
    expect(() => createUnique(join(dir, 'afile', 'sub'), 'r', '{}')).toThrow(
      /cannot be written \(a parent in the path is a file, not a directory, ENOTDIR\)/,
    );
  });
});

// Three runs refused before they measure anything, each into a path of its own: two at a time
// (vitest.config.ts).
describe.concurrent('chainmark run with an output it cannot write', () => {
  const dir = tempDir();
  const scenario = writeScenario(dir, 'tiny-out', {
    cases: [{ op: 'hash', algorithms: ['sha256'], sizes: [32], backends: ['node'] }],
  });

  it('a path through a regular file: exit 2, one line, nothing run or written', async () => {
    writeFileSync(join(dir, 'plain-file'), 'not a directory\n');
    const res = await runCli(['run', scenario, ...FAST, '--out', `${join(dir, 'plain-file', 'results')}/`]);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toBe(
      `chainmark: ${join(dir, 'plain-file', 'results')}: cannot be written (a parent in the path is a file, not a directory, ENOTDIR)\n`,
    );
    expect(readFileSync(join(dir, 'plain-file'), 'utf8')).toBe('not a directory\n');
  });

  it('a file size limit (standing in for a full disk): exit 2, no result and no temp file', async () => {
    const out = join(dir, 'full');
    mkdirSync(out);
    const res = await node(
      `process.argv = [process.argv[0], ${JSON.stringify(join(ROOT, 'dist', 'src', 'cli', 'main.js'))}, ${['run', scenario, ...FAST, '--out', `${out}/`].map((a) => JSON.stringify(a)).join(', ')}];
await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'src', 'cli', 'main.js')).href)});`,
      // GIT_OPTIONAL_LOCKS=0: the run's `git status` (src/system/specs.ts) would otherwise refresh the
      // checkout's index under the same limit, be killed writing it, and leave .git/index.lock behind.
      'ulimit -f 2; export GIT_OPTIONAL_LOCKS=0; ',
    );
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(
      /^chainmark: .*: cannot be written \(file too large for this file system or process limit, EFBIG\)\n$/,
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it.skipIf(isRoot && !asNobody)('a directory without write permission: exit 2, nothing left in it', async () => {
    const out = join(dir, 'read-only');
    mkdirSync(out);
    chmodSync(out, 0o555);
    if (asNobody) chmodSync(dir, 0o755); // nobody must reach the scenario file and the directory
    try {
      const args = ['run', scenario, ...FAST, '--out', `${out}/`];
      const res = asNobody ? await cliAsNobody(args) : await runCli(args);
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toMatch(/cannot be written \(permission denied, EACCES\)\n$/);
      expect(readdirSync(out)).toEqual([]);
    } finally {
      chmodSync(out, 0o755);
    }
  });
});

describe('an explicit --out file that exists', () => {
  const dir = tempDir();
  const scenario = writeScenario(dir, 'tiny-exact', {
    cases: [{ op: 'hash', algorithms: ['sha256'], sizes: [32], backends: ['node'] }],
  });

  it('is never replaced: a second run into it is refused before it runs, exit 2, and the first stays whole', async () => {
    const out = join(dir, 'r.json');
    const first = await runCli(['run', scenario, ...FAST, '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    const before = readFileSync(out, 'utf8');
    const second = await runCli(['run', scenario, ...FAST, '--out', out]);
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(
      `chainmark: ${out}: already exists; a result file is never replaced: remove it, name a new file, or give a directory (e.g. --out results/) for a fresh name per run\n`,
    );
    expect(second.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['r.json', 'tiny-exact.json']);
  });

  it('taken between the check and the write (another run won the race): the exclusive create refuses it', () => {
    const race = tempDir();
    expect(createNew(race, 'r.json', 'first\n')).toBe(join(race, 'r.json'));
    expect(() => createNew(race, 'r.json', 'second\n')).toThrow(
      /r\.json: already exists; a result file is never replaced/,
    );
    expect(readFileSync(join(race, 'r.json'), 'utf8')).toBe('first\n');
    expect(tempFilesIn(race)).toEqual([]);
  });
});

describe('an --out that is not a directory', () => {
  const dir = tempDir();
  const scenario = writeScenario(dir, 'tiny-notdir', {
    cases: [{ op: 'hash', algorithms: ['sha256'], sizes: [32], backends: ['node'] }],
  });

  it.each([
    ['a file named as the directory of an --out file', () => join(dir, 'plain', 'r.json'), () => join(dir, 'plain')],
    ['/dev/null as the directory', () => '/dev/null', () => '/dev/null'],
  ])('%s: the real reason, not EEXIST', async (_, out, shown) => {
    writeFileSync(join(dir, 'plain'), 'a file\n');
    const res = await runCli(['run', scenario, ...FAST, '--out', out()]);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(`chainmark: ${shown()}: cannot be written (it exists and is not a directory)\n`);
    expect(readFileSync(join(dir, 'plain'), 'utf8')).toBe('a file\n');
  });
});

describe('two runs at once into the same directory', () => {
  it('each writes its own file, every read of either file parses (atomic replacement), and no temp file remains', async () => {
    const dir = tempDir();
    const out = join(dir, 'results');
    const scenario = writeScenario(dir, 'same-second', {
      cases: [{ op: 'hash', algorithms: ['sha256', 'sha512', 'sha3-256'], sizes: [32], backends: ['node'] }],
    });
    const args = [
      'run',
      scenario,
      '--time',
      '60',
      '--warmup',
      '5',
      '--repeat',
      '2',
      '--threads',
      '1',
      '--no-progress',
      '--out',
      `${out}/`,
    ];
    const runs = [startCli(args), startCli(args)];
    let reads = 0;
    const torn: string[] = [];
    let done = false;
    const exits = Promise.all(runs.map((r) => r.exited)).finally(() => (done = true));
    // Read the files as they are rewritten after every case: never a partial JSON.
    while (!done) {
      for (const f of existsSync(out) ? readdirSync(out).filter((x) => x.endsWith('.json')) : []) {
        let text: string;
        try {
          text = readFileSync(join(out, f), 'utf8');
        } catch {
          continue;
        }
        reads++;
        try {
          JSON.parse(text);
        } catch {
          torn.push(`${f}: ${text.length} bytes`);
        }
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const [a, b] = await exits;
    expect(a!.code, a!.stderr).toBe(0);
    expect(b!.code, b!.stderr).toBe(0);
    expect(torn).toEqual([]);
    expect(reads).toBeGreaterThan(10);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(2);
    expect(tempFilesIn(out)).toEqual([]);
    const results = files.map((f) => JSON.parse(readFileSync(join(out, f), 'utf8')) as ResultFile);
    expect(results[0]!.run.id).not.toBe(results[1]!.run.id);
    for (const r of results) expect(r.cases.map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
    // Each run reported its own file.
    const reported = [a!, b!].map((r) => /^result: (.*)$/m.exec(r.stderr)![1]).sort();
    expect(reported).toEqual(files.map((f) => join(out, f)));
  });
});
