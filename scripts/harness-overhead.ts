/**
 * Harness overhead: the same workload (noble ed25519 verify) timed three ways, interleaved over
 * several rounds so machine drift hits all of them alike:
 *   raw      a plain loop on this thread (the reference);
 *   rawPar   T bare worker_threads running the plain loop together (what the hardware gives);
 *   pool     chainmark's piscina pool at T threads (tinybench inside each worker, barrier, sum).
 * Prints pool(T) ÷ (T × raw), the target, and pool(T) ÷ rawPar(T), which isolates the
 * harness from how well this machine's cores scale.
 * Usage: node dist/scripts/harness-overhead.js [--rounds 5] [--time 1000]
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { WorkerPool, defaultThreadCounts } from '../src/pool/pool.js';
import { aggregateWindows } from '../src/primitive/aggregate.js';
import { median, sortedAsc } from '../src/measure/stats.js';
import { nobleBackend } from '../src/workloads/backends/noble.js';
import { resolveWorkload } from '../src/workloads/prepare.js';
import { isUnsupported, type WorkloadSpec } from '../src/workloads/types.js';
import { renderTable } from '../src/format/table.js';
import { rawLoop } from './raw-loop-worker.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('rounds', 5);
const TIME_MS = arg('time', 1000);
const WARMUP_MS = 300;
const SEED = 1;
const spec: WorkloadSpec = { op: 'verify', algorithm: 'ed25519', backend: 'noble' };

function rawHere(): number {
  const r = resolveWorkload(spec, nobleBackend, SEED);
  if (isUnsupported(r)) throw new Error(r.unsupported);
  const w = r.prepare();
  rawLoop(() => w.run(), WARMUP_MS);
  const m = rawLoop(() => w.run(), TIME_MS);
  const bad = w.verifyRun();
  if (bad) throw new Error(bad);
  return (m.ops / (m.endMs - m.startMs)) * 1000;
}

async function rawParallel(threads: number): Promise<number> {
  const barrier = new SharedArrayBuffer(4);
  const file = fileURLToPath(new URL('./raw-loop-worker.js', import.meta.url));
  const results = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<{ ops: number; startMs: number; endMs: number; check: string | null }>((resolve, reject) => {
          const w = new Worker(file, {
            workerData: { spec, seed: SEED, warmupMs: WARMUP_MS, timeMs: TIME_MS, barrier, threads },
          });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  const bad = results.find((r) => r.check);
  if (bad) throw new Error(bad.check!);
  const ops = results.reduce((n, r) => n + r.ops, 0);
  return (ops / (Math.max(...results.map((r) => r.endMs)) - Math.min(...results.map((r) => r.startMs)))) * 1000;
}

async function poolRate(pool: WorkerPool): Promise<number> {
  const responses = await pool.measure(spec, {
    seed: SEED,
    warmupMs: WARMUP_MS,
    timeMs: TIME_MS,
    repeat: 1,
    backendModules: [],
  });
  const oks = responses.flatMap((r) => (r.ok ? [r] : []));
  if (oks.length !== responses.length) throw new Error(JSON.stringify(responses.find((r) => !r.ok)));
  return aggregateWindows(
    oks.map((r) => r.windows),
    oks[0]!.batch,
  ).opsPerSec.median;
}

const threadCounts = defaultThreadCounts(availableParallelism());
const pools = new Map(threadCounts.map((t) => [t, new WorkerPool(t)]));
const raw: number[] = [];
const par = new Map<number, number[]>(threadCounts.map((t) => [t, []]));
const pooled = new Map<number, number[]>(threadCounts.map((t) => [t, []]));
const started = Date.now();
for (let r = 0; r < ROUNDS; r++) {
  raw.push(rawHere());
  for (const t of threadCounts) {
    par.get(t)!.push(await rawParallel(t));
    pooled.get(t)!.push(await poolRate(pools.get(t)!));
  }
  process.stderr.write(`round ${r + 1}/${ROUNDS} done\n`);
}
for (const p of pools.values()) await p.destroy();

const med = (xs: number[]) => median(sortedAsc(xs));
const rawMed = med(raw);
const rows = threadCounts.map((t) => {
  const p = med(pooled.get(t)!);
  const q = med(par.get(t)!);
  return [
    String(t),
    rawMed.toFixed(0),
    q.toFixed(0),
    p.toFixed(0),
    (p / (t * rawMed)).toFixed(3),
    (p / q).toFixed(3),
    t === 1 ? '≥ 0.97' : '≥ 0.95',
  ];
});
console.log(
  `noble ed25519 verify, ${ROUNDS} interleaved rounds of ${TIME_MS} ms, medians (ops/s); ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
console.log(
  renderTable(
    [
      { header: 'threads', align: 'right' },
      { header: 'raw loop', align: 'right' },
      { header: 'raw threads', align: 'right' },
      { header: 'chainmark pool', align: 'right' },
      { header: 'pool ÷ (T×raw)', align: 'right' },
      { header: 'pool ÷ raw threads', align: 'right' },
      { header: 'target', align: 'right' },
    ],
    rows,
  ),
);
