import type { Piscina } from 'piscina';
import { compiledWorkerFile, fixedPool } from '../pool/pool.js';
import { buildGivenCertificate, executeRoundTask } from './validator.js';
import type { ConsensusCrypto } from './crypto.js';
import type { Executor } from './engine.js';
import type { MeasureRequest, MeasureResponse } from '../pool/messages.js';
import type {
  CertificateResult,
  ConsensusResponse,
  ConsensusSetup,
  ConsensusTask,
  DirectResult,
  DirectTask,
  Failure,
  RoundResult,
} from './messages.js';

/** A piscina pool of `threads` workers running consensus tasks (src/consensus/worker.ts). */
export class ConsensusPool implements Executor {
  readonly threads: number;
  private readonly pool: Piscina<ConsensusTask, ConsensusResponse>;

  constructor(threads: number, workerMemoryMb?: number) {
    if (!Number.isInteger(threads) || threads < 1)
      throw new TypeError(`threads must be a positive integer, got ${threads}`);
    this.threads = threads;
    this.pool = fixedPool(threads, compiledWorkerFile('consensus/worker.js'), workerMemoryMb);
  }

  /** Build and warm the keys and block on every worker (a barrier spreads the tasks one per worker); the slowest setup, ms. */
  async setup(setup: ConsensusSetup): Promise<number> {
    const barrier = new SharedArrayBuffer(4);
    const tasks = Array.from({ length: this.threads }, () =>
      this.pool.run({ kind: 'setup', setup, barrier, threads: this.threads }),
    );
    let results: ConsensusResponse[];
    try {
      results = await Promise.all(tasks);
    } catch (err) {
      // A worker died: open the barrier so the others do not wait for it, then pass the failure on.
      const slots = new Int32Array(barrier);
      Atomics.store(slots, 0, this.threads);
      Atomics.notify(slots, 0);
      await Promise.allSettled(tasks);
      throw err;
    }
    let slowest = 0;
    for (const r of results) {
      if (!r.ok) throw new Error('error' in r ? r.error : r.reason);
      if ('setupMs' in r) slowest = Math.max(slowest, r.setupMs);
    }
    return slowest;
  }

  runRound(tasks: Extract<ConsensusTask, { kind: 'round' }>[]): Promise<(RoundResult | Failure)[]> {
    return Promise.all(tasks.map((t) => this.pool.run(t) as Promise<RoundResult | Failure>));
  }

  /**
   * One primitive measurement on one worker, for the calibration; the other workers stay idle.
   * (Measuring on every worker at once and keeping each window's fastest was tried: beside a busy
   * process the workers then share the cores with it and every price rises by half.)
   */
  calibrate(request: MeasureRequest): Promise<MeasureResponse> {
    return this.pool.run({ kind: 'calibrate', request }) as Promise<MeasureResponse>;
  }

  /**
   * One primitive measurement on `request.threads` workers at once, for the parallel efficiency of
   * validators with many cores: every worker runs the same request, and its barrier opens each
   * window when all of them have arrived (src/pool/worker.ts), as a primitive case at that many
   * threads is measured; one response per worker. A worker that dies rejects its task: the
   * barrier's abort flag is then raised so the others stop waiting, and the rejection passed on.
   */
  async calibrateTogether(request: MeasureRequest): Promise<MeasureResponse[]> {
    const t = request.threads;
    if (!Number.isInteger(t) || t < 1 || t > this.threads)
      throw new TypeError(`threads must be an integer from 1 to the pool's ${this.threads}, got ${t}`);
    // A task per worker: each blocks at the barrier until all have arrived, so no worker takes two.
    const tasks = Array.from(
      { length: t },
      () => this.pool.run({ kind: 'calibrate', request }) as Promise<MeasureResponse>,
    );
    try {
      return await Promise.all(tasks);
    } catch (err) {
      const slots = new Int32Array(request.barrier);
      Atomics.store(slots, request.repeat, 1);
      for (let i = 0; i <= request.repeat; i++) Atomics.notify(slots, i);
      await Promise.allSettled(tasks);
      throw err;
    }
  }

  certificate(task: Extract<ConsensusTask, { kind: 'certificate' }>): Promise<CertificateResult | Failure> {
    return this.pool.run(task) as Promise<CertificateResult | Failure>;
  }

  /** A round task's crypto without the engine (the engine-overhead benchmark's reference). */
  direct(task: DirectTask): Promise<DirectResult | Failure> {
    return this.pool.run(task) as Promise<DirectResult | Failure>;
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}

/** Runs every task on the calling thread with the given crypto: for tests, and for checking the engine without workers. */
export function inProcessExecutor(cryptoOf: (setup: ConsensusSetup) => ConsensusCrypto): Executor {
  return {
    runRound: async (tasks) => tasks.map((t) => executeRoundTask(t, cryptoOf(t.setup))),
    certificate: async (task) => buildGivenCertificate(task, cryptoOf(task.setup)),
  };
}
