/** Expansion of a scenario's consensus entry and the consensus flags into planned cases. */
import { availableParallelism } from 'node:os';
import { InputError } from '../core/errors.js';
import { CONSENSUS_DEFAULTS, consensusCaseId, defaultBackendFor, defaultTxBackend } from './defaults.js';
import { planNetwork } from './geo.js';
import { costsFor, readCostSource } from './costs-from.js';
import { DEFAULT_TX_BYTES } from './block.js';
import { txBytesMismatch } from './scenario.js';
import type { ExpandContext } from '../scenario/kind.js';
import type { RunOverrides } from '../scenario/types.js';
import type { ConsensusCaseInput, ConsensusOverrides } from './scenario.js';
import type { ConsensusSpec, NetworkModel, PayloadMode, TxScheme } from './types.js';
import type { ConsensusCosts } from '../results/schema.js';

declare module '../scenario/types.js' {
  interface RunOverrides {
    /** The consensus flags (`--protocols`, `--nodes`, …), for every consensus case of the plan. */
    consensus?: ConsensusOverrides;
  }
}

/** One consensus case of a resolved plan. */
export interface PlannedConsensusCase {
  id: string;
  kind: 'consensus';
  spec: ConsensusSpec;
  threads: number;
  rounds: number;
  network: NetworkModel;
  thresholdPct?: number;
  /** Rough duration from the work's closed form and a measured verify rate (src/consensus/estimate.ts), ms. */
  estimatedMs?: number;
  /** The measured cost of one vote verification behind that estimate, ms. */
  verifyMs?: number;
  /** Validators executed per round (0 or absent: all; see ConsensusCaseInput.sample). */
  sample?: number;
  /** Operation costs read from another machine's result file (`--costs-from`), used instead of calibrating here. */
  costs?: ConsensusCosts;
  /** Cores of each modeled validator (ConsensusCaseInput.validatorCores), recorded as `settings.validatorCores`. */
  validatorCores: number;
}

/** The command-line flag of each consensus override, for error messages. */
export const CONSENSUS_FLAGS: Record<keyof ConsensusOverrides, string> = {
  protocols: '--protocols',
  nodes: '--nodes',
  rounds: '--rounds',
  txs: '--txs',
  txScheme: '--tx-scheme',
  txBytes: '--tx-bytes',
  payload: '--payload',
  txBackend: '--tx-backend',
  network: '--network',
  regions: '--regions',
  latencyMatrix: '--latency-matrix',
  latencyMs: '--latency-ms',
  bandwidthMbps: '--bandwidth-mbps',
  faulty: '--faulty',
  fault: '--fault',
  costsFrom: '--costs-from',
  sample: '--sample',
  validatorCores: '--validator-cores',
};

/** Consensus flags given for a scenario without consensus cases are a mistake worth saying. */
export function refuseUnusedConsensusFlags(
  entries: readonly ConsensusCaseInput[],
  file: string,
  over: RunOverrides,
): void {
  const given = Object.keys(over.consensus ?? {}) as (keyof ConsensusOverrides)[];
  const first = given[0];
  if (first === undefined || entries.length > 0) return;
  throw new InputError(
    'command line',
    CONSENSUS_FLAGS[first],
    `applies to consensus cases, and ${file} has none (try scenarios/consensus.json)`,
  );
}

/**
 * `--protocols` selects among the scenario's consensus cases (each keeps its own settings for the
 * protocols it lists); a protocol no case lists joins the first consensus case.
 */
function selectProtocols(
  c: ConsensusCaseInput,
  siblings: readonly ConsensusCaseInput[],
  co: ConsensusOverrides,
): ConsensusCaseInput['protocols'] {
  const chosen = co.protocols;
  if (!chosen) return c.protocols;
  const listed = new Set(siblings.flatMap((x) => x.protocols));
  const extra = c === siblings[0] ? chosen.filter((p) => !listed.has(p)) : [];
  return [...c.protocols.filter((p) => chosen.includes(p)), ...extra];
}

