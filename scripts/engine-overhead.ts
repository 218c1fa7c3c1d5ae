/**
 * Engine overhead: one PBFT round through the round engine (RoundEngine on a ConsensusPool), and
 * the same crypto work sent straight to the same pool without it, interleaved (engine round, direct
 * batch, engine round, …) so machine drift hits both alike:
 *   engine   RoundEngine.runRound: routing on this thread, one RoundTask per validator and wave;
 *   direct   the round's recorded work, wave by wave, spread over as many DirectTasks as the
 *            engine sent in that wave: real signatures over the round's digests, and verifyBlock.
 * Prints both medians, min/max and engine ÷ direct (target ≤ 1.10), then where the engine's extra
 * time goes: routing on this thread, structured cloning of tasks and results, and a validator
 * task's bookkeeping (state clone, per-message timers and work snapshots) with the crypto stubbed.
 * Usage: node dist/scripts/engine-overhead.js [--pairs 5] [--warmup 2] [--nodes 64] [--txs 256] [--threads 2]
 */
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { serialize } from 'node:v8';
import { buildBlock } from '../src/consensus/block.js';
import { RoundEngine, type Executor, type RoundRecord } from '../src/consensus/engine.js';
import { ConsensusPool } from '../src/consensus/pool.js';
import { executeRoundTask } from '../src/consensus/validator.js';
import { cloneState } from '../src/consensus/rules.js';
import {
  addWork,
  signedRecordBytes,
  workSince,
  zeroWork,
  type ConsensusSetup,
  type DirectTask,
  type RoundResult,
  type RoundTask,
  type SignedTable,
  type WorkCounts,
} from '../src/consensus/messages.js';
import type { ConsensusCrypto } from '../src/consensus/crypto.js';
import { median, sortedAsc } from '../src/measure/stats.js';
import { renderTable } from '../src/format/table.js';

export interface EngineOverheadOptions {
  pairs: number;
  warmup: number;
  nodes: number;
  txs: number;
  threads: number;
}

const DEFAULTS: EngineOverheadOptions = { pairs: 5, warmup: 2, nodes: 64, txs: 256, threads: 2 };
const TARGET = 1.1;
const SEED = 1;

/** `--name value` pairs over the defaults; every value an integer (≥ 1, or ≥ 0 for --warmup). */
export function parseOptions(argv: readonly string[]): EngineOverheadOptions {
  const out = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const name = flag.slice(2) as keyof EngineOverheadOptions;
    if (!flag.startsWith('--') || !(name in DEFAULTS))
      throw new TypeError(
        `engine-overhead: unknown argument ${flag} (flags: --pairs, --warmup, --nodes, --txs, --threads)`,
      );
    const text = argv[i + 1];
    const value = Number(text);
    const least = name === 'warmup' ? 0 : name === 'nodes' ? 4 : 1;
    if (text === undefined || !Number.isInteger(value) || value < least)
      throw new RangeError(`engine-overhead: ${flag} must be an integer >= ${least}, got ${text ?? 'nothing'}`);
    out[name] = value;
  }
  return out;
}

/** `total` in `parts` whole shares as even as they go, the larger ones first: 10 over 4 → 3, 3, 2, 2. */
export function spreadEvenly(total: number, parts: number): number[] {
  if (!Number.isInteger(total) || total < 0)
    throw new RangeError(`engine-overhead: total must be an integer >= 0, got ${total}`);
  if (!Number.isInteger(parts) || parts < 1)
    throw new RangeError(`engine-overhead: parts must be a positive integer, got ${parts}`);
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0));
}

export interface DirectShare {
  verifications: number;
  signatures: number;
  blocks: number;
}

/**
 * One wave's work spread over `tasks` direct tasks. A block check verifies all `txsPerBlock`
 * transactions and one Merkle root, so blocks are spread whole; direct tasks do no BLS work.
 */
export function directShares(work: WorkCounts, tasks: number, txsPerBlock: number): DirectShare[] {
  for (const k of ['aggregateVerifications', 'aggregations'] as const)
    if (work[k] !== 0) throw new RangeError(`engine-overhead: direct tasks do no BLS work, got ${k} = ${work[k]}`);
  if (work.txVerifications !== work.merkleRoots * txsPerBlock)
    throw new RangeError(
      `engine-overhead: txVerifications must be merkleRoots × ${txsPerBlock} = ${work.merkleRoots * txsPerBlock}, got ${work.txVerifications}`,
    );
  const v = spreadEvenly(work.voteVerifications, tasks);
  const s = spreadEvenly(work.signatures, tasks);
  const b = spreadEvenly(work.merkleRoots, tasks);
  return v.map((verifications, i) => ({ verifications, signatures: s[i]!, blocks: b[i]! }));
}

