import type { Op, WorkloadSpec } from '../workloads/types.js';

/** A scenario file as the user writes it (scenarios/*.json). Every field is documented in the README. */
export interface ScenarioInput {
  name: string;
  description?: string;
  seed?: number;
  /** Thread counts to sweep; default 1, powers of two, and the machine's parallelism. */
  threads?: number[];
  /** Measuring window per sample, ms. */
  timeMs?: number;
  warmupMs?: number;
  /** Independent samples (windows) per case. */
  repeat?: number;
  backends?: string[];
  cases: PrimitiveCaseInput[];
}

export interface PrimitiveCaseInput {
  op: Op;
  algorithms: string[];
  backends?: string[];
  threads?: number[];
  /** `hash`: message sizes in bytes. */
  sizes?: number[];
  /** `merkle`: leaf counts. */
  leaves?: number[];
  /** `fast-aggregate-verify` / `aggregate-verify`: signatures per aggregate. */
  k?: number[];
  /** `spin`: SHA-256 rounds per operation. */
  rounds?: number[];
  timeMs?: number;
  warmupMs?: number;
  repeat?: number;
  /** Regression threshold for `chainmark check`, percent; overrides --threshold for these cases. */
  thresholdPct?: number;
}

/** Flags that override the scenario file. */
export interface RunOverrides {
  threads?: number[];
  timeMs?: number;
  warmupMs?: number;
  repeat?: number;
  backends?: string[];
  seed?: number;
}

/** One case of a resolved plan: everything needed to run it, all defaults filled in. */
export interface PlannedCase {
  id: string;
  kind: 'primitive';
  spec: WorkloadSpec;
  threads: number;
  timeMs: number;
  warmupMs: number;
  repeat: number;
  thresholdPct?: number;
}

export interface Plan {
  scenario: { name: string; description?: string; file: string };
  seed: number;
  cases: PlannedCase[];
}
