import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResultFile, validateResult } from '../../src/results/reader.js';
import { InputError } from '../../src/core/errors.js';
import { tempDir } from '../helpers.js';

const FILE = 'results/r.json';

const rate = (samples: number[]) => ({ mean: 2, median: 2, ci95: [1, 3], cv: 0.5, outliers: 0, samples });

const okCase = (id = 'hash/sha256/noble/32B/t1') => ({
  id,
  kind: 'primitive',
  op: 'hash',
  algorithm: 'sha256',
  backend: 'noble',
  params: { sizeBytes: 32 },
  threads: 1,
  settings: { timeMs: 40, warmupMs: 10, repeat: 3 },
  wallMs: 100,
  status: 'ok',
  metrics: {
    opsPerSec: rate([1, 2, 3]),
    bytesPerSec: rate([32, 64, 96]),
    latencyMs: { mean: 0.5, p50: 0.5, p95: 0.6, p99: 0.7, count: 10 },
    perThreadOpsPerSec: [2],
    scalingEfficiency: null,
    batch: 1,
    totalOps: 6,
  },
});

/** A minimal valid result; each test breaks one thing. */
function minimal(): Record<string, any> {
  return {
    schema: 'chainmark/result@1',
    tool: { name: 'chainmark', version: '0.1.0' },
    run: {
      id: '00000000-0000-4000-8000-000000000000',
      startedAt: '2026-11-28T01:27:11.000Z',
      finishedAt: '2026-11-28T01:27:12.000Z',
      status: 'complete',
      scenario: { name: 'quick', file: 'scenarios/quick.json' },
      seed: 1,
      argv: [],
    },
    system: { fingerprint: '0123456789abcdef' },
    cases: [],
    scaling: [],
    warnings: [],
  };
}

function refusal(raw: unknown): InputError {
  try {
    validateResult(raw, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message.startsWith(`${FILE}: `)).toBe(true);
    return err as InputError;
  }
  throw new Error('the result was accepted');
}

describe('validateResult accepts', () => {
  it('a minimal valid result, returned as is', () => {
    const raw = minimal();
    expect(validateResult(raw, FILE)).toBe(raw);
  });

  it('ok, skipped and failed cases', () => {
    const raw = minimal();
    raw.cases = [
      okCase(),
      { ...okCase('hash/blake3/node/32B/t1'), status: 'skipped', metrics: undefined, error: 'OpenSSL (node:crypto) has no BLAKE3' },
      { ...okCase('hash/sha256/broken/32B/t1'), status: 'failed-check', metrics: undefined, error: 'sha256("abc") = …' },
    ];
    expect(validateResult(raw, FILE).cases).toHaveLength(3);
  });

  it('an interrupted or failed run', () => {
    for (const status of ['interrupted', 'failed']) {
      const raw = minimal();
      raw.run.status = status;
      expect(validateResult(raw, FILE).run.status).toBe(status);
    }
  });
});