/** The crypto operations a direct batch must match: the four kinds a PBFT round does. */
export function workMismatch(engine: WorkCounts, direct: WorkCounts): string | null {
  const keys = ['voteVerifications', 'signatures', 'txVerifications', 'merkleRoots'] as const;
  const bad = keys.filter((k) => engine[k] !== direct[k]);
  return bad.length ? bad.map((k) => `${k}: engine ${engine[k]}, direct ${direct[k]}`).join('; ') : null;
}

interface Wave {
  tasks: RoundTask[];
  results: RoundResult[];
  poolMs: number;
}

/** The pool as the engine's executor, keeping every wave's tasks and results and the time spent waiting on it. */
class RecordingExecutor implements Executor {
  waves: Wave[] = [];
  constructor(private readonly pool: ConsensusPool) {}

  async runRound(tasks: RoundTask[]) {
    const t0 = performance.now();
    const results = await this.pool.runRound(tasks);
    const poolMs = performance.now() - t0;
    this.waves.push({ tasks, results: results.flatMap((r) => (r.ok ? [r] : [])), poolMs });
    return results;
  }

  certificate(task: Parameters<Executor['certificate']>[0]) {
    return this.pool.certificate(task);
  }
}

/** Every signature the round's validators sent, over the digest it signed, in a shared table. */
function signedTable(waves: Wave[]): SignedTable {
  const entries = waves.flatMap((w) =>
    w.results.flatMap((r, i) => {
      const task = w.tasks[i]!;
      return r.sends.flatMap((s) =>
        s.signature ? [{ signer: task.validator, digest: task.digests[s.step]!, sig: s.signature }] : [],
      );
    }),
  );
  const signatureBytes = entries[0]?.sig.length ?? 0;
  const recordBytes = signedRecordBytes(signatureBytes);
  const buffer = new SharedArrayBuffer(entries.length * recordBytes);
  const view = new DataView(buffer);
  const bytes = new Uint8Array(buffer);
  entries.forEach((e, i) => {
    if (e.sig.length !== signatureBytes) throw new Error('engine-overhead: signatures of one round differ in length');
    view.setUint32(i * recordBytes, e.signer, true);
    bytes.set(e.digest, i * recordBytes + 4);
    bytes.set(e.sig, i * recordBytes + 36);
  });
  return { buffer, entries: entries.length, signatureBytes };
}

interface EngineSample {
  hostMs: number;
  poolMs: number;
  /** Σ per-message and per-send crypto times measured inside the validators' tasks. */
  cryptoMs: number;
  record: RoundRecord;
  waves: Wave[];
}

async function engineRound(engine: RoundEngine, recorder: RecordingExecutor, round: number): Promise<EngineSample> {
  recorder.waves = [];
  const record = await engine.runRound(round);
  if (record === 'aborted') throw new Error('engine-overhead: round aborted');
  if (!record.committed || record.rejectedValid > 0)
    throw new Error(`engine-overhead: round ${round} did not commit cleanly`);
  const waves = recorder.waves;
  const cryptoMs = waves
    .flatMap((w) => w.results)
    .reduce((ms, r) => ms + r.checks.reduce((a, c) => a + c.ms, 0) + r.sends.reduce((a, s) => a + s.ms, 0), 0);
  return { hostMs: record.hostMs, poolMs: waves.reduce((ms, w) => ms + w.poolMs, 0), cryptoMs, record, waves };
}

/** The engine round's work, wave by wave, as direct tasks: built before timing, as the engine's inputs are data. */
function directPlan(sample: EngineSample, setup: ConsensusSetup): DirectTask[][] {
  const table = signedTable(sample.waves);
  const total = zeroWork();
  const plan = sample.waves.map((w) => {
    const work = zeroWork();
    for (const r of w.results) addWork(work, r.work);
    addWork(total, work);
    return directShares(work, w.tasks.length, setup.txs).map((share, j): DirectTask => ({
      kind: 'direct',
      setup,
      table,
      first: (j * Math.max(1, share.verifications)) % Math.max(1, table.entries),
      ...share,
    }));
  });
  const bad = workMismatch(sample.record.work, total);
  if (bad) throw new Error(`engine-overhead: the waves' work does not add up to the round's: ${bad}`);
  return plan;
}

interface DirectSample {
  hostMs: number;
  /** Σ wall times of the direct tasks in the workers. */
  cryptoMs: number;
}

