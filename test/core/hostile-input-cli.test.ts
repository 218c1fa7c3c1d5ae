/**
 * Hostile files and arguments through the CLI: nesting that would overflow the stack and keys
 * given twice end as one line and exit code 2; escape sequences from a result file or a path never
 * reach the terminal raw.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cliAsync, tempDir, type CliResult } from '../helpers.js';

const BASE = join(ROOT, 'test', 'fixtures', 'results', 'base.json');
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

/** base.json with `edit` applied, written as text into a temp dir. */
function resultFile(dir: string, name: string, edit: (text: string) => string): string {
  const path = join(dir, name);
  writeFileSync(path, edit(readFileSync(BASE, 'utf8')));
  return path;
}

function expectOneLineRefusal(r: CliResult, pattern: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
}

// Every CLI run here is refused or reads a small file, in a temp dir of its own: two tests at a
// time (vitest.config.ts).
describe.concurrent('100 000 levels of nesting: exit 2 naming the file and the field', () => {
  it('in a scenario file, before anything runs or is written', async () => {
    const dir = tempDir();
    const scenario = join(dir, 'deep.json');
    writeFileSync(scenario, `{"name":"deep","cases":[{"op":"hash","algorithms":${nested(100_000)}}]}`);
    const out = join(dir, 'out');
    const r = await cliAsync(['run', scenario, '--out', `${out}/`, '--no-progress']);
    expectOneLineRefusal(
      r,
      /^chainmark: .*deep\.json: cases\[0\]\.algorithms(\[0\])+… nests lists and objects more than 64 levels deep/,
    );
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('in a result file read by compare, check and report', async () => {
    const dir = tempDir();
    const deep = resultFile(dir, 'deep.json', (t) =>
      t.replace('"hostnameAnonymized"', `"extra": ${nested(100_000)}, "hostnameAnonymized"`),
    );
    for (const args of [
      ['compare', BASE, deep],
      ['check', '--baseline', BASE, '--current', deep],
      ['report', deep, '--format', 'json'],
    ])
      expectOneLineRefusal(
        await cliAsync(args),
        /^chainmark: .*deep\.json: system\.extra(\[0\])+… nests lists and objects more than 64 levels/,
      );
  });
});

it('a key given twice in a result file: exit 2 naming the file and the key', async () => {
  const dir = tempDir();
  const dup = resultFile(dir, 'dup.json', (t) =>
    t.replace('"hostname": "runner-a",', '"hostname": "runner-a", "hostname": "runner-b",'),
  );
  expectOneLineRefusal(
    await cliAsync(['report', dup, '--format', 'csv']),
    /^chainmark: .*dup\.json: system\.hostname is given twice in one object/,
  );
});

describe.concurrent('escape sequences from a result file or a path never reach the terminal raw', () => {
  const HOST = 'evil\u001b[2J\u001b]0;owned\u0007\r\nfake line\u009b31m';
  const hostile = () =>
    resultFile(tempDir(), 'hostile.json', (t) =>
      t
        .replace('"hostname": "runner-a"', `"hostname": ${JSON.stringify(HOST)}`)
        .replace('"id": "verify/ed25519/node/t1"', `"id": ${JSON.stringify('verify/\u001b[31med25519\r/t1')}`),
    );

  it('compare and check show hostname and case id escaped, and compare keeps its own colours', async () => {
    const file = hostile();
    for (const args of [
      ['compare', BASE, file],
      ['check', '--baseline', BASE, '--current', file],
    ]) {
      const r = await cliAsync(args);
      expect(r.stdout).toContain('evil\\x1b[2J\\x1b]0;owned\\x07\\r\\nfake line\\x9b31m');
      expect(r.stdout).toContain('verify/\\x1b[31med25519\\r/t1');
      expect(r.stdout).not.toMatch(CONTROL);
    }
    const coloured = await cliAsync(['compare', BASE, file], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    // eslint-disable-next-line no-control-regex -- our own SGR colour codes
    expect(coloured.stdout).toMatch(/\u001b\[\d+m/);
    expect(coloured.stdout).not.toContain('\u001b[2J');
    expect(coloured.stdout).not.toContain('\u001b[31med25519');
  });

  it('an error line quoting a path with a newline and ESC is one escaped line', async () => {
    const r = await cliAsync(['compare', BASE, 'no\nsuch\u001b[2Jfile.json']);
    expectOneLineRefusal(r, /^chainmark: no\\nsuch\\x1b\[2Jfile\.json: cannot be read \(ENOENT\)$/m);
  });
});
