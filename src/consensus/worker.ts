/**
 * Piscina worker entry for consensus tasks. A task is one validator's step of a round (see
 * validator.ts), a setup (build and warm the cached keys and block), the certificate of the round
 * before the first, or a direct task (a round task's crypto alone, for scripts/engine-overhead.ts).
 * Every error is caught and returned as data.
 */
import { performance } from 'node:perf_hooks';
import { cryptoFor, type ConsensusCrypto } from './crypto.js';
import { buildGivenCertificate, executeRoundTask } from './validator.js';
import measure from '../pool/worker.js';
import {
  signedRecordBytes,
  zeroWork,
  type ConsensusResponse,
  type ConsensusTask,
  type DirectResult,
  type DirectTask,
  type SetupTask,
} from './messages.js';

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

/** The crypto of a round task and nothing else (see DirectTask): the engine-overhead benchmark's reference. */
function executeDirectTask(task: DirectTask, crypto: ConsensusCrypto): DirectResult {
  const t0 = performance.now();
  const { buffer, entries, signatureBytes } = task.table;
  const recordBytes = signedRecordBytes(signatureBytes);
  const view = new DataView(buffer);
  const bytes = new Uint8Array(buffer);
  const work = zeroWork();
  let allValid = entries > 0 || task.verifications + task.signatures === 0;
  const at = (i: number) => {
    const offset = ((task.first + i) % entries) * recordBytes;
    // Copies: the backends take plain Uint8Arrays, as the engine's messages are.
    return {
      signer: view.getUint32(offset, true),
      digest: bytes.slice(offset + 4, offset + 36),
      signature: bytes.slice(offset + 36, offset + recordBytes),
    };
  };
  for (let i = 0; allValid && i < task.verifications; i++) {
    const e = at(i);
    work.voteVerifications++;
    allValid = crypto.verify(e.signer, e.digest, e.signature);
  }
  for (let i = 0; allValid && i < task.signatures; i++) {
    const e = at(i);
    work.signatures++;
    allValid = crypto.sign(e.signer, e.digest).length === signatureBytes;
  }
  for (let i = 0; allValid && i < task.blocks; i++) {
    const r = crypto.verifyBlock();
    work.txVerifications += r.txVerifications;
    work.merkleRoots++;
    allValid = r.valid;
  }
  return { ok: true, work, allValid, ms: performance.now() - t0 };
}

export default async function run(task: ConsensusTask): Promise<ConsensusResponse> {
  try {
    if (task.kind === 'setup') return await setup(task);
    // The primitive harness itself, on this worker: calibration measures exactly as a primitive case would.
    if (task.kind === 'calibrate') return await measure(task.request);
    const crypto = await cryptoFor(task.setup);
    if (task.kind === 'certificate') return await buildGivenCertificate(task, crypto);
    if (task.kind === 'direct') return executeDirectTask(task, crypto);
    return executeRoundTask(task, crypto);
  } catch (err) {
    const e = err as Error;
    return { ok: false, error: `${e.name}: ${e.message}` };
  }
}