async function directBatch(pool: ConsensusPool, plan: DirectTask[][], expected: WorkCounts): Promise<DirectSample> {
  const done = zeroWork();
  let cryptoMs = 0;
  const t0 = performance.now();
  for (const wave of plan) {
    for (const r of await Promise.all(wave.map((t) => pool.direct(t)))) {
      if (!r.ok || !r.allValid)
        throw new Error(`engine-overhead: direct task failed: ${r.ok ? 'a check did not pass' : r.error}`);
      addWork(done, r.work);
      cryptoMs += r.ms;
    }
  }
  const hostMs = performance.now() - t0;
  const bad = workMismatch(expected, done);
  if (bad) throw new Error(`engine-overhead: direct batch did other work than the engine: ${bad}`);
  return { hostMs, cryptoMs };
}

/** Mean ms of `run` over enough repetitions to last ≥ 200 ms. */
function timeEach(run: () => void): number {
  let reps = 0;
  const t0 = performance.now();
  do {
    run();
    reps++;
  } while (performance.now() - t0 < 200);
  return (performance.now() - t0) / reps;
}

/** What postMessage does to a round's tasks and results (serialize + deserialize), measured with structuredClone on this thread. */
function cloneCosts(waves: Wave[]) {
  const tasks = waves.flatMap((w) => w.tasks);
  const results = waves.flatMap((w) => w.results);
  // v8.serialize cannot write a SharedArrayBuffer; postMessage shares it without copying, so it counts 0 bytes.
  const bytesOf = (xs: object[]) => xs.reduce((n, x) => n + serialize(x).length, 0);
  return {
    taskMs: timeEach(() => tasks.forEach((t) => structuredClone(t))),
    taskBytes: bytesOf(tasks.map((t) => ({ ...t, setup: { ...t.setup, block: null } }))),
    resultMs: timeEach(() => results.forEach((r) => structuredClone(r))),
    resultBytes: bytesOf(results),
  };
}

/**
 * A validator task's own work with the crypto stubbed out (state clone, per-message timers and work
 * snapshots, result building), then the parts of it that scale with messages, each timed alone over
 * the round's counts: two timer reads per message checked and per send, a work snapshot and
 * difference for each, and the state clones (one per task in a worker, one per validator and wave
 * in the engine).
 */
function bookkeeping(waves: Wave[], o: EngineOverheadOptions, signatureBytes: number) {
  const stub: ConsensusCrypto = {
    sign: () => new Uint8Array(signatureBytes),
    verify: () => true,
    aggregate: () => new Uint8Array(signatureBytes),
    verifyAggregate: () => true,
    verifyBlock: () => ({ valid: true, txVerifications: o.txs }),
  };
  const tasks = waves.flatMap((w) => w.tasks);
  const sends = waves.flatMap((w) => w.results).reduce((n, r) => n + r.sends.length, 0);
  const timed = tasks.reduce((n, t) => n + t.inbox.length, 0) + sends;
  const clones = tasks.length + o.nodes * (waves.length + 1);
  const running = { ...zeroWork(), voteVerifications: 3 };
  let sink = 0;
  return {
    taskMs: timeEach(() => tasks.forEach((t) => executeRoundTask(t, stub))),
    timed,
    timersMs: timeEach(() => {
      for (let i = 0; i < 2 * timed; i++) sink += performance.now();
    }),
    snapshotsMs: timeEach(() => {
      for (let i = 0; i < timed; i++) sink += workSince({ ...running }, running).voteVerifications;
    }),
    clones,
    clonesMs: timeEach(() => {
      for (let i = 0; i < clones; i++) sink += cloneState(tasks[i % tasks.length]!.state).sent.length;
    }),
    sink,
  };
}

type Row = [label: string, ms: number, where: string];

