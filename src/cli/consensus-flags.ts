/** The consensus flags of `run` (--protocols, --nodes, …), checked into scenario overrides. */
import { InputError } from '../core/errors.js';
import { decimal, parseInt1, parseIntList, parseNameList } from './common.js';
import { CONSENSUS_LIMITS } from '../consensus/defaults.js';
import { checkSample } from '../consensus/scenario.js';
import { MAX_REGIONS, REGION_NAME, REGION_NAME_HINT } from '../consensus/latency-table.js';
import { Fields } from '../core/fields.js';
import {
  FAULT_KINDS,
  PAYLOAD_MODES,
  PROTOCOLS,
  TX_SCHEMES,
  type FaultKind,
  type PayloadMode,
  type TxScheme,
} from '../consensus/types.js';
import type { ConsensusOverrides } from '../consensus/scenario.js';

/** What the consensus flags parse to (yargs gives `undefined` for a flag not given). */
export interface ConsensusArgs {
  protocols?: string[] | undefined;
  nodes?: string | undefined;
  rounds?: string | undefined;
  txs?: string | undefined;
  'tx-scheme'?: string | undefined;
  'tx-bytes'?: string | undefined;
  payload?: string | undefined;
  'tx-backend'?: string | undefined;
  network?: string | undefined;
  regions?: string | string[] | undefined;
  'latency-matrix'?: string | string[] | undefined;
  'latency-ms'?: string | undefined;
  'bandwidth-mbps'?: string | undefined;
  faulty?: string | undefined;
  fault?: string | undefined;
  sample?: string | undefined;
  'validator-cores'?: string | undefined;
  'costs-from'?: string | undefined;
  force: boolean;
}

function oneName<T extends string>(flag: string, value: unknown, known: readonly T[]): T | undefined {
  const names = parseNameList(flag, value, known);
  if (names && names.length > 1)
    throw new InputError(
      'command line',
      flag,
      `takes one of ${known.join(', ')}, got ${JSON.stringify(names.join(','))}`,
    );
  return names?.[0] as T | undefined;
}

function number(flag: string, value: unknown, min: number, max: number, exclusiveMin = false): number | undefined {
  if (value === undefined) return undefined;
  const n = decimal(value);
  if (!Number.isFinite(n) || (exclusiveMin ? n <= min : n < min) || n > max)
    throw new InputError(
      'command line',
      flag,
      `must be a number ${exclusiveMin ? 'above' : 'from'} ${min}${exclusiveMin ? ' and at most' : ' to'} ${max}, got ${typeof value === 'number' ? String(value) : JSON.stringify(value)}`,
    );
  return n;
}

/** `--regions a,b,c`: names only; which exist is known once the latency table is read (src/consensus/geo.ts). */
function regionList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const names = (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v).split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const fail = (detail: string): never => {
    throw new InputError('command line', '--regions', detail);
  };
  if (names.length === 0) fail('needs region names, e.g. washington-dc,london,tokyo (chainmark list shows them)');
  const bad = names.find((n) => !REGION_NAME.test(n));
  if (bad !== undefined) fail(`must list region names, each ${REGION_NAME_HINT}, got ${JSON.stringify(bad)}`);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) fail(`lists ${JSON.stringify(twice)} twice`);
  if (names.length > MAX_REGIONS) fail(`lists ${names.length} regions, at most ${MAX_REGIONS}`);
  return names;
}

/** A geo network is chosen by --network geo, --regions or --latency-matrix; its links' latency comes from its table. */
function refuseGeoConflicts(o: ConsensusOverrides): void {
  const geoFlag =
    o.regions !== undefined ? '--regions' : o.latencyMatrix !== undefined ? '--latency-matrix' : undefined;
  if (geoFlag && o.network !== undefined && o.network !== 'geo')
    throw new InputError('command line', geoFlag, `applies to --network geo, not --network ${o.network}`);
  if ((geoFlag || o.network === 'geo') && o.latencyMs !== undefined)
    throw new InputError(
      'command line',
      '--latency-ms',
      'does not apply to --network geo, whose links take their latency from its table (--bandwidth-mbps does)',
    );
}

export function consensusOverrides(a: ConsensusArgs, backendNames: readonly string[]): ConsensusOverrides {
  const o: ConsensusOverrides = {};
  const protocols = parseNameList('--protocols', a.protocols, PROTOCOLS);
  if (protocols) o.protocols = protocols;
  const nodes = parseIntList('--nodes', a.nodes, CONSENSUS_LIMITS.minNodes);
  if (nodes)
    o.nodes = [...new Set(nodes)].map((n) =>
      parseInt1('--nodes', n, CONSENSUS_LIMITS.minNodes, CONSENSUS_LIMITS.maxNodes)!,
    );
  const rounds = parseInt1('--rounds', a.rounds, 1, CONSENSUS_LIMITS.rounds);
  if (rounds !== undefined) o.rounds = rounds;
  const txs = parseInt1('--txs', a.txs, 1, CONSENSUS_LIMITS.txs);
  if (txs !== undefined) o.txs = txs;
  const txScheme = oneName<TxScheme>('--tx-scheme', a['tx-scheme'], TX_SCHEMES);
  if (txScheme) o.txScheme = txScheme;
  const txBytes = parseInt1('--tx-bytes', a['tx-bytes'], 1, CONSENSUS_LIMITS.txBytes);
  if (txBytes !== undefined) o.txBytes = txBytes;
  const payload = oneName<PayloadMode>('--payload', a.payload, PAYLOAD_MODES);
  if (payload) o.payload = payload;
  const txBackend = oneName('--tx-backend', a['tx-backend'], backendNames);
  if (txBackend) o.txBackend = txBackend;
  const network = oneName('--network', a.network, ['lan', 'wan', 'geo'] as const);
  if (network) o.network = network;
  const regions = regionList(a.regions);
  if (regions) o.regions = regions;
  const matrix = a['latency-matrix'];
  if (matrix !== undefined) {
    if (Array.isArray(matrix) || matrix.trim() === '')
      throw new InputError('command line', '--latency-matrix', 'takes one CSV file of latencies between regions');
    o.latencyMatrix = matrix;
  }
  const latencyMs = number('--latency-ms', a['latency-ms'], 0, CONSENSUS_LIMITS.latencyMs);
  if (latencyMs !== undefined) o.latencyMs = latencyMs;
  const bandwidthMbps = number('--bandwidth-mbps', a['bandwidth-mbps'], 0, CONSENSUS_LIMITS.bandwidthMbps, true);
  if (bandwidthMbps !== undefined) o.bandwidthMbps = bandwidthMbps;
  const faulty = parseInt1('--faulty', a.faulty, 0, CONSENSUS_LIMITS.maxNodes);
  if (faulty !== undefined) o.faulty = faulty;
  const fault = oneName<FaultKind>('--fault', a.fault, FAULT_KINDS);
  if (fault) o.fault = fault;
  const sample = parseInt1('--sample', a.sample, 0, CONSENSUS_LIMITS.maxNodes);
  if (sample !== undefined) o.sample = checkSample(new Fields('command line'), sample, '--sample');
  const validatorCores = parseInt1('--validator-cores', a['validator-cores'], 1, CONSENSUS_LIMITS.validatorCores);
  if (validatorCores !== undefined) o.validatorCores = validatorCores;
  const costsFrom = a['costs-from'];
  if (costsFrom !== undefined) {
    if (costsFrom === '')
      throw new InputError('command line', '--costs-from', 'needs a result file, e.g. results/other-machine.json');
    o.costsFrom = costsFrom;
  }
  refuseGeoConflicts(o);
  return o;
}
