/**
 * A consensus entry's `published`: measurements a paper or a project reported for the entry's
 * protocols, recorded in the result file so that reports print them beside the modeled figures of
 * the same node counts. chainmark does not check the figures against anything; it checks that
 * each names a node count the entry runs, so that every point has a modeled figure to meet.
 */
import type { Fields } from '../core/fields.js';
import { checkPublishedPoints, checkPublishedSource } from '../results/validate-published.js';
import type { PublishedPoint, PublishedSeries } from '../results/schema.js';
import { CONSENSUS_DEFAULTS } from './defaults.js';
import type { ProtocolName } from './types.js';

/** `"published": { "source": "<citation>", "points": [{ "nodes": 4, "txPerSec": 114800, "latencyMs": 19.4 }, …] }` */
export interface PublishedInput {
  source: string;
  points: PublishedPoint[];
}

/** The entry's `published`, checked against the node counts it runs (its `nodes`, else the default ones). */
export function checkPublishedInput(
  c: Fields,
  value: unknown,
  field: string,
  nodes: readonly number[] | undefined,
): PublishedInput {
  const o = c.object(value, field, ['source', 'points']);
  const runs: readonly number[] = nodes ?? CONSENSUS_DEFAULTS.nodes;
  const source = checkPublishedSource(c, o.source, `${field}.source`);
  const points = checkPublishedPoints(c, o.points, `${field}.points`, true, (n, at) => {
    if (!runs.includes(n)) c.fail(at, `is ${n}, a node count this entry does not run (its nodes: ${runs.join(', ')})`);
  });
  return { source, points };
}

/**
 * The series an entry records: its citation and points, with the entry's own protocols that were
 * planned (`--protocols` may have left some out, or added one to the entry that the source did
 * not measure). None when no protocol of the entry is planned.
 */
export function publishedSeries(
  entry: { protocols: readonly ProtocolName[]; published?: PublishedInput },
  planned: readonly { spec: { protocol: ProtocolName } }[],
): PublishedSeries[] {
  if (!entry.published) return [];
  const protocols = entry.protocols.filter((p) => planned.some((c) => c.spec.protocol === p));
  if (protocols.length === 0) return [];
  return [{ source: entry.published.source, protocols, points: entry.published.points }];
}
