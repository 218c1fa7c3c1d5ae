/**
 * The units a profile may state a threshold in, grouped by dimension, each with its factor to the
 * dimension's base unit (bytes, bytes/s, Hz, hashes/s, operations/s, IOPS, bit/s, points). Decimal
 * prefixes are powers of 1000 and binary ones of 1024, as the chains' documents use both.
 */
import type { Measure } from '../results/qualification.js';

export type Dimension =
  'count' | 'frequency' | 'bytes' | 'byte-rate' | 'hash-rate' | 'op-rate' | 'iops' | 'bit-rate' | 'score' | 'flag';

const KiB = 1024;
const MiB = KiB * 1024;
const GiB = MiB * 1024;
const TiB = GiB * 1024;

/** Unit → its dimension and the factor that turns a value in it into the base unit. */
export const UNITS: Readonly<Record<string, { dimension: Dimension; factor: number }>> = {
  cores: { dimension: 'count', factor: 1 },
  threads: { dimension: 'count', factor: 1 },
  MHz: { dimension: 'frequency', factor: 1e6 },
  GHz: { dimension: 'frequency', factor: 1e9 },
  GB: { dimension: 'bytes', factor: 1e9 },
  GiB: { dimension: 'bytes', factor: GiB },
  TB: { dimension: 'bytes', factor: 1e12 },
  TiB: { dimension: 'bytes', factor: TiB },
  'KiB/s': { dimension: 'byte-rate', factor: KiB },
  'MB/s': { dimension: 'byte-rate', factor: 1e6 },
  'MiB/s': { dimension: 'byte-rate', factor: MiB },
  'GB/s': { dimension: 'byte-rate', factor: 1e9 },
  'GiB/s': { dimension: 'byte-rate', factor: GiB },
  'hashes/s': { dimension: 'hash-rate', factor: 1 },
  'ops/s': { dimension: 'op-rate', factor: 1 },
  IOPS: { dimension: 'iops', factor: 1 },
  'Mbit/s': { dimension: 'bit-rate', factor: 1e6 },
  'Gbit/s': { dimension: 'bit-rate', factor: 1e9 },
  points: { dimension: 'score', factor: 1 },
};

/** What each measure's figures are, in the base unit of its dimension. */
export const MEASURE_DIMENSION: Readonly<Record<Measure, Dimension>> = {
  'cpu-physical-cores': 'count',
  'cpu-logical-cores': 'count',
  'cpu-base-clock': 'frequency',
  'cpu-max-clock': 'frequency',
  'cpu-flag': 'flag',
  'memory-total': 'bytes',
  'disk-capacity': 'bytes',
  'sha256-chain': 'hash-rate',
  'memory-copy': 'byte-rate',
  'memory-copy-all': 'byte-rate',
  'disk-seq-write': 'byte-rate',
  'disk-rand-write': 'byte-rate',
  'disk-rand-write-iops': 'iops',
  'disk-rand-read': 'byte-rate',
  'disk-rand-read-iops': 'iops',
  'blake2b-256': 'byte-rate',
  'sr25519-verify': 'op-rate',
  'ed25519-verify': 'op-rate',
  'network-bandwidth': 'bit-rate',
  'passmark-cpu': 'score',
  'passmark-single-thread': 'score',
  gpu: 'count',
};

/** Units of a dimension, in the table's order. */
export function unitsOf(dimension: Dimension): string[] {
  return Object.entries(UNITS)
    .filter(([, u]) => u.dimension === dimension)
    .map(([name]) => name);
}

/** A value in `unit` turned into its dimension's base unit. */
export function toBase(value: number, unit: string): number {
  const u = UNITS[unit];
  if (!u) throw new RangeError(`unknown unit ${JSON.stringify(unit)}`);
  return value * u.factor;
}

/** A value in the base unit turned into `unit`. */
export function fromBase(value: number, unit: string): number {
  const u = UNITS[unit];
  if (!u) throw new RangeError(`unknown unit ${JSON.stringify(unit)}`);
  return value / u.factor;
}
