/**
 * The corpus of malformed inputs in test/fixtures/bad/: each is refused with exit code 2 and one
 * line on stderr naming the file, the field and the value, with no stack trace and no file written.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { BAD_DIR, GOOD_RESULT, mapLimit, runCli, type Exited } from './support.js';

interface Fixture {
  file: string;
  command: 'run' | 'rerun' | 'compare' | 'check' | 'report' | 'merge';
  /** The field the message names; '' for a top level of the wrong kind, null for the file as a whole. */
  field: string | null;
  /** Text of the message that shows the bad value (or what is wrong with the file). */
  value: string | null;
  why: string;
}

const { fixtures } = JSON.parse(readFileSync(join(BAD_DIR, 'manifest.json'), 'utf8')) as { fixtures: Fixture[] };

/** The command line that reads `path`, writing (if at all) into `out`. */
function commandFor(f: Fixture, path: string, out: string): string[] {
  switch (f.command) {
    case 'run':
      return ['run', path, '--out', `${out}/`, '--threads', '1', '--no-progress'];
    case 'rerun':
      return ['run', '--only-failed', path, '--out', `${out}/`, '--no-progress'];
    case 'compare':
      return ['compare', GOOD_RESULT, path];
    case 'check':
      return ['check', '--baseline', GOOD_RESULT, '--current', path];
    case 'report':
      return ['report', path, '--format', 'md', '--out', join(out, 'report.md')];
    case 'merge':
      return ['merge', GOOD_RESULT, path, '--out', join(out, 'merged.json')];
  }
}

describe('the corpus of bad inputs', () => {
  it('has at least 30 fixtures, every file in the folder is listed, and every command is exercised', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    const listed = new Set(fixtures.map((f) => f.file));
    expect(
      readdirSync(BAD_DIR)
        .filter((f) => f !== 'manifest.json')
        .sort(),
    ).toEqual([...listed].sort());
    expect(new Set(fixtures.map((f) => f.command))).toEqual(
      new Set(['run', 'rerun', 'compare', 'check', 'report', 'merge']),
    );
  });

  const outcomes = new Map<string, { res: Exited; out: string; path: string }>();
  beforeAll(async () => {
    // Two cores: a few processes at a time keep the corpus to seconds without starving them.
    await mapLimit(fixtures, 4, async (f) => {
      const out = tempDir('chainmark-bad-out-');
      const path = join(BAD_DIR, f.file);
      outcomes.set(f.file, { res: await runCli(commandFor(f, path, out)), out, path });
    });
  }, 240_000);

  it.each(fixtures.map((f) => [`${f.command} ${f.file} (${f.why})`, f] as const))('%s', (_, f) => {
    const { res, out, path } = outcomes.get(f.file)!;
    expect(res.code, res.stderr).toBe(2);
    expect(res.stdout).toBe('');
    // Exactly one line, naming the file first, then the field, with no stack trace.
    expect(res.stderr.endsWith('\n') && res.stderr.indexOf('\n') === res.stderr.length - 1, res.stderr).toBe(true);
    const prefix = `chainmark: ${path}: `;
    expect(res.stderr.startsWith(prefix), res.stderr).toBe(true);
    const message = res.stderr.slice(prefix.length);
    if (f.field) expect(message.startsWith(`${f.field} `), message).toBe(true);
    if (f.value) expect(message).toContain(f.value);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    // Nothing written: not the result, not a report, not a temp file.
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('--verbose', () => {
  it('adds the stack trace to an input error (and only then)', async () => {
    const path = join(BAD_DIR, 'scenario-consensus-n3.json');
    const res = await runCli(['run', path, '--verbose', '--out', `${tempDir()}/`]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^chainmark: InputError: .*cases\[0\]\.nodes\[0\] must be at least 4/);
    expect(res.stderr).toMatch(/\n\s+at /);
  });
});
