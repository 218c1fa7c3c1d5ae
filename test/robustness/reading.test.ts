/**
 * Result files are untrusted input: size-limited before reading, refused when they are not regular
 * files (a pipe would block, a device never ends), validated before use and never evaluated.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_RESULT_BYTES, readResultFile } from '../../src/results/reader.js';
import { MAX_SCENARIO_BYTES } from '../../src/scenario/validate.js';
import { readJsonFile } from '../../src/core/json-file.js';
import { InputError } from '../../src/core/errors.js';
import { tempDir } from '../helpers.js';
import { GOOD_RESULT, runCli } from './support.js';

describe('the size limit', () => {
  it('is 256 MiB for result files and 1 MiB for scenarios', () => {
    expect(MAX_RESULT_BYTES).toBe(256 * 2 ** 20);
    expect(MAX_SCENARIO_BYTES).toBe(2 ** 20);
  });

  it('refuses a result file over a (lowered) limit before reading it, and reads it under the default', () => {
    const size = readFileSync(GOOD_RESULT).length;
    expect(() => readResultFile(GOOD_RESULT, size - 1)).toThrow(
      new InputError(GOOD_RESULT, '', `is ${size} bytes, more than the ${size - 1}-byte limit`),
    );
    expect(readResultFile(GOOD_RESULT, size).cases.length).toBeGreaterThan(0);
    expect(readResultFile(GOOD_RESULT).cases.length).toBeGreaterThan(0);
  });

  it('refuses a 300 MiB result file (sparse: no disk used) at once, with exit code 2', async () => {
    const dir = tempDir();
    const big = join(dir, 'huge.json');
    writeFileSync(big, '{"schema": "chainmark/result@1", "cases": [');
    truncateSync(big, 300 * 2 ** 20);
    const t0 = Date.now();
    const res = await runCli(['report', big, '--format', 'md']);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(
      `chainmark: ${big}: is ${300 * 2 ** 20} bytes, more than the ${MAX_RESULT_BYTES}-byte limit (256 MiB)\n`,
    );
    // Refused from its size, not after reading 300 MiB.
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});

describe('files that are not regular files', () => {
  it('a named pipe is refused instead of blocking forever', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const res = await runCli(['compare', GOOD_RESULT, fifo]);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(`chainmark: ${fifo}: is a pipe, not a file\n`);
  });

  it('a device is refused instead of read without end', () => {
    expect(() => readJsonFile('/dev/zero')).toThrow(new InputError('/dev/zero', '', 'is a device, not a file'));
    expect(() => readResultFile('/dev/urandom')).toThrow(/is a device, not a file/);
  });
});

describe('nothing in a result file is evaluated', () => {
  it('code in strings stays text, and a "__proto__" key pollutes nothing', async () => {
    const dir = tempDir();
    const file = join(dir, 'hostile.json');
    const raw = JSON.parse(readFileSync(GOOD_RESULT, 'utf8')) as {
      system: Record<string, unknown>;
      run: { scenario: { name: string } };
    };
    raw.run.scenario.name = '${process.exit(3)}`; require("child_process")';
    raw.system.hostname = '<script>alert(1)</script>';
    const text = JSON.stringify(raw).replace('"system":{', '"system":{"__proto__":{"polluted":true},');
    writeFileSync(file, text);

    const result = readResultFile(file);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.run.scenario.name).toBe('${process.exit(3)}`; require("child_process")');

    const res = await runCli(['report', file, '--format', 'md']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('process.exit(3)');
  });
});
