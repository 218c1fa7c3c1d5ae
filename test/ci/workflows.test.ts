/**
 * scripts/check-workflows.mjs (`npm run workflows`, one of CI's checks): the repository's own
 * workflow files pass, and a directory of broken ones fails, each file named with its problem.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';

const SCRIPT = join(ROOT, 'scripts', 'check-workflows.mjs');
const check = (args: string[]) =>
  spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

/** A valid workflow; each broken one below is this with one change. */
const VALID = `name: t
on:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-24.04
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@v4
      - run: echo hi
`;
const edit = (from: string, to: string) => {
  expect(VALID).toContain(from);
  return VALID.replace(from, to);
};

describe('scripts/check-workflows.mjs', () => {
  it("passes the repository's workflows, one ok line per file", () => {
    const files = readdirSync(join(ROOT, '.github', 'workflows')).filter((f) => /\.ya?ml$/.test(f));
    expect(files).toContain('fleet.yml');
    const r = check([]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').sort()).toEqual(files.map((f) => `ok   .github/workflows/${f}`).sort());
  });

  it('fails a directory with broken workflows, naming each file, the line and the problem', () => {
    const dir = tempDir();
    const broken: Record<string, [string, RegExp]> = {
      'unknown-job-key.yml': [
        edit('    timeout-minutes: 10\n', '    timeout-minutes: 10\n    colour: blue\n'),
        /11:5 Unexpected value 'colour'/,
      ],
      'no-runs-on.yml': [edit('    runs-on: ubuntu-24.04\n', ''), /9:5 Required property is missing: runs-on/],
      'bad-event.yml': [edit('  push:\n', '  pushh:\n'), /3:3 Unexpected value 'pushh'/],
      'wrong-type.yml': [edit('timeout-minutes: 10', 'timeout-minutes: [10]'), /10:22 A sequence was not expected/],
      'unknown-context.yml': [edit('echo hi', 'echo ${{ nosuch.value }}'), /Unrecognized named-value: 'nosuch'/],
      'bad-cron.yml': [
        edit('    branches: [main]\n', '    branches: [main]\n  schedule:\n    - cron: "61 * * * *"\n'),
        /Invalid cron expression/,
      ],
      'needs-unknown-job.yml': [
        edit('jobs:\n', 'jobs:\n  first:\n    needs: [build, nosuch]\n    runs-on: x\n    steps: [{ run: echo }]\n'),
        /Job 'first' depends on unknown job 'nosuch'/,
      ],
      // Two problems, one found by parsing and one by the checks across keys: both listed.
      'two-problems.yml': [
        edit('    timeout-minutes: 10\n', '    timeout-minutes: 10\n    needs: nosuch\n    colour: blue\n'),
        /12:5 Unexpected value 'colour'; 8:3 The workflow must contain at least one job with no dependencies/,
      ],
      // The YAML parser's messages run over several lines: still one line for the file.
      'not-yaml.yml': [
        'on: push\njobs:\n  a:\n    runs-on: x\n   steps: [\n',
        /5:1 All mapping items must start at the same column at line 5, column 1(;|$)/,
      ],
      // A terminal escape in the file's own text is shown escaped, not sent to the terminal.
      'control-characters.yml': [
        edit('    timeout-minutes: 10\n', '    timeout-minutes: 10\n    "\\e[31mred": 1\n'),
        /Unexpected value '\\u001b\[31mred'/,
      ],
    };
    for (const [name, [text]] of Object.entries(broken)) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, 'valid.yaml'), VALID);
    writeFileSync(join(dir, 'notes.txt'), 'not a workflow: ignored');

    const r = check([dir]);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(Object.keys(broken).length + 1);
    expect(lines).toContain(`ok   ${join(dir, 'valid.yaml')}`);
    for (const [name, [, problem]] of Object.entries(broken)) {
      const line = lines.find((l) => l.startsWith(`FAIL ${join(dir, name)}: `));
      expect(line, name).toMatch(problem);
    }
  });

  it('fails a directory with no workflow file, and refuses one it cannot read (exit 2)', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub.yml')); // a directory with a workflow's name is not a file
    const empty = check([dir]);
    expect(empty.status).toBe(1);
    expect(empty.stdout).toBe(`FAIL ${dir}: no workflow file (*.yml, *.yaml) in the directory\n`);

    const missing = check([join(dir, 'absent')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`check-workflows: ${join(dir, 'absent')}: cannot read the directory (ENOENT)\n`);
  });
});
