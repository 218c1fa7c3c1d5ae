/**
 * How each measure of a requirement is measured, and the figures it gives (in the measure's base
 * unit, see units.ts). Speeds are primitive cases on every backend that has the operation, run
 * with the primitive harness (its self-checks, warm-up and timed windows); facts come from the
 * host; disks from fio; the native SHA-256 figures from `openssl speed`. Each measurement runs
 * once per run however many requirements use it (RunContext.memo).
 */
import { availableParallelism } from 'node:os';
import { summarizeRate, type Rate } from '../measure/stats.js';
import { runPrimitiveCase } from '../primitive/run.js';
import { caseId } from '../results/case-id.js';
import { opensslSha256, opensslVersion } from '../system/openssl.js';
import { workloadSpec, type Op } from '../workloads/types.js';
import { COPY_ALGORITHM, COPY_BACKEND } from '../workloads/copy.js';
import type { WorkerPool } from '../pool/pool.js';
import type { RunContext } from '../scenario/kind.js';
import type { Grade, Measure, Requirement } from '../results/qualification.js';
import type { PrimitiveCaseResult } from '../results/schema.js';
import { checkHostFacts, hostFacts, type HostFacts } from './host.js';
import { measureDisk, type DiskSettings, type DiskFigures } from './disk.js';
import type { Figure } from './verdict.js';

export interface Measurement {
  figures: Figure[];
  /** Why there is no figure (nothing could measure it here). */
  unmeasured?: string;
  /** A self-check failed: the measurement is not trusted, the requirement not decided. */
  failedCheck?: string;
  /** The measurement itself broke (a tool failed, a worker died). */
  errored?: string;
  /** The figures are of a neighbouring quantity (the closest scheme available): never a verdict, only shown. */
  proxy?: string;
  notes?: string[];
}

export interface MeasureSettings {
  timeMs: number;
  warmupMs: number;
  repeat: number;
  disk?: DiskSettings;
}

/** What one host cannot measure, and why (the verdict is `not measured`). */
const UNMEASURABLE: Partial<Record<Measure, string>> = {
  'network-bandwidth':
    'a host cannot measure its own network bandwidth alone: it needs a peer (e.g. iperf3 between two machines) and says nothing about the path to other validators',
  'passmark-cpu':
    'PassMark scores come from PassMark PerformanceTest, a proprietary suite not run here; chainmark does not estimate them',
  'passmark-single-thread':
    'PassMark scores come from PassMark PerformanceTest, a proprietary suite not run here; chainmark does not estimate them',
  gpu: 'GPUs are not detected or measured',
};

export function unmeasurableReason(measure: Measure): string | undefined {
  return UNMEASURABLE[measure];
}

/**
 * Whose code the figure measures. A native library called once per operation is native-grade
 * when the operation dwarfs the call (a signature check, a 1 KiB hash); for the 32-byte hashes
 * of a hash chain the call itself dominates, so those are graded as JavaScript (see sha256Chain).
 */
const BACKEND_GRADE: Readonly<Record<string, Grade>> = {
  noble: 'js',
  wasm: 'wasm',
  node: 'native',
  sodium: 'native',
  blst: 'native',
  secp256k1: 'native',
};

export function backendGrade(backend: string): Grade {
  return BACKEND_GRADE[backend] ?? 'js';
}

/** Rounds per operation of the hash chain: long enough that the per-operation call is noise. */
export const CHAIN_ROUNDS = 1000;
/** Input size of the BLAKE2b-256 figure (see the Polkadot profile's note). */
export const BLAKE2_BYTES = 32 << 10;
/** The copy buffer, far beyond any last-level cache: a DRAM figure. */
export const COPY_BYTES = 64 << 20;

type Ctx = RunContext<WorkerPool>;

interface PrimitiveRequest {
  op: Op;
  algorithm: string;
  param: number;
  threads: number;
  /** The metric read, and a factor turning it into the measure's base unit. */
  metric: 'opsPerSec' | 'bytesPerSec';
  scale: number;
  label: (backend: string) => string;
  grade?: (backend: string) => Grade;
  backends?: readonly string[];
}

function scaled(rate: Rate, k: number): Rate {
  return k === 1 ? rate : summarizeRate(rate.samples.map((x) => x * k));
}

