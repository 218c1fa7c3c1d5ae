/**
 * Geo-distributed networks (`--network geo`): validators placed round-robin over regions of a
 * latency table (validator v in `regions[v % regions.length]`), every link priced at the one-way
 * latency between its two validators' regions (src/consensus/network.ts, linksOf), and one
 * bandwidth per validator. What the flags and a scenario entry choose is resolved here into the
 * planned cases' NetworkModel, and a recorded one is checked again for `run --only-failed`.
 */
import { InputError, shown } from '../core/errors.js';
import type { Fields } from '../core/fields.js';
import { CONSENSUS_DEFAULTS, CONSENSUS_LIMITS, resolveNetwork } from './defaults.js';
import { MAX_REGIONS, REGION_NAME, REGION_NAME_HINT, readLatencyTable, shippedLatencyTable } from './latency-table.js';
import type { LatencyTable } from './latency-table.js';
import { NETWORK_PRESETS } from './network.js';
import type { ConsensusCaseInput, ConsensusOverrides } from './scenario.js';
import type { GeoNetwork, NetworkModel } from './types.js';

/** Bandwidth per validator of a geo network unless `bandwidthMbps` says otherwise: the wan preset's. */
export const GEO_BANDWIDTH_MBPS = NETWORK_PRESETS.wan.bandwidthMbps;

/**
 * The chosen regions of a table, in the chosen order. An unknown name is an InputError at
 * `field(k)` of `file` (the k-th name), listing the table's regions.
 */
export function geoNetwork(
  table: LatencyTable,
  names: readonly string[],
  file: string,
  field: (k: number) => string,
): GeoNetwork {
  const index = names.map((name, k) => {
    const i = table.regions.indexOf(name);
    if (i < 0)
      throw new InputError(
        file,
        field(k),
        `is ${shown(name)}, not a region of the latency table (known: ${table.regions.join(', ')})`,
      );
    return i;
  });
  return {
    source: table.source,
    regions: [...names],
    oneWayMs: index.map((i) => index.map((j) => table.oneWayMs[i]![j]!)),
  };
}

/** Validators of region k when `nodes` validators are placed round-robin over `regions` regions. */
function validatorsIn(k: number, nodes: number, regions: number): number {
  return Math.floor(nodes / regions) + (k < nodes % regions ? 1 : 0);
}

/**
 * The median one-way latency over the n(n − 1) ordered pairs of distinct validators, with the
 * validators placed round-robin: the single latency a geo case records beside its matrix (it
 * depends on n, since small n leave some regions empty). Counted per pair of regions, not per
 * pair of validators, so it is quick at any n. n(n − 1) is even: the mean of the two middle ones.
 */
export function medianOneWayMs(geo: GeoNetwork, nodes: number): number {
  const r = geo.regions.length;
  const links: { ms: number; pairs: number }[] = [];
  for (let a = 0; a < r; a++) {
    for (let b = 0; b < r; b++) {
      const from = validatorsIn(a, nodes, r);
      const pairs = from * (a === b ? from - 1 : validatorsIn(b, nodes, r));
      if (pairs > 0) links.push({ ms: geo.oneWayMs[a]![b]!, pairs });
    }
  }
  links.sort((x, y) => x.ms - y.ms);
  const nth = (rank: number): number => {
    let seen = 0;
    for (const l of links) {
      seen += l.pairs;
      if (seen >= rank) return l.ms;
    }
    return links.at(-1)?.ms ?? 0;
  };
  const total = nodes * (nodes - 1);
  return (nth(total / 2) + nth(total / 2 + 1)) / 2;
}

/** A geo network's model for a case of `nodes` validators. */
export function geoNetworkModel(geo: GeoNetwork, nodes: number, bandwidthMbps: number): NetworkModel {
  return { preset: 'geo', latencyMs: medianOneWayMs(geo, nodes), bandwidthMbps, geo };
}

const NO_LATENCY = 'does not apply to a geo network, whose links take their latency from its table';

/**
 * The network of a scenario entry's cases with the flags applied, as a function of n. The flags
 * override field by field: `--regions` picks among the entry's `latencyMatrix` when it has one.
 * `--regions` or `--latency-matrix` means geo, and so do `regions` or `latencyMatrix` in the entry;
 * the shipped table serves when neither names a file.
 */
export function planNetwork(
  c: ConsensusCaseInput,
  co: ConsensusOverrides,
  file: string,
  index: number,
): (nodes: number) => NetworkModel {
  const at = (k: string) => `cases[${index}].${k}`;
  const flagsGeo = co.regions !== undefined || co.latencyMatrix !== undefined ? 'geo' : undefined;
  const entryGeo = c.regions !== undefined || c.latencyMatrix !== undefined ? 'geo' : undefined;
  const preset = co.network ?? flagsGeo ?? c.network ?? entryGeo ?? CONSENSUS_DEFAULTS.network;
  if (preset !== 'geo') {
    const network = resolveNetwork(preset, co.latencyMs ?? c.latencyMs, co.bandwidthMbps ?? c.bandwidthMbps);
    return () => network;
  }
  if (co.latencyMs !== undefined)
    throw new InputError('command line', '--latency-ms', `${NO_LATENCY} (cases[${index}] of ${file} is geo)`);
  if (c.latencyMs !== undefined) throw new InputError(file, at('latencyMs'), `${NO_LATENCY} (--network geo)`);
  const matrix = co.latencyMatrix ?? c.latencyMatrix;
  const table = matrix === undefined ? shippedLatencyTable() : readLatencyTable(matrix);
  const names =
    co.regions ?? c.regions ?? (matrix === undefined ? shippedLatencyTable().defaultRegions : table.regions);
  const geo =
    co.regions !== undefined
      ? geoNetwork(table, names, 'command line', () => '--regions')
      : geoNetwork(table, names, file, (k) => at(`regions[${k}]`));
  const bandwidthMbps = co.bandwidthMbps ?? c.bandwidthMbps ?? GEO_BANDWIDTH_MBPS;
  return (nodes) => geoNetworkModel(geo, nodes, bandwidthMbps);
}

/** A recorded `settings.network.geo` (untrusted: a result file), checked as a planned one would be. */
export function recordedGeo(c: Fields, raw: unknown, field: string): GeoNetwork {
  const o = c.object(raw, field, ['source', 'regions', 'oneWayMs']);
  const source = c.string(o.source, `${field}.source`);
  const regions = c.list(
    o.regions,
    `${field}.regions`,
    (v, f) => c.string(v, f, REGION_NAME, REGION_NAME_HINT),
    MAX_REGIONS,
  );
  const square = (v: unknown, f: string) => {
    if (!Array.isArray(v) || v.length !== regions.length)
      c.fail(f, `must be a list of ${regions.length} (one per region), got ${shown(v)}`);
    return v;
  };
  const oneWayMs = square(o.oneWayMs, `${field}.oneWayMs`).map((row, i) =>
    square(row, `${field}.oneWayMs[${i}]`).map((ms, j) =>
      c.number(ms, `${field}.oneWayMs[${i}][${j}]`, 0, CONSENSUS_LIMITS.latencyMs),
    ),
  );
  return { source, regions, oneWayMs };
}
