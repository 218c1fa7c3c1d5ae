/**
 * Piscina worker entry for consensus tasks. A task is one validator's step of a round (see
 * validator.ts), a setup (build and warm the cached keys and block), or the certificate of the
 * round before the first. Every error is caught and returned as data.
 */
import { performance } from 'node:perf_hooks';
import { cryptoFor, type ConsensusCrypto } from './crypto.js';
import { buildGivenCertificate, executeRoundTask } from './validator.js';
import measure from '../pool/worker.js';
import type { ConsensusResponse, ConsensusTask, SetupTask } from './messages.js';

/** A worker waits at most this long for the others at setup; the barrier only spreads setup over all workers. */
const SETUP_BARRIER_MS = 30_000;

/** Sign and verify a few times so the first round does not pay for JIT compilation. */
function warm(crypto: ConsensusCrypto, nodes: number): void {
  const m = new Uint8Array(32).fill(1);
  for (let i = 0; i < Math.min(nodes, 3); i++) crypto.verify(i, m, crypto.sign(i, m));
  crypto.verifyBlock();
}

async function setup(task: SetupTask): Promise<ConsensusResponse> {
  const t0 = performance.now();
  warm(await cryptoFor(task.setup), task.setup.nodes);
  const setupMs = performance.now() - t0;
  const slots = new Int32Array(task.barrier);
  if (Atomics.add(slots, 0, 1) + 1 >= task.threads) Atomics.notify(slots, 0);
  else {
    const deadline = Date.now() + SETUP_BARRIER_MS;
    for (let seen = Atomics.load(slots, 0); seen < task.threads && Date.now() < deadline; seen = Atomics.load(slots, 0))
      Atomics.wait(slots, 0, seen, 250);
  }
  return { ok: true, setupMs };
}

export default async function run(task: ConsensusTask): Promise<ConsensusResponse> {
  try {
    if (task.kind === 'setup') return await setup(task);
    // The primitive harness itself, on this worker: calibration measures exactly as a primitive case would.
    if (task.kind === 'calibrate') return await measure(task.request);
    const crypto = await cryptoFor(task.setup);
    if (task.kind === 'certificate') return await buildGivenCertificate(task, crypto);
    return executeRoundTask(task, crypto);
  } catch (err) {
    const e = err as Error;
    return { ok: false, error: `${e.name}: ${e.message}` };
  }
}