/** The same primitive measured on every backend that has it; each runs once per run. */
async function primitiveFigures(req: PrimitiveRequest, ctx: Ctx, s: MeasureSettings): Promise<Measurement> {
  const figures: Figure[] = [];
  const failed: string[] = [];
  const errored: string[] = [];
  const unsupported: string[] = [];
  const backends = req.backends ?? [...ctx.backends.keys()];
  for (const backend of backends) {
    const spec = workloadSpec(req.op, req.algorithm, backend, req.param);
    const id = caseId(spec, req.threads);
    const planned = {
      id,
      kind: 'primitive' as const,
      spec,
      threads: req.threads,
      timeMs: s.timeMs,
      warmupMs: s.warmupMs,
      repeat: s.repeat,
    };
    const r: PrimitiveCaseResult = await ctx.memo(`qualify-primitive:${id}`, () => runPrimitiveCase(planned, ctx));
    if (r.status === 'skipped') unsupported.push(`${backend}: ${r.error}`);
    else if (r.status === 'failed-check') failed.push(`${id}: ${r.error}`);
    else if (r.status === 'errored') errored.push(`${id}: ${r.error}`);
    else if (r.status === 'ok') {
      const metric = r.metrics[req.metric];
      if (!metric) continue;
      const rate = scaled(metric, req.scale);
      figures.push({
        value: rate.median,
        rate,
        grade: (req.grade ?? backendGrade)(backend),
        by: backend,
        label: req.label(backend),
        case: id,
      });
    }
  }
  if (failed.length) return { figures: [], failedCheck: failed.join('; ') };
  if (figures.length === 0 && errored.length) return { figures: [], errored: errored.join('; ') };
  return figures.length
    ? { figures }
    : { figures, unmeasured: `no backend here has it (${unsupported.join('; ') || 'none loaded'})` };
}

/**
 * A Proof-of-History style chain: each 32-byte SHA-256 output hashed again, one thread, on every
 * backend; plus OpenSSL's own figures, which bracket what native code does: independent 32-byte
 * digests through EVP (each pays its set-up, so a tight native chain is at least this fast) and
 * the bulk rate over 16 KiB messages in 64-byte blocks (one compression per chained hash, so no
 * chain is faster).
 */
async function sha256Chain(ctx: Ctx, s: MeasureSettings): Promise<Measurement> {
  const chain = await primitiveFigures(
    {
      op: 'spin',
      algorithm: 'sha256',
      param: CHAIN_ROUNDS,
      threads: 1,
      metric: 'opsPerSec',
      scale: CHAIN_ROUNDS,
      label: (b) => `sequential SHA-256 chain, ${CHAIN_ROUNDS} hashes an operation, one thread, on ${b}`,
      // A JavaScript call per 32-byte hash: the call, not the compression, sets the pace.
      grade: (b) => (backendGrade(b) === 'native' ? 'js' : backendGrade(b)),
    },
    ctx,
    s,
  );
  if (chain.failedCheck) return chain;
  const openssl = await ctx.memo('qualify-openssl-sha256', async () => opensslSha256Figures());
  return {
    figures: [...chain.figures, ...openssl.figures],
    ...(openssl.note ? { notes: [openssl.note] } : {}),
  };
}

/** Three 1 s runs of 32-byte digests (the samples) and one of 16 KiB (bulk). */
function opensslSha256Figures(): { figures: Figure[]; note?: string } {
  let version: string;
  try {
    version = opensslVersion();
  } catch (err) {
    return { figures: [], note: `openssl not run: ${(err as Error).message}` };
  }
  const by = version.split(' ').slice(0, 2).join(' ');
  try {
    const runs = [0, 1, 2].map(() => opensslSha256(32, 1));
    const rate = summarizeRate(runs.map((r) => r.hashesPerSec));
    const bulk = opensslSha256(16384, 1);
    const compressions = (bulk.hashesPerSec * 16384) / 64;
    return {
      figures: [
        {
          value: rate.median,
          rate,
          grade: 'native',
          by,
          label: `${runs[0]!.command}: independent 32-byte digests, each with its own set-up (a lower bound of a native chain)`,
          bound: 'lower',
        },
        {
          value: compressions,
          grade: 'native',
          by,
          label: `${bulk.command}: 64-byte compressions per second in bulk (an upper bound: a chained hash is one compression)`,
          bound: 'upper',
        },
      ],
    };
  } catch (err) {
    return { figures: [], note: `openssl speed failed: ${(err as Error).message}` };
  }
}

function hostFigure(value: number | null, by: string, label: string, missing: string): Measurement {
  if (value === null) return { figures: [], unmeasured: missing };
  return { figures: [{ value, grade: 'host', by, label }] };
}

async function hostMeasure(r: Requirement, ctx: Ctx): Promise<Measurement> {
  const facts: HostFacts = await ctx.memo('qualify-host', hostFacts);
  const bad = checkHostFacts(facts);
  if (bad) return { figures: [], failedCheck: bad };
  switch (r.measure) {
    case 'cpu-physical-cores':
      return hostFigure(facts.physicalCores, 'systeminformation', 'physical cores', '');
    case 'cpu-logical-cores':
      return hostFigure(facts.logicalCores, 'systeminformation', 'logical cores (hardware threads)', '');
    case 'cpu-base-clock':
      return hostFigure(
        facts.baseHz,
        'systeminformation',
        'base clock',
        'the host does not report a base clock (virtual machines often hide it)',
      );
    case 'cpu-max-clock':
      return hostFigure(
        facts.maxHz,
        'systeminformation',
        'maximum clock',
        'the host does not report a maximum clock (virtual machines often hide it)',
      );
    case 'cpu-flag': {
      const flag = r.flag!;
      return {
        figures: [
          { value: facts.flags.has(flag) ? 1 : 0, grade: 'host', by: facts.flagSource, label: `CPU flag ${flag}` },
        ],
        notes: ['in a virtual machine, the flags are those the hypervisor exposes'],
      };
    }
    case 'memory-total': {
      const online = facts.onlineMemoryBytes;
      return online !== null
        ? {
            figures: [{ value: online, grade: 'host', by: '/sys/devices/system/memory', label: 'memory online' }],
            notes: [`the kernel can use ${(facts.memoryBytes / 2 ** 30).toFixed(1)} GiB of it (MemTotal)`],
          }
        : {
            figures: [{ value: facts.memoryBytes, grade: 'host', by: 'MemTotal', label: 'memory the kernel can use' }],
          };
    }
    default:
      return { figures: [], errored: `${r.measure} is not a host fact` };
  }
}

