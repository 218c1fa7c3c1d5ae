/** The one owner of worker pools during a run: at most one alive, of one kind and thread count. */
import type { OwnedPool } from '../scenario/kind.js';
import type { AnyKind } from '../kinds/index.js';
import { bounded } from './timing.js';

/**
 * How long destroying a pool may take before its workers count as stuck. Terminating a worker
 * that runs JavaScript takes milliseconds; this leaves room for a loaded machine.
 */
const DESTROY_WAIT_MS = 2500;

export class PoolKeeper {
  private current: { kind: string; pool: OwnedPool } | null = null;
  /**
   * Whether a pool's workers did not stop when told to: a thread blocked in a system call (a read
   * that never returns) outlives terminate(), and keeps the process from exiting normally.
   */
  stuck = false;

  constructor(private readonly workerMemoryMb: number | undefined) {}

  /** Destroy the pool unless it is of this kind and thread count (two pools would compete for the cores). */
  async keepOnly(kind: AnyKind, threads: number): Promise<void> {
    const cur = this.current;
    if (cur && (cur.kind !== kind.name || cur.pool.threads !== threads)) {
      this.current = null;
      await this.destroy(cur.pool);
    }
  }

  /** The kind's pool at this thread count, created on first use. */
  get(kind: AnyKind, threads: number): OwnedPool {
    const cur = this.current;
    if (cur && cur.kind === kind.name && cur.pool.threads === threads) return cur.pool;
    const pool = kind.createPool(threads, this.workerMemoryMb);
    this.current = { kind: kind.name, pool };
    return pool;
  }

  /** Destroy whatever pool is alive; the next case gets fresh workers. */
  async drop(): Promise<void> {
    const cur = this.current;
    this.current = null;
    if (cur) await this.destroy(cur.pool);
  }

  /** Destroy a pool, waiting a bounded time: workers that do not stop by then are stuck. */
  private async destroy(pool: OwnedPool): Promise<void> {
    const done = await bounded(
      pool.destroy().then(
        () => true,
        () => true,
      ),
      DESTROY_WAIT_MS,
    );
    if (done === undefined) this.stuck = true;
  }
}
