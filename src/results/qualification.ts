/**
 * Validator hardware profiles and what qualifying a machine against them records (the
 * `qualification` cases of a result file). A profile is
 * data (`profiles/*.json`): a chain's published requirements, each naming what is measured, the
 * threshold, the unit, the comparison and the document it comes from.
 */

/** What a requirement measures. Each has one dimension; a profile states its threshold in any unit of it. */
export const MEASURES = [
  // Host facts (systeminformation, /proc/cpuinfo, statfs of the disk directory).
  'cpu-physical-cores',
  'cpu-logical-cores',
  'cpu-base-clock',
  'cpu-max-clock',
  'cpu-flag',
  'memory-total',
  'disk-capacity',
  // Measured on this machine, each with its own self-check.
  'sha256-chain',
  'memory-copy',
  'memory-copy-all',
  'disk-seq-write',
  'disk-rand-write',
  'disk-rand-write-iops',
  'disk-rand-read',
  'disk-rand-read-iops',
  'blake2b-256',
  'sr25519-verify',
  'ed25519-verify',
  // What one host cannot measure: always `not measured`, with the reason.
  'network-bandwidth',
  'passmark-cpu',
  'passmark-single-thread',
  'gpu',
] as const;
export type Measure = (typeof MEASURES)[number];

/** How a requirement compares: higher is better (`at-least`), lower is better (`at-most`), or a flag that must be there. */
export const COMPARISONS = ['at-least', 'at-most', 'present'] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** Where a requirement's figure was published. */
export interface RequirementSource {
  /** The document, as a person would cite it. */
  document: string;
  url: string;
  /** When it was published or last read (YYYY-MM or YYYY-MM-DD). */
  date: string;
}

export interface Requirement {
  /** Unique within the profile: letters, digits, `-`, `_`, `.`. */
  id: string;
  /** One line for people. */
  title: string;
  measure: Measure;
  /** `cpu-flag` only: the flag, as /proc/cpuinfo spells it (avx2, sha_ni, avx512f, gfni, …). */
  flag?: string;
  comparison: Comparison;
  /**
   * A recommendation rather than a minimum: its verdict is shown, but a machine that misses it
   * still qualifies (and `--strict` does not fail on it).
   */
  recommended?: boolean;
  /** Absent for `present`. */
  threshold?: number;
  /** The threshold's unit (see src/qualify/units.ts); absent for `present`. */
  unit?: string;
  /**
   * `native`: the requirement is stated for native code (a validator is compiled), so only a
   * native-grade figure (OpenSSL, libsodium, a tool) decides it; JavaScript figures are shown
   * beside it, never instead of it.
   */
  grade?: 'native';
  source: RequirementSource;
  /** Anything a reader must know (how the chain measures it, what differs here). */
  note?: string;
}

export interface Profile {
  /** File-name-like id: letters, digits, `-`, `_`. */
  profile: string;
  /** The chain and role, as people name it ("Solana validator (Agave)"). */
  name: string;
  description?: string;
  requirements: Requirement[];
}

export const VERDICTS = ['pass', 'fail', 'not-measured', 'not-comparable'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Where a figure comes from: native code, JavaScript, WebAssembly, a fact the host reports, or an external tool. */
export const GRADES = ['native', 'js', 'wasm', 'host', 'tool'] as const;
export type Grade = (typeof GRADES)[number];

/** A figure as a verdict shows it: in the requirement's unit. */
export interface ShownFigure {
  value: number;
  /** The requirement's unit; null for a flag (1 present, 0 absent). */
  unit: string | null;
  grade: Grade;
  /** The backend or tool that produced it, with its version where known: `node`, `openssl 3.0.19`, `fio-3.33`. */
  by: string;
  /** What exactly was measured, for people. */
  label: string;
  /** The primitive case that measured it, when one did. */
  case?: string;
  /** The figure bounds the quantity: `lower` (it is at least this), `upper` (at most this). */
  bound?: 'lower' | 'upper';
  /** The 95% interval of `value`, requirement's unit; null without one. */
  ci95: [number, number] | null;
}
