import type { CaseResult, ResultFile } from '../../src/results/schema.js';
import { summarizeRate } from '../../src/measure/stats.js';
import type { LoadedResult } from '../../src/results/align.js';

/** A primitive ok case with the given opsPerSec samples (summary computed the real way). */
export function okCase(id: string, samples: number[], extra: Record<string, unknown> = {}): CaseResult {
  return {
    id,
    kind: 'primitive',
    op: 'hash',
    algorithm: 'sha256',
    backend: 'node',
    params: { sizeBytes: 1024 },
    threads: 1,
    settings: { timeMs: 100, warmupMs: 50, repeat: samples.length },
    wallMs: 100,
    status: 'ok',
    metrics: {
      opsPerSec: summarizeRate(samples),
      latencyMs: { mean: 1, p50: 1, p95: 2, p99: 3, count: 10 },
      perThreadOpsPerSec: [1],
      scalingEfficiency: null,
      batch: 1,
      totalOps: 10,
    },
    ...extra,
  } as CaseResult;
}

export function failedCase(id: string, status: 'errored' | 'skipped' | 'failed-check' = 'errored'): CaseResult {
  return {
    id,
    kind: 'primitive',
    op: 'hash',
    algorithm: 'sha256',
    backend: 'node',
    params: {},
    threads: 1,
    settings: { timeMs: 100, warmupMs: 50, repeat: 5 },
    wallMs: 1,
    status,
    error: 'boom',
  } as CaseResult;
}

export function resultFile(
  cases: CaseResult[],
  opts: { fingerprint?: string; seed?: number; cpu?: string; scenario?: string } = {},
): ResultFile {
  return {
    schema: 'chainmark/result@1',
    tool: { name: 'chainmark', version: '0.1.0' },
    run: {
      id: 'r',
      startedAt: '2026-01-01T00:00:00Z',
      finishedAt: '2026-01-01T00:00:01Z',
      status: 'complete',
      scenario: { name: opts.scenario ?? 's', file: 's.json' },
      seed: opts.seed ?? 1,
      argv: [],
    },
    system: {
      fingerprint: opts.fingerprint ?? 'fp1',
      hostname: 'h',
      hostnameAnonymized: false,
      cpu: {
        manufacturer: 'AMD',
        brand: opts.cpu ?? 'CPU-1',
        physicalCores: 2,
        logicalCores: 4,
        availableParallelism: 4,
      },
      memory: { totalBytes: 2 ** 34 },
      os: { platform: 'linux', distro: 'Ubuntu', release: '24.04', kernel: '6.8.0', arch: 'x64' },
      runtime: { node: '20.19.0', v8: '11.3.244.8', openssl: '3.0.15' },
      libraries: {},
      git: null,
      load: { before: [0], after: [0] },
    },
    cases,
    scaling: [],
    warnings: [],
  };
}

export function loaded(label: string, result: ResultFile): LoadedResult {
  return { path: `${label}.json`, label, result };
}