describe('validateResult refuses, naming the file first', () => {
  it('a top level that is not an object', () => {
    expect(refusal([]).message).toBe(`${FILE}: is not a chainmark result file (top level is a list)`);
    expect(refusal(42).message).toBe(`${FILE}: is not a chainmark result file (top level is 42)`);
    expect(refusal(null).message).toBe(`${FILE}: is not a chainmark result file (top level is null)`);
  });

  it('a missing schema', () => {
    const raw = minimal();
    delete raw.schema;
    expect(refusal(raw).message).toBe(`${FILE}: schema must be "chainmark/result@1": not a chainmark result file, got undefined`);
  });

  it('a foreign schema', () => {
    const raw = { ...minimal(), schema: 'other/thing@1' };
    const err = refusal(raw);
    expect(err.message).toBe(`${FILE}: schema must be "chainmark/result@1": not a chainmark result file, got "other/thing@1"`);
    expect(err.field).toBe('schema');
  });

  it('a newer schema version, saying which version this chainmark reads', () => {
    const err = refusal({ ...minimal(), schema: 'chainmark/result@2' });
    expect(err.message).toMatch(/^results\/r\.json: schema is version "2"; this chainmark reads only version 1\b/);
    expect(err.message).toContain('upgrade chainmark');
  });

  it('a missing run', () => {
    const raw = minimal();
    delete raw.run;
    expect(refusal(raw).message).toBe(`${FILE}: run must be an object, got undefined`);
  });

  it('a run without its id or start time', () => {
    const raw = minimal();
    delete raw.run.startedAt;
    expect(refusal(raw).message).toBe(`${FILE}: run.startedAt must be a string, got undefined`);
  });

  it('an unknown run status', () => {
    const raw = minimal();
    raw.run.status = 'done';
    expect(refusal(raw).message).toBe(`${FILE}: run.status must be complete, interrupted or failed, got "done"`);
  });

  it('a missing system fingerprint or cases list', () => {
    const noFingerprint = minimal();
    delete noFingerprint.system.fingerprint;
    expect(refusal(noFingerprint).message).toBe(`${FILE}: system.fingerprint must be a string, got undefined`);
    const noCases = { ...minimal(), cases: {} };
    expect(refusal(noCases).message).toBe(`${FILE}: cases must be a list, got {}`);
  });

  it('duplicate case ids', () => {
    const raw = minimal();
    raw.cases = [okCase('verify/ed25519/node/t1'), okCase('verify/ed25519/node/t2'), okCase('verify/ed25519/node/t1')];
    expect(refusal(raw).message).toBe(`${FILE}: cases[2].id repeats "verify/ed25519/node/t1"`);
  });

  it('an unknown case status', () => {
    const raw = minimal();
    raw.cases = [{ ...okCase(), status: 'passed' }];
    expect(refusal(raw).message).toBe(`${FILE}: cases[0].status must be ok, failed-check, errored or skipped, got "passed"`);
  });

  it('an ok case without metrics', () => {
    const raw = minimal();
    const c = okCase();
    delete (c as Partial<typeof c>).metrics;
    raw.cases = [c];
    expect(refusal(raw).message).toBe(`${FILE}: cases[0].metrics must be an object, got undefined`);
  });

  it('a case that is not ok without an error string', () => {
    const raw = minimal();
    raw.cases = [{ ...okCase(), status: 'errored', metrics: undefined }];
    expect(refusal(raw).message).toBe(`${FILE}: cases[0].error must be a string for status errored, got undefined`);
  });

  it('non-finite or missing samples', () => {
    for (const samples of [[1, Infinity], [1, NaN, 3], [1, '2'], [1, null], 'many']) {
      const raw = minimal();
      const c = okCase();
      (c.metrics as Record<string, unknown>).bytesPerSec = rate(samples as number[]);
      raw.cases = [c];
      expect(refusal(raw).message, JSON.stringify(samples)).toMatch(
        /^results\/r\.json: cases\[0\]\.metrics\.bytesPerSec\.samples must be a list of finite numbers, got /,
      );
    }
  });

  it('NaN written to disk (JSON null) when read back with readResultFile', () => {
    const dir = tempDir();
    const path = join(dir, 'nan.json');
    const raw = minimal();
    const c = okCase();
    c.metrics.opsPerSec = rate([1, NaN, 3]);
    raw.cases = [c];
    writeFileSync(path, JSON.stringify(raw)); // NaN → null
    expect(() => readResultFile(path)).toThrow(`${path}: cases[0].metrics.opsPerSec.samples must be a list of finite numbers, got [1,null,3]`);
  });

  it('a file that is not JSON, via readResultFile', () => {
    const dir = tempDir();
    const path = join(dir, 'garbage.json');
    writeFileSync(path, 'chainmark/result@1');
    expect(() => readResultFile(path)).toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is not valid JSON`));
  });
});
