/** Expansion of a scenario's consensus case and the consensus flags into planned cases. */
import { availableParallelism } from 'node:os';
import { InputError } from '../core/errors.js';
import { CONSENSUS_DEFAULTS, consensusCaseId, defaultBackendFor, defaultTxBackend, resolveNetwork } from './defaults.js';
import type { ConsensusCaseInput, ConsensusOverrides, PlannedConsensusCase, RunOverrides, ScenarioInput } from '../scenario/types.js';

/** The command-line flag of each consensus override, for error messages. */
export const CONSENSUS_FLAGS: Record<keyof ConsensusOverrides, string> = {
  protocols: '--protocols',
  nodes: '--nodes',
  rounds: '--rounds',
  txs: '--txs',
  txScheme: '--tx-scheme',
  txBackend: '--tx-backend',
  network: '--network',
  latencyMs: '--latency-ms',
  bandwidthMbps: '--bandwidth-mbps',
  faulty: '--faulty',
  fault: '--fault',
};

/** Consensus flags given for a scenario without consensus cases are a mistake worth saying. */
export function checkConsensusFlagsApply(s: ScenarioInput, file: string, over: RunOverrides): void {
  const given = Object.keys(over.consensus ?? {}) as (keyof ConsensusOverrides)[];
  if (given.length === 0 || s.cases.some((c) => c.op === 'consensus')) return;
  throw new InputError('command line', CONSENSUS_FLAGS[given[0]!], `applies to consensus cases, and ${file} has none (try scenarios/consensus.json)`);
}

/**
 * `--protocols` selects among the scenario's consensus cases (each keeps its own settings for the
 * protocols it lists); a protocol no case lists joins the first consensus case.
 */
function selectProtocols(c: ConsensusCaseInput, s: ScenarioInput, co: ConsensusOverrides): ConsensusCaseInput['protocols'] {
  if (!co.protocols) return c.protocols;
  const consensusCases = s.cases.filter((x): x is ConsensusCaseInput => x.op === 'consensus');
  const listed = new Set(consensusCases.flatMap((x) => x.protocols));
  const extra = c === consensusCases[0] ? co.protocols.filter((p) => !listed.has(p)) : [];
  return [...c.protocols.filter((p) => co.protocols!.includes(p)), ...extra];
}

export function planConsensusCases(
  c: ConsensusCaseInput,
  index: number,
  file: string,
  s: ScenarioInput,
  over: RunOverrides,
  allBackends: readonly string[],
): PlannedConsensusCase[] {
  const co = over.consensus ?? {};
  const nodes = co.nodes ?? c.nodes ?? [...CONSENSUS_DEFAULTS.nodes];
  const faulty = co.faulty ?? c.faulty ?? CONSENSUS_DEFAULTS.faulty;
  if (faulty >= Math.min(...nodes)) {
    const fromFlags = co.faulty !== undefined || co.nodes !== undefined;
    const detail = `must be less than every node count (the leader is a correct validator), got ${faulty} with ${Math.min(...nodes)} nodes`;
    throw fromFlags ? new InputError('command line', '--faulty', detail) : new InputError(file, `cases[${index}].faulty`, detail);
  }
  const network = resolveNetwork(co.network ?? c.network ?? CONSENSUS_DEFAULTS.network, co.latencyMs ?? c.latencyMs, co.bandwidthMbps ?? c.bandwidthMbps);
  // All cores by default: a consensus case is n validators sharing the machine.
  const threadsList = over.threads ?? c.threads ?? s.threads ?? [availableParallelism()];
  const rounds = co.rounds ?? c.rounds ?? CONSENSUS_DEFAULTS.rounds;
  const out: PlannedConsensusCase[] = [];
  for (const protocol of selectProtocols(c, s, co)) {
    for (const backend of over.backends ?? c.backends ?? [defaultBackendFor(protocol, allBackends)]) {
      for (const n of nodes) {
        for (const threads of threadsList) {
          const spec = {
            protocol,
            backend,
            nodes: n,
            txs: co.txs ?? c.txs ?? CONSENSUS_DEFAULTS.txs,
            txScheme: co.txScheme ?? c.txScheme ?? CONSENSUS_DEFAULTS.txScheme,
            txBackend: co.txBackend ?? c.txBackend ?? defaultTxBackend(allBackends),
            faulty,
            fault: co.fault ?? c.fault ?? CONSENSUS_DEFAULTS.fault,
          };
          const pc: PlannedConsensusCase = { id: consensusCaseId(spec, threads), kind: 'consensus', spec, threads, rounds, network };
          if (c.thresholdPct !== undefined) pc.thresholdPct = c.thresholdPct;
          out.push(pc);
        }
      }
    }
  }
  return out;
}