function diskFigure(d: DiskFigures, r: Requirement): Measurement {
  if ('unavailable' in d) return { figures: [], unmeasured: d.unavailable };
  const notes = d.warning ? [d.warning] : [];
  if (r.measure === 'disk-capacity')
    return { figures: [{ value: d.capacity.bytes, grade: 'host', by: d.capacity.by, label: d.capacity.label }], notes };
  const job = r.measure.startsWith('disk-seq-write')
    ? 'seq-write'
    : r.measure.startsWith('disk-rand-write')
      ? 'rand-write'
      : 'rand-read';
  const m = d.jobs[job];
  if (!m) return { figures: [], errored: `fio job ${job} did not run` };
  if ('error' in m) return m.failedCheck ? { figures: [], failedCheck: m.error } : { figures: [], errored: m.error };
  const iops = r.measure.endsWith('-iops');
  const rate = summarizeRate(iops ? m.samples.iops : m.samples.bytesPerSec);
  return {
    figures: [
      {
        // fio's own figure over the whole job; the samples (per 250 ms) give its spread.
        value: iops ? m.iops : m.bytesPerSec,
        rate,
        grade: 'tool',
        by: d.fio,
        label: `${m.command}`,
      },
    ],
    notes,
  };
}

/** The figures for one requirement. */
export async function measureRequirement(r: Requirement, ctx: Ctx, s: MeasureSettings): Promise<Measurement> {
  const unmeasurable = unmeasurableReason(r.measure);
  if (unmeasurable) return { figures: [], unmeasured: unmeasurable };
  switch (r.measure) {
    case 'cpu-physical-cores':
    case 'cpu-logical-cores':
    case 'cpu-base-clock':
    case 'cpu-max-clock':
    case 'cpu-flag':
    case 'memory-total':
      return hostMeasure(r, ctx);
    case 'sha256-chain':
      return sha256Chain(ctx, s);
    case 'memory-copy':
    case 'memory-copy-all':
      return primitiveFigures(
        {
          op: 'copy',
          algorithm: COPY_ALGORITHM,
          param: COPY_BYTES,
          threads: copyThreads(r.measure),
          metric: 'bytesPerSec',
          scale: 1,
          backends: [COPY_BACKEND],
          label: () =>
            `copy of a ${COPY_BYTES >> 20} MiB buffer (memmove), ${copyThreads(r.measure)} thread(s) at once, bytes copied per second`,
        },
        ctx,
        s,
      );
    case 'blake2b-256':
      return primitiveFigures(
        {
          op: 'hash',
          algorithm: 'blake2b-256',
          param: BLAKE2_BYTES,
          threads: 1,
          metric: 'bytesPerSec',
          scale: 1,
          label: (b) => `BLAKE2b-256 of ${BLAKE2_BYTES >> 10} KiB messages, one thread, on ${b}`,
        },
        ctx,
        s,
      );
    case 'ed25519-verify':
    case 'sr25519-verify': {
      const m = await primitiveFigures(
        {
          op: 'verify',
          algorithm: 'ed25519',
          param: 0,
          threads: 1,
          metric: 'opsPerSec',
          scale: 1,
          label: (b) => `Ed25519 signature checks per second, one thread, on ${b}`,
        },
        ctx,
        s,
      );
      if (r.measure === 'ed25519-verify' || m.failedCheck) return m;
      return {
        ...m,
        proxy:
          'no backend here implements sr25519 (Schnorr signatures on Ristretto255, schnorrkel); Ed25519 verification, the closest scheme measured, is shown but cannot decide it',
      };
    }
    default:
      if (!s.disk) return { figures: [], errored: `${r.measure} needs disk settings, and the plan gave none` };
      return diskFigure(await measureDisk(r, ctx, s.disk), r);
  }
}

/** Threads a requirement's measurement needs: all of Node's for the all-threads copy, else one. */
export function copyThreads(measure: Measure, parallelism = availableParallelism()): number {
  return measure === 'memory-copy-all' ? parallelism : 1;
}

/** Where a measure's figures come from, as the case's `backend` records it before it runs. */
export function sourceOf(measure: Measure): string {
  if (unmeasurableReason(measure)) return 'none';
  if (measure.startsWith('cpu-') || measure === 'memory-total' || measure === 'disk-capacity') return 'host';
  if (measure.startsWith('disk-')) return 'fio';
  return 'fastest';
}
