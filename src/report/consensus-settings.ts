/**
 * What a consensus case's modeled figures assume, as one short text for report tables: the
 * network model (preset, one-way latency, bandwidth; the regions of a geo model and the range of
 * their link latencies) and the cores of each modeled validator; and whether the case's time is
 * per round or, for a pipelined protocol, per view. Strings stay raw: each exporter escapes them.
 */
import { isFiniteNumber, isObject } from '../core/guards.js';
import type { ConsensusCaseResult } from '../results/schema.js';

/** 3 significant digits without trailing zeros: 0.2, 50, 1.5. */
const short = (x: number): string => String(Number(x.toPrecision(3)));

/** "100 Mbit/s", "1 Gbit/s". */
export function bandwidthText(mbps: number): string {
  return mbps >= 1000 ? `${short(mbps / 1000)} Gbit/s` : `${short(mbps)} Mbit/s`;
}

/**
 * A geo model's regions and link latencies, read with care: files of this version always record
 * them whole, but the field is newer than the reader's checks of it, so a malformed one is shown
 * as such rather than trusted.
 */
function geoText(geo: unknown): string {
  if (!isObject(geo)) return 'geo (links not recorded)';
  const regions = Array.isArray(geo.regions) ? geo.regions.filter((r): r is string => typeof r === 'string') : [];
  const links = Array.isArray(geo.oneWayMs)
    ? geo.oneWayMs.flatMap((row: unknown) => (Array.isArray(row) ? row.filter(isFiniteNumber) : []))
    : [];
  const source = typeof geo.source === 'string' && geo.source !== '' ? ` (${geo.source})` : '';
  const range = links.length
    ? Math.min(...links) === Math.max(...links)
      ? `${short(links[0]!)} ms one-way`
      : `${short(Math.min(...links))}–${short(Math.max(...links))} ms one-way`
    : 'one-way latencies not recorded';
  return `geo${source}: ${regions.length ? regions.join(', ') : 'regions not recorded'} · ${range}`;
}

/** "lan · 0.2 ms one-way · 1 Gbit/s", or for a geo model "geo (source): a, b, c · 10–80 ms one-way · 100 Mbit/s". */
export function networkText(c: ConsensusCaseResult): string {
  const n = c.settings.network;
  const links = n.geo !== undefined ? geoText(n.geo) : `${n.preset} · ${short(n.latencyMs)} ms one-way`;
  return `${links} · ${bandwidthText(n.bandwidthMbps)}`;
}

/** "4 cores per validator"; files written before the model had more than one core say so. */
export function validatorCoresText(c: ConsensusCaseResult): string {
  const cores: unknown = c.settings.validatorCores;
  if (cores === undefined) return '1 core per validator (not recorded)';
  if (!isFiniteNumber(cores) || !Number.isInteger(cores) || cores < 1) return 'validator cores invalid';
  return `${cores} core${cores === 1 ? '' : 's'} per validator`;
}

/** Network and validator cores, one line. */
export function consensusSettingsText(c: ConsensusCaseResult): string {
  return `${networkText(c)} · ${validatorCoresText(c)}`;
}

/** The commit chain of a pipelined protocol's case (its time is per view), or null for a protocol of rounds. */
export function commitChainOf(c: ConsensusCaseResult): number | null {
  const chain: unknown = c.params.commitChain;
  return isFiniteNumber(chain) ? chain : null;
}

/** "round", or "view (3-chain commit)" for a pipelined protocol. */
export function timePerText(c: ConsensusCaseResult): string {
  const chain = commitChainOf(c);
  return chain === null ? 'round' : `view (${chain}-chain commit)`;
}

/** Whether some case is of a pipelined protocol: report wording then says "round or view". */
export const anyPipelined = (cases: readonly ConsensusCaseResult[]): boolean =>
  cases.some((c) => commitChainOf(c) !== null);
