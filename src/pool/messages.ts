import type { WorkloadSpec } from '../workloads/types.js';

/** Main thread → worker: measure one case over `repeat` synchronised windows. */
export interface MeasureRequest {
  spec: WorkloadSpec;
  seed: number;
  warmupMs: number;
  /**
   * false: warm up for `warmupMs` only, without waiting for a steady rate: for a caller that has
   * just brought this operation to a steady state in this worker (the calibration's later passes).
   * Absent: the steady-state warm-up.
   */
  steadyWarmup?: boolean;
  timeMs: number;
  repeat: number;
  /** Workers taking part; the barrier releases a window when all of them have arrived. */
  threads: number;
  /**
   * Int32 slots: [0, repeat) count arrivals per window, slot `repeat` is the abort flag a failing
   * worker raises so the others stop waiting.
   */
  barrier: SharedArrayBuffer;
  /** Extra backend modules to load (absolute paths). */
  backendModules: string[];
}

/** One worker's measurement of one window. */
export interface WindowMeasurement {
  ops: number;
  /** Absolute start/end (performance.timeOrigin + now), ms: comparable across threads. */
  startMs: number;
  endMs: number;
  /** Per-operation latency samples, ms (iteration time ÷ batch). */
  latencyMs: number[];
}

export type MeasureResponse =
  | {
      ok: true;
      batch: number;
      warmup: { ms: number; steady: boolean };
      windows: WindowMeasurement[];
      bytesPerOp?: number;
    }
  | { ok: false; status: 'failed-check' | 'errored' | 'skipped'; reason: string }
  /** This worker stopped because another worker of the case failed first: that one's response explains the case. */
  | { ok: false; status: 'peer-aborted'; reason: string };
