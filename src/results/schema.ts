import type { LatencySummary, Rate } from '../measure/stats.js';
import type { SystemSpecs } from '../system/specs.js';
import type { Requirement, ShownFigure, Verdict } from './qualification.js';

/** Schema id of result files. A change that breaks readers bumps the version after the `@`. */
export const RESULT_SCHEMA = 'chainmark/result@1';
export const RESULT_SCHEMA_NAME = 'chainmark/result';
export const RESULT_SCHEMA_VERSION = 1;

export const RUN_STATUSES = ['complete', 'interrupted', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const CASE_STATUSES = ['ok', 'failed-check', 'errored', 'skipped'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_KINDS = ['primitive', 'consensus', 'qualification'] as const;

export interface RunInfo {
  id: string;
  startedAt: string;
  /** Time of the last write while running; of the end once finished. */
  finishedAt: string;
  /**
   * `interrupted` until the last case is written (a crashed run reads as interrupted) or when a
   * signal stopped it; `failed` when --bail stopped it after a failed case.
   */
  status: RunStatus;
  scenario: { name: string; description?: string; file: string };
  seed: number;
  argv: string[];
  /** Why the run ended before its last case: a signal, or --bail after a failure. */
  stopReason?: string;
  /** The run whose failed cases this one repeats (`run --only-failed`): its id and file. */
  rerunOf?: { id: string; file: string };
  /**
   * The planned cases not run yet, each recorded as its case result would name it (id, kind, op,
   * algorithm, backend, params, threads, settings, thresholdPct) without status or measurements.
   * Written with the plan at the start and emptied as cases finish, so a run stopped by a signal,
   * --bail or a crash still says what it did not reach; absent once the run is complete.
   * `run --only-failed` runs these too.
   */
  notRun?: NotRunCase[];
}

export type NotRunCase = { id: string; kind: (typeof CASE_KINDS)[number] } & Record<string, unknown>;

/**
 * A type, not an interface, as ConsensusMetrics: readers look metrics up by name
 * (compare/metrics.ts readMetric), which needs them assignable to Record<string, unknown>.
 */
export type PrimitiveMetrics = {
  /** Aggregate operations per second: all threads' operations ÷ the wall time of the common window, per sample. */
  opsPerSec: Rate;
  /** opsPerSec × bytes per operation, for hashing and Merkle cases. */
  bytesPerSec?: Rate;
  /** opsPerSec × signatures per operation, for `verify-batch` (one operation verifies a batch of k). */
  signaturesPerSec?: Rate;
  /**
   * signaturesPerSec ÷ the opsPerSec of single `verify` on the same algorithm, backend and threads,
   * medians; null when that case is not in the run. What batching buys.
   */
  batchSpeedup?: number | null;
  /** Per-operation latency, ms, over every timed iteration of every thread. */
  latencyMs: LatencySummary;
  /** Each thread's own mean rate, ops/s. */
  perThreadOpsPerSec: number[];
  /** rate(T) ÷ (T × rate(1)) from medians; null at one thread or when the 1-thread case is missing. */
  scalingEfficiency: number | null;
  /** Operations per timed iteration (fast operations are batched). */
  batch: number;
  totalOps: number;
};

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

/** How each case's warm-up ended (see src/pool/worker.ts): the longest of its threads. */
export interface WarmupInfo {
  /** Warm-up time of the slowest-to-settle thread, ms. */
  ms: number;
  /** Every thread's rate settled before the warm-up time limit. */
  steady: boolean;
}

export type PrimitiveCaseResult =
  | (CaseCommon & { status: 'ok'; metrics: PrimitiveMetrics; warmup?: WarmupInfo })
  | (CaseCommon & { status: 'failed-check' | 'errored' | 'skipped'; error: string });

/** Per-round times, ms: Rate-shaped (samples are the rounds, lower is better) plus percentiles. */
export interface RoundTimeSummary extends Rate {
  p50: number;
  p95: number;
  p99: number;
  count: number;
}

/** One round (a view, for a pipelined protocol) of a consensus case. */
export interface ConsensusRoundDetail {
  round: number;
  /**
   * Pipelined protocols run views that are not summarised: a warm-up view that fills the pipeline,
   * and the tail views whose proposals commit the measured blocks. Absent: a measured round.
   */
  phase?: 'warm-up' | 'tail';
  leader: number;
  /** Every correct validator committed the block. */
  committed: boolean;
  committedValidators: number;
  hostMs: number;
  modeledMs: number;
  /** A sampled round: the wall time really measured (hostMs is then the estimate for all n). */
  hostMeasuredMs?: number;
  /** The raw replay of the round (see replayRoundMs); absent in older files. */
  replayMs?: number;
  /** Modeled time at which the last correct validator committed; null when the round did not commit. */
  modeledCommitMs: number | null;
  messages: number;
  bytes: number;
  signatures: number;
  verifications: number;
  /** Waves of pool tasks the round took on this host. */
  waves: number;
}

/** One operation's calibrated cost: ms per operation, one sample per measured window. */
export interface CalibratedCost extends Rate {
  /** The primitive case that measured it, e.g. `verify/ed25519/node/t1`. */
  case: string;
}

/** The signature checks a validator with many cores splits over them (src/consensus/calibrate.ts parallelOperation). */
export const PARALLEL_OPERATIONS = ['txVerify', 'voteVerify'] as const;
export type ParallelOperation = (typeof PARALLEL_OPERATIONS)[number];

/**
 * What every crypto operation of a consensus round costs one validator on this machine, measured
 * in steady state with the primitive harness (warm-up to a steady rate, timed windows) at one
 * thread before the rounds; the network model prices each check and send from these.
 */
export interface ConsensusCosts {
  /** Where the costs come from: measured here, or read from another machine's result file (`--costs-from`). */
  source: { kind: 'measured' } | { kind: 'file'; file: string; host: string; fingerprint: string };
  voteSignMs: CalibratedCost;
  voteVerifyMs: CalibratedCost;
  /** Absent for blocks of opaque commands (`txScheme: none`), which have no transaction signatures. */
  txVerifyMs?: CalibratedCost;
  /** The Merkle root of a block's B leaves (signed transactions or opaque commands, at their own size). */
  merkleMs: CalibratedCost;
  /** BLS only: FastAggregateVerify and signature aggregation at two sizes, and the straight lines through them. */
  bls?: {
    aggregateVerify: { k: number; ms: CalibratedCost }[];
    aggregate: { k: number; ms: CalibratedCost }[];
    /** aggregate verify ≈ baseMs + k × perSignerMs (adding k public keys, then one pairing check). */
    aggregateVerifyFit: { baseMs: number; perSignerMs: number };
    /** aggregation ≈ baseMs + k × perSignatureMs (decoding and adding k G2 points). */
    aggregateFit: { baseMs: number; perSignatureMs: number };
  };
  /**
   * Validators with more than one core only (`settings.validatorCores` > 1): the signature check
   * the model splits over a validator's cores (`operation`: the block's transactions, or the votes
   * when the block carries opaque commands), measured with t workers at once on the case's pool,
   * for every t from 2 to the pool's threads or the machine's parallelism, whichever is fewer.
   * Each point's `ms` is the per-thread cost of one operation, one sample per common window of
   * the t workers (t × wall ÷ their operations), over the same passes as the single-thread costs;
   * `efficiency` is the price at one thread (`<operation>Ms`, its fastest window) ÷ this price
   * (its fastest window), clamped to (0, 1]. Points are in ascending thread counts, each at least
   * 2. The model interpolates between them; absent (one core, a pool of one thread, costs read
   * from a file without them, older files), every core checks at the single-thread price.
   */
  parallel?: {
    operation: ParallelOperation;
    points: { threads: number; ms: CalibratedCost; efficiency: number }[];
  };
}

export type ConsensusMetrics = {
  /** Wall time of a round with all n validators sharing this machine, over committed rounds; null if none committed. */
  hostRoundMs: RoundTimeSummary | null;
  /**
   * Network-model round time, over committed rounds: the executed round's exact work, each
   * operation priced at its calibrated cost (`costs`), on one machine like this per validator,
   * plus links. Files written before calibration priced it by raw wall times (now `replayRoundMs`).
   */
  modeledRoundMs: RoundTimeSummary | null;
  /**
   * The same replay priced by the wall time each check and send took in its worker here, with
   * the preemptions and GC pauses of n validators sharing the machine: a diagnostic, not a figure
   * for one validator. Absent in files written before calibration.
   */
  replayRoundMs?: RoundTimeSummary | null;
  /** Modeled time until the last correct validator committed (before it finished checking late votes). */
  modeledCommitMs: LatencySummary | null;
  /** Transactions committed per second of host round time; a round that did not commit counts 0. */
  committedTxPerSec: Rate;
  /** The same over modeled round time. */
  modeledCommittedTxPerSec: Rate;
  messagesPerRound: number;
  bytesPerRound: number;
  /** Consensus signatures made (votes and proposals). */
  signaturesPerRound: number;
  /** Signature checks: single consensus signatures, BLS aggregate checks and transaction signatures. */
  verificationsPerRound: number;
  committedRounds: number;
  /** What verificationsPerRound is made of, per round. */
  work: {
    voteVerifications: number;
    aggregateVerifications: number;
    aggregations: number;
    txVerifications: number;
    merkleRoots: number;
  };
  /** Slowest worker's key and block setup, ms (excluded from round times). */
  setupMs: number;
  rounds: ConsensusRoundDetail[];
};

interface ConsensusCaseCommon {
  id: string;
  kind: 'consensus';
  /** Always "consensus", and the protocol as `algorithm`, for readers that show any case by op and algorithm. */
  op: 'consensus';
  algorithm: string;
  protocol: string;
  /** Backend of the consensus signatures. */
  backend: string;
  params: {
    nodes: number;
    /** Tolerated faults f = ⌊(n − 1)/3⌋ and the quorum n − f. */
    f: number;
    quorum: number;
    voteScheme: string;
    txs: number;
    txScheme: string;
    /** Bytes of each opaque command (`txScheme` none only); absent in files written before opaque commands. */
    txBytes?: number;
    /** `dissemination`: the proposal carried the commands' 32-byte hashes only; absent: the whole block (`proposal`). */
    payload?: string;
    txBackend: string;
    faulty: number;
    fault: string;
    /**
     * Pipelined protocols only: a block commits once this many consecutive views have certified
     * it and its successors (3 for chained HotStuff, 2 for the 2-chain rule). The metrics are then
     * per view: `modeledRoundMs` is the steady-state view time and `modeledCommitMs` the commit
     * latency of a block, from its proposal until the last correct validator committed it.
     */
    commitChain?: number;
  };
  threads: number;
  /** `repeat` is the samples per metric (one per round), as `repeat` is for primitive cases. */
  settings: {
    rounds: number;
    repeat: number;
    /** `geo`: per-link latencies between the regions the validators are placed in, round-robin. */
    network: {
      preset: string;
      latencyMs: number;
      bandwidthMbps: number;
      geo?: { source: string; regions: string[]; oneWayMs: number[][] };
    };
    /** Cores of each modeled validator; absent in files written before the model had more than one. */
    validatorCores?: number;
    /** Validators executed per round as planned (0: all); absent when the plan left it to the budget. */
    sample?: number;
  };
  thresholdPct?: number;
  wallMs: number;
}

export type ConsensusCaseResult =
  | (ConsensusCaseCommon & {
      status: 'ok';
      metrics: ConsensusMetrics;
      /** The calibrated operation costs the modeled time is priced with; absent in older files. */
      costs?: ConsensusCosts;
      /**
       * Present when only a sample of validators ran their crypto each round (the rest were
       * followed and their work counted): modeled times cover all n; host times are estimates.
       */
      sampled?: { validators: number; hostEstimated: true };
    })
  | (ConsensusCaseCommon & { status: 'failed-check' | 'errored' | 'skipped'; error: string });

/** The margin of a requirement over its threshold: above 1 passes (see src/qualify/verdict.ts). */
export type QualificationMetrics = {
  /** measured ÷ required (`at-least`) or required ÷ measured (`at-most`), per sample of the deciding figure. */
  margin?: Rate;
};

interface QualificationCaseCommon {
  /** `qualify/<profile>/<requirement>`. */
  id: string;
  kind: 'qualification';
  /** Always "qualify", and the measure as `algorithm`, for readers that show any case by op and algorithm. */
  op: 'qualify';
  algorithm: string;
  /**
   * Where the figures come from: `host` (facts the host reports), `fastest` (every backend, the
   * best one decides; the one that did is `measured.by`), `fio`, `openssl`, or `none` (not measurable).
   */
  backend: string;
  params: Record<string, never>;
  threads: number;
  /** The profile the requirement belongs to: its id, its name, and the file it was read from. */
  profile: { id: string; name: string; file: string };
  requirement: Requirement;
  settings: {
    /** Timing of the primitive measurements behind it (as a primitive case's settings). */
    timeMs: number;
    warmupMs: number;
    repeat: number;
    /** Disk measurements only: where fio ran, how much it wrote, and for how long at most per job. */
    disk?: { dir: string; sizeBytes: number; seconds: number };
  };
  thresholdPct?: number;
  wallMs: number;
}

export type QualificationCaseResult =
  | (QualificationCaseCommon & {
      status: 'ok';
      verdict: Exclude<Verdict, 'not-measured'>;
      /** Above 1 passes; null when not decided by a number (a flag, not comparable). */
      margin: number | null;
      /** The figure that decided the verdict (not comparable: the closest one there was). */
      measured: ShownFigure | null;
      /** Every other figure, in the requirement's unit (JavaScript beside native, the other backends). */
      besides: ShownFigure[];
      /** How a verdict from bounds was reached; why it is not comparable. */
      reason?: string;
      /** What a reader must know about the measurement (a disk on tmpfs, memory below what is installed). */
      notes?: string[];
      metrics: QualificationMetrics;
    })
  | (QualificationCaseCommon & {
      /** `skipped`: not measured (no tool, not measurable on one host); the others: the measurement failed. */
      status: 'failed-check' | 'errored' | 'skipped';
      verdict: 'not-measured';
      error: string;
      besides?: ShownFigure[];
    });

export type CaseResult = PrimitiveCaseResult | ConsensusCaseResult | QualificationCaseResult;

export function isConsensusCase(c: CaseResult): c is ConsensusCaseResult {
  return c.kind === 'consensus';
}

export function isPrimitiveCase(c: CaseResult): c is PrimitiveCaseResult {
  return c.kind === 'primitive';
}

export function isQualificationCase(c: CaseResult): c is QualificationCaseResult {
  return c.kind === 'qualification';
}

/** Scaling fit of one series (filled by consensus runs). */
export interface ScalingEntry {
  series: string;
  metric: string;
  x: string;
  /**
   * b of round time ∝ n^b; with `base`, the fit is round time = base + a·n^b and b is the
   * exponent of the part that grows with n.
   */
  exponent: number;
  /** The fitted part that does not grow with n, in the metric's unit (absent: a plain power law). */
  base?: number;
  /** R² of the fit: on the original scale with `base`, in log–log space without. */
  r2: number;
  knee: number | null;
  /** The metric the knee is read from (committed tx/s, host or modeled). */
  kneeMetric?: string;
  /** Points (node counts) in the fit. */
  points?: number;
}

/**
 * What a warning is about, so that readers can act on it without matching its text. Files written
 * before warnings had codes carry plain strings; the reader turns each into `{ code: 'note', message }`.
 * A code this list lacks comes from a newer chainmark (a new code needs no new schema version): the
 * reader keeps its message and reads it as a `note`, so that nothing acts on a code it does not know.
 */
export const WARNING_CODES = [
  /** A primitive's warm-up hit its time limit before its rate settled. */
  'warmup-unsettled',
  /** Consensus cases ran more virtual validators than worker threads. */
  'validators-exceed-threads',
  /** Consensus cases modeled validators of several cores without a measured parallel efficiency (1 stood in). */
  'parallel-efficiency-missing',
  /** `merge`: which runs were merged, and where they disagree. */
  'merged',
  'merge-seed-differs',
  'merge-scenario-differs',
  'merge-case-missing',
  'merge-latency-approximate',
  /** Qualification: a disk measured on a filesystem that is not a disk (tmpfs, overlay). */
  'disk-not-block-device',
  /** A warning recorded as plain text (older files). */
  'note',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface Warning {
  code: WarningCode;
  /** One line for people, complete on its own. */
  message: string;
  /** The ids of the cases it is about, when it is about some. */
  cases?: string[];
}

type Cpu = SystemSpecs['cpu'];
/** The CPU facts every result file records; the others were added later and older files lack them. */
type CpuAlways = 'manufacturer' | 'brand' | 'physicalCores' | 'logicalCores' | 'availableParallelism';

/**
 * `system` as result files hold it: what collectSpecs gives, less the facts added after the first
 * files were written (CPU identity, clocks, caches, flags, governor; virtualization; cgroup
 * quota). Flags are partial too: the list of tracked flags has grown.
 */
export type RecordedSystem = Omit<SystemSpecs, 'cpu' | 'virtualization' | 'cgroup'> &
  Partial<Pick<SystemSpecs, 'virtualization' | 'cgroup'>> & {
    cpu: Pick<Cpu, CpuAlways> & Partial<Omit<Cpu, CpuAlways | 'flags'>> & { flags?: Partial<Cpu['flags']> };
  };

export interface ResultFile {
  schema: typeof RESULT_SCHEMA;
  tool: { name: 'chainmark'; version: string };
  run: RunInfo;
  system: RecordedSystem;
  cases: CaseResult[];
  scaling: ScalingEntry[];
  warnings: Warning[];
  /** `chainmark ceiling` only: the figures its cases were compared against. */
  ceiling?: CeilingRecord;
  /** Measurements a scenario cites beside its consensus cases (absent when it cites none; older files lack it). */
  published?: PublishedSeries[];
}

/**
 * One figure a paper or a project published for a protocol at n validators, at least one of the
 * two given: committed transactions per second, and commit latency in ms (as the source reports
 * it). Reports compare it with the modeled figure of the same n: modeledCommittedTxPerSec's
 * median and modeledCommitMs's p50.
 */
export interface PublishedPoint {
  nodes: number;
  txPerSec?: number;
  latencyMs?: number;
}

/** A published measurement series as a scenario's consensus entry cites it (`published`), with the protocols it is compared with. */
export interface PublishedSeries {
  /** The citation, as the scenario gives it: untrusted text, escaped wherever it is shown. */
  source: string;
  /** The entry's protocols that were planned: each has its own comparison with the points. */
  protocols: string[];
  /** One per node count, in the scenario's order. */
  points: PublishedPoint[];
}

/** What `chainmark ceiling` measured besides its cases: openssl speed and the plain node:crypto loop, before and after. */
export interface CeilingRecord {
  openssl: { version: string; commands: string[]; before: Record<string, number>; after: Record<string, number> };
  plainLoop: { before: Record<string, number>; after: Record<string, number> };
  /** The CPU list everything ran on (taskset), or null when not pinned. */
  pinned: string | null;
}
