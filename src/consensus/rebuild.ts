import type { Fields } from '../core/fields.js';
/** A consensus case again from what a result file recorded about it (`run --only-failed`). */
import { LIMITS } from '../scenario/validate.js';
import { CONSENSUS_LIMITS, consensusCaseId } from './defaults.js';
import { DEFAULT_TX_BYTES } from './block.js';
import { checkNodes, checkSample, txBytesMismatch } from './scenario.js';
import { recordedGeo } from './geo.js';
import { FAULT_KINDS, PAYLOAD_MODES, PROTOCOLS, TX_SCHEMES, type ConsensusSpec } from './types.js';
import type { PlannedConsensusCase } from './plan.js';
import type { RebuildContext } from '../scenario/kind.js';

const CONSENSUS_PARAMS = [
  'nodes',
  'f',
  'quorum',
  'voteScheme',
  'txs',
  'txScheme',
  'txBytes',
  'payload',
  'txBackend',
  'faulty',
  'fault',
];

export function rebuildConsensus(
  raw: Readonly<Record<string, unknown>>,
  at: string,
  ctx: RebuildContext,
): PlannedConsensusCase {
  const c: Fields = ctx.fields;
  const params = c.object(raw.params, `${at}.params`, CONSENSUS_PARAMS);
  const nodes = checkNodes(c, params.nodes, `${at}.params.nodes`);
  const spec: ConsensusSpec = {
    protocol: c.oneOf(raw.protocol, `${at}.protocol`, PROTOCOLS),
    backend: ctx.backend(raw.backend, `${at}.backend`),
    nodes,
    txs: c.int(params.txs, `${at}.params.txs`, 1, CONSENSUS_LIMITS.txs),
    txScheme: c.oneOf(params.txScheme, `${at}.params.txScheme`, TX_SCHEMES),
    txBackend: ctx.backend(params.txBackend, `${at}.params.txBackend`),
    faulty: c.int(params.faulty, `${at}.params.faulty`, 0, nodes - 1),
    fault: c.oneOf(params.fault, `${at}.params.fault`, FAULT_KINDS),
  };
  const txBytes = c.optional(params, 'txBytes', `${at}.params`, (v, f) => c.int(v, f, 1, CONSENSUS_LIMITS.txBytes));
  if (txBytes !== undefined) {
    const mismatch = txBytesMismatch(spec.txScheme, txBytes);
    if (mismatch) c.fail(`${at}.params.txBytes`, mismatch);
  }
  // As planned: commands have a size (the default when the file names none), and `proposal` is not recorded.
  if (spec.txScheme === 'none') spec.txBytes = txBytes ?? DEFAULT_TX_BYTES;
  const payload = c.optional(params, 'payload', `${at}.params`, (v, f) => c.oneOf(v, f, PAYLOAD_MODES));
  if (payload === 'dissemination') spec.payload = payload;
  const threads = c.int(raw.threads, `${at}.threads`, 1, LIMITS.threads);
  const settings = c.object(raw.settings, `${at}.settings`, [
    'rounds',
    'repeat',
    'network',
    'sample',
    'validatorCores',
  ]);
  const net = c.object(settings.network, `${at}.settings.network`, ['preset', 'latencyMs', 'bandwidthMbps', 'geo']);
  // Files written before validators had cores modeled each one as a single core.
  const validatorCores =
    settings.validatorCores === undefined
      ? 1
      : c.int(settings.validatorCores, `${at}.settings.validatorCores`, 1, CONSENSUS_LIMITS.validatorCores);
  const preset = c.oneOf(net.preset, `${at}.settings.network.preset`, ['lan', 'wan', 'geo', 'custom'] as const);
  if ((preset === 'geo') !== (net.geo !== undefined))
    c.fail(
      `${at}.settings.network.geo`,
      preset === 'geo'
        ? 'is missing: preset geo records its regions and latencies'
        : `is only for preset geo, got ${preset}`,
    );
  const thresholdPct =
    raw.thresholdPct === undefined ? undefined : c.number(raw.thresholdPct, `${at}.thresholdPct`, 0, 1000, true);
  return {
    id: consensusCaseId(spec, threads),
    kind: 'consensus',
    spec,
    threads,
    rounds: c.int(settings.rounds, `${at}.settings.rounds`, 1, CONSENSUS_LIMITS.rounds),
    network: {
      preset,
      latencyMs: c.number(net.latencyMs, `${at}.settings.network.latencyMs`, 0, CONSENSUS_LIMITS.latencyMs),
      bandwidthMbps: c.number(
        net.bandwidthMbps,
        `${at}.settings.network.bandwidthMbps`,
        0,
        CONSENSUS_LIMITS.bandwidthMbps,
        true,
      ),
      ...(net.geo !== undefined ? { geo: recordedGeo(c, net.geo, `${at}.settings.network.geo`) } : {}),
    },
    validatorCores,
    ...(thresholdPct !== undefined ? { thresholdPct } : {}),
    ...(settings.sample !== undefined ? { sample: checkSample(c, settings.sample, `${at}.settings.sample`) } : {}),
  };
}
