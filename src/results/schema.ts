import type { LatencySummary, Rate } from '../measure/stats.js';
import type { SystemSpecs } from '../system/specs.js';

/** Schema id of result files. A change that breaks readers bumps the version after the `@`. */
export const RESULT_SCHEMA = 'chainmark/result@1';
export const RESULT_SCHEMA_NAME = 'chainmark/result';
export const RESULT_SCHEMA_VERSION = 1;

export type RunStatus = 'complete' | 'interrupted' | 'failed';
export type CaseStatus = 'ok' | 'failed-check' | 'errored' | 'skipped';

export interface RunInfo {
  id: string;
  startedAt: string;
  /** Time of the last write while running; of the end once finished. */
  finishedAt: string;
  /** `interrupted` until the last case is written: a crashed run reads as interrupted. */
  status: RunStatus;
  scenario: { name: string; description?: string; file: string };
  seed: number;
  argv: string[];
}

export interface PrimitiveMetrics {
  /** Aggregate operations per second: all threads' operations ÷ the wall time of the common window, per sample. */
  opsPerSec: Rate;
  /** opsPerSec × bytes per operation, for hashing and Merkle cases. */
  bytesPerSec?: Rate;
  /** Per-operation latency, ms, over every timed iteration of every thread. */
  latencyMs: LatencySummary;
  /** Each thread's own mean rate, ops/s. */
  perThreadOpsPerSec: number[];
  /** rate(T) ÷ (T × rate(1)) from medians; null at one thread or when the 1-thread case is missing. */
  scalingEfficiency: number | null;
  /** Operations per timed iteration (fast operations are batched). */
  batch: number;
  totalOps: number;
}

interface CaseCommon {
  id: string;
  kind: 'primitive';
  op: string;
  algorithm: string;
  backend: string;
  params: { sizeBytes?: number; leaves?: number; k?: number; rounds?: number };
  threads: number;
  settings: { timeMs: number; warmupMs: number; repeat: number };
  /** Regression threshold for `check`, percent, when the scenario sets one for this case. */
  thresholdPct?: number;
  /** Wall time the case took, including setup and checks, ms. */
  wallMs: number;
}

export type CaseResult =
  | (CaseCommon & { status: 'ok'; metrics: PrimitiveMetrics })
  | (CaseCommon & { status: 'failed-check' | 'errored' | 'skipped'; error: string });

/** Scaling fit of one series (filled by consensus runs). */
export interface ScalingEntry {
  series: string;
  metric: string;
  x: string;
  exponent: number;
  r2: number;
  knee: number | null;
}

export interface ResultFile {
  schema: typeof RESULT_SCHEMA;
  tool: { name: 'chainmark'; version: string };
  run: RunInfo;
  system: SystemSpecs;
  cases: CaseResult[];
  scaling: ScalingEntry[];
  warnings: string[];
}
