/** The one owner of worker pools during a run: at most one alive, of one kind and thread count. */
import type { OwnedPool } from '../scenario/kind.js';
import type { AnyKind } from '../kinds/index.js';

export class PoolKeeper {
  private current: { kind: string; pool: OwnedPool } | null = null;

  constructor(private readonly workerMemoryMb: number | undefined) {}

  /** Destroy the pool unless it is of this kind and thread count (two pools would compete for the cores). */
  async keepOnly(kind: AnyKind, threads: number): Promise<void> {
    const cur = this.current;
    if (cur && (cur.kind !== kind.name || cur.pool.threads !== threads)) {
      this.current = null;
      await cur.pool.destroy();
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
    await cur?.pool.destroy().catch(() => undefined);
  }
}
