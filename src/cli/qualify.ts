/**
 * `chainmark qualify`: does this machine meet a chain's validator hardware requirements? The
 * bundled profiles (or the user's) become one scenario entry; it runs like any other scenario,
 * so the result file, interrupts, reports and compare all work on it.
 */
import type { Argv } from 'yargs';
import { InputError, shown } from '../core/errors.js';
import { bundledProfileIds } from '../qualify/profile.js';
import { sharedRunOptions, runCommand, type RunArgs } from './run.js';
import { parseNameList, parseSeconds, type ArgsOf } from './common.js';

export function qualifyBuilder(y: Argv) {
  return sharedRunOptions(y)
    .option('profile', {
      type: 'string',
      array: true,
      describe: `bundled profiles, e.g. solana,aptos (default: all: ${bundledProfileIds().join(', ')})`,
    })
    .option('profile-file', { type: 'string', array: true, describe: 'your own profile file(s), JSON' })
    .option('disk-dir', {
      type: 'string',
      describe: "directory fio measures the disk in (default: the result directory's filesystem)",
    })
    .option('disk-size', {
      type: 'string',
      describe: 'bytes fio writes, e.g. 256M, 1G (default 1G, at most half the free space)',
    })
    .option('disk-seconds', { type: 'string', describe: 'time limit of each fio job, s (default 8)' })
    .option('strict', { type: 'boolean', default: false, describe: 'exit 1 when any requirement fails' });
}

export type QualifyArgs = ArgsOf<typeof qualifyBuilder>;

const SIZE = /^(\d+(?:\.\d+)?)\s*(|k|K|KiB|m|M|MiB|g|G|GiB)$/;
const FACTOR: Record<string, number> = { '': 1, k: 1024, K: 1024, KiB: 1024, m: 1 << 20, M: 1 << 20, MiB: 1 << 20 };
FACTOR.g = FACTOR.G = FACTOR.GiB = 1 << 30;

/** `--disk-size`: bytes, or a number with K, M or G (binary units). */
export function parseDiskSize(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const m = typeof value === 'string' ? SIZE.exec(value.trim()) : null;
  const bytes = m ? Math.round(Number(m[1]) * FACTOR[m[2]!]!) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1)
    throw new InputError('command line', '--disk-size', `must be a size such as 256M or 1G, got ${shown(value)}`);
  return bytes;
}

/** The scenario `qualify` runs: one entry naming the profiles and the disk settings. */
export function qualifyScenario(a: QualifyArgs): Record<string, unknown> {
  const known = bundledProfileIds();
  const files = a['profile-file'] ?? [];
  const named = parseNameList('--profile', a.profile, known);
  const profiles = named ?? (files.length ? [] : known);
  const disk: Record<string, unknown> = {};
  const dir = a['disk-dir'] ?? (a.out ? (a.out.endsWith('.json') ? `${a.out}/..` : a.out) : 'results');
  disk.dir = dir;
  const size = parseDiskSize(a['disk-size']);
  if (size !== undefined) disk.sizeBytes = size;
  const seconds = parseSeconds('--disk-seconds', a['disk-seconds'], 600);
  if (seconds !== undefined) disk.seconds = seconds;
  const entry: Record<string, unknown> = { disk };
  if (profiles.length) entry.profiles = profiles;
  if (files.length) entry.profileFiles = files;
  return {
    name: 'qualify',
    description: `validator hardware requirements: ${[...profiles, ...files].join(', ')}`,
    cases: [entry],
  };
}

/** The consensus flags of `run`, none given: a qualification has no consensus cases. */
const NO_CONSENSUS_FLAGS = {
  protocols: undefined,
  nodes: undefined,
  rounds: undefined,
  txs: undefined,
  'tx-scheme': undefined,
  'tx-bytes': undefined,
  payload: undefined,
  'tx-backend': undefined,
  network: undefined,
  regions: undefined,
  'latency-matrix': undefined,
  'latency-ms': undefined,
  'bandwidth-mbps': undefined,
  faulty: undefined,
  fault: undefined,
  'costs-from': undefined,
  sample: undefined,
  'validator-cores': undefined,
} as const;

export async function qualifyCommand(
  a: QualifyArgs,
  argv: string[],
  leaveNow: (signal: NodeJS.Signals) => never,
): Promise<void> {
  const raw = qualifyScenario(a);
  // The run's own flags that qualify does not take are absent; their defaults apply.
  const runArgs: RunArgs = {
    ...a,
    scenario: undefined,
    threads: undefined,
    backend: undefined,
    'only-failed': undefined,
    force: false,
    ...NO_CONSENSUS_FLAGS,
  };
  await runCommand(runArgs, argv, leaveNow, { raw, file: 'qualify', strict: a.strict });
}