/**
 * The block of a case: its transaction scheme, the size of its commands (opaque commands only,
 * default DEFAULT_TX_BYTES) and where its payload travels (recorded only when not `proposal`, the
 * default, so that cases without it read as before).
 */
function blockOf(
  c: ConsensusCaseInput,
  co: ConsensusOverrides,
  file: string,
  index: number,
): { txScheme: TxScheme; txBytes?: number; payload?: PayloadMode } {
  const txScheme = co.txScheme ?? c.txScheme ?? CONSENSUS_DEFAULTS.txScheme;
  const txBytes = co.txBytes ?? c.txBytes;
  const mismatch = txBytes === undefined ? null : txBytesMismatch(txScheme, txBytes);
  if (mismatch) {
    if (co.txBytes !== undefined) throw new InputError('command line', '--tx-bytes', mismatch);
    // The scenario's command size, and --tx-scheme chose signed transactions instead.
    throw new InputError(
      'command line',
      '--tx-scheme',
      `${txScheme} has no commands for ${file} cases[${index}].txBytes (${txBytes}), which applies to tx scheme none only`,
    );
  }
  const payload = co.payload ?? c.payload ?? 'proposal';
  return {
    txScheme,
    ...(txScheme === 'none' ? { txBytes: txBytes ?? DEFAULT_TX_BYTES } : {}),
    ...(payload !== 'proposal' ? { payload } : {}),
  };
}

export function planConsensusCases(
  c: ConsensusCaseInput,
  ctx: ExpandContext<ConsensusCaseInput>,
): PlannedConsensusCase[] {
  const { over, scenario: s, file, index } = ctx;
  const co = over.consensus ?? {};
  const nodes = co.nodes ?? c.nodes ?? [...CONSENSUS_DEFAULTS.nodes];
  const faulty = co.faulty ?? c.faulty ?? CONSENSUS_DEFAULTS.faulty;
  if (faulty >= Math.min(...nodes)) {
    const fromFlags = co.faulty !== undefined || co.nodes !== undefined;
    const detail = `must be less than every node count (the leader is a correct validator), got ${faulty} with ${Math.min(...nodes)} nodes`;
    throw fromFlags
      ? new InputError('command line', '--faulty', detail)
      : new InputError(file, `cases[${index}].faulty`, detail);
  }
  // One network per entry; a geo network's median latency depends on n (src/consensus/geo.ts).
  const networkFor = planNetwork(c, co, file, index);
  // All cores by default: a consensus case is n validators sharing the machine.
  const threadsList = over.threads ?? c.threads ?? s.threads ?? [availableParallelism()];
  const rounds = co.rounds ?? c.rounds ?? CONSENSUS_DEFAULTS.rounds;
  const sample = co.sample ?? c.sample;
  const validatorCores = co.validatorCores ?? c.validatorCores ?? availableParallelism();
  const costSource = co.costsFrom === undefined ? undefined : readCostSource(co.costsFrom);
  const block = blockOf(c, co, file, index);
  const out: PlannedConsensusCase[] = [];
  for (const protocol of selectProtocols(c, ctx.siblings, co)) {
    for (const backend of over.backends ?? c.backends ?? [defaultBackendFor(protocol, ctx.allBackends)]) {
      for (const n of nodes) {
        for (const threads of threadsList) {
          const spec: ConsensusSpec = {
            protocol,
            backend,
            nodes: n,
            txs: co.txs ?? c.txs ?? CONSENSUS_DEFAULTS.txs,
            ...block,
            txBackend: co.txBackend ?? c.txBackend ?? defaultTxBackend(ctx.allBackends),
            faulty,
            fault: co.fault ?? c.fault ?? CONSENSUS_DEFAULTS.fault,
          };
          const id = consensusCaseId(spec, threads);
          out.push({
            id,
            kind: 'consensus',
            spec,
            threads,
            rounds,
            network: networkFor(n),
            validatorCores,
            ...(c.thresholdPct !== undefined ? { thresholdPct: c.thresholdPct } : {}),
            ...(sample !== undefined ? { sample } : {}),
            ...(costSource ? { costs: costsFor(costSource, spec, id, validatorCores) } : {}),
          });
        }
      }
    }
  }
  return out;
}