function report(o: EngineOverheadOptions, engines: EngineSample[], directs: DirectSample[], startedMs: number): void {
  const med = (xs: number[]) => median(sortedAsc(xs));
  const stats = (xs: number[]) => [med(xs), Math.min(...xs), Math.max(...xs)].map((x) => x.toFixed(1));
  const engineMs = engines.map((e) => e.hostMs);
  const directMs = directs.map((d) => d.hostMs);
  const last = engines[engines.length - 1]!;
  const w = last.record.work;
  console.log(
    `PBFT n=${o.nodes}, ${o.txs} ed25519 txs/block, node backend, ${o.threads} threads; ${o.pairs} interleaved pairs after ${o.warmup} warm-up; ${((Date.now() - startedMs) / 1000).toFixed(0)} s`,
  );
  console.log(
    `machine: ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  );
  console.log(
    `per round: ${w.voteVerifications} vote verifications, ${w.txVerifications} tx verifications, ${w.merkleRoots} Merkle roots, ${w.signatures} signatures; tasks per wave ${last.waves.map((x) => x.tasks.length).join(', ')}`,
  );
  const header = (first: string, ...rest: string[]) => [
    { header: first, align: 'left' as const },
    ...rest.map((h) => ({ header: h, align: 'right' as const })),
  ];
  console.log(
    renderTable(header('path', 'median ms', 'min ms', 'max ms'), [
      ['engine round', ...stats(engineMs)],
      ['direct batch', ...stats(directMs)],
    ]),
  );
  const ratio = med(engineMs) / med(directMs);
  console.log(
    `engine ÷ direct: ${ratio.toFixed(3)} (target ≤ ${TARGET.toFixed(2)}); of the minima ${(Math.min(...engineMs) / Math.min(...directMs)).toFixed(3)}; per pair ${engineMs.map((e, i) => (e / directMs[i]!).toFixed(3)).join(', ')}`,
  );

  const clone = cloneCosts(last.waves);
  const book = bookkeeping(last.waves, o, signedTable(last.waves).signatureBytes);
  const engineCrypto = med(engines.map((e) => e.cryptoMs)) / o.threads;
  const directCrypto = med(directs.map((d) => d.cryptoMs)) / o.threads;
  const rows: Row[] = [
    ['engine − direct', med(engineMs) - med(directMs), 'difference of the medians'],
    ['engine: crypto in tasks ÷ T', engineCrypto, 'timed per message and send in the workers'],
    ['engine: the rest', med(engineMs) - engineCrypto, 'host − crypto ÷ T'],
    ['direct: crypto in tasks ÷ T', directCrypto, 'timed per task in the workers'],
    ['direct: the rest', med(directMs) - directCrypto, 'host − crypto ÷ T: dispatch, wave ends'],
    ['engine: routing outside the pool', med(engines.map((e) => e.hostMs - e.poolMs)), 'main thread, between waves'],
    [
      'clone round tasks',
      clone.taskMs,
      `${(clone.taskBytes / 1024).toFixed(0)} KiB; serialize main, deserialize worker`,
    ],
    [
      'clone round results',
      clone.resultMs,
      `${(clone.resultBytes / 1024).toFixed(0)} KiB; serialize worker, deserialize main`,
    ],
    [
      'task bookkeeping, crypto stubbed',
      book.taskMs,
      `all ${last.waves.flatMap((x) => x.tasks).length} tasks of a round, one thread`,
    ],
    ['  timer reads', book.timersMs, `${2 * book.timed} performance.now() calls`],
    ['  work snapshots', book.snapshotsMs, `${book.timed} copies and differences of WorkCounts`],
    ['  state clones', book.clonesMs, `${book.clones} cloneState calls (workers and engine)`],
  ];
  console.log(
    '\nwhere the time goes, ms per round (medians over the pairs; clone and bookkeeping rows timed once on this thread):',
  );
  console.log(
    renderTable(
      header('part', 'ms').concat({ header: 'what', align: 'left' }),
      rows.map(([l, ms, what]) => [l, ms.toFixed(ms < 100 ? 2 : 1), what]),
    ),
  );
}

async function main(o: EngineOverheadOptions): Promise<void> {
  const startedMs = Date.now();
  const block = buildBlock(SEED, o.txs, 'ed25519');
  const setup: ConsensusSetup = {
    protocol: 'pbft',
    backend: 'node',
    nodes: o.nodes,
    seed: SEED,
    txs: o.txs,
    txScheme: 'ed25519',
    txBackend: 'node',
    backendModules: [],
    block: block.buffer,
  };
  const pool = new ConsensusPool(o.threads);
  const recorder = new RecordingExecutor(pool);
  const engines: EngineSample[] = [];
  const directs: DirectSample[] = [];
  try {
    await pool.setup(setup);
    const engine = new RoundEngine({
      setup,
      faulty: 0,
      fault: 'crash',
      merkleRoot: block.merkleRoot,
      blockBytes: block.blockBytes,
      executor: recorder,
    });
    await engine.prepare();
    for (let p = 0; p < o.warmup + o.pairs; p++) {
      const e = await engineRound(engine, recorder, p);
      const d = await directBatch(pool, directPlan(e, setup), e.record.work);
      if (p >= o.warmup) {
        engines.push(e);
        directs.push(d);
      }
      process.stderr.write(p < o.warmup ? `warm-up ${p + 1} done\n` : `pair ${p - o.warmup + 1}/${o.pairs} done\n`);
    }
  } finally {
    await pool.destroy();
  }
  report(o, engines, directs, startedMs);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(parseOptions(process.argv.slice(2)));
