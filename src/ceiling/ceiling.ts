import type { CaseResult, ResultFile } from '../results/schema.js';
import { validateScenario, resolvePlan, type Plan } from '../kinds/index.js';
import type { BareFigures } from './bare.js';
import { SHA256_BYTES, type OpensslFigure, type OpensslSpeed } from '../system/openssl.js';

/**
 * How close each backend gets to the machine's native ceiling: the same operations measured by
 * `openssl speed` and by chainmark at one thread. The `node` backend calls the same OpenSSL, so
 * any gap between the two is the cost of our harness and of Node's bindings.
 */

export interface CeilingOperation {
  key: keyof Omit<OpensslSpeed, 'version'>;
  label: string;
  /** chainmark case id without backend and thread suffix: op/algorithm[/param]. */
  op: 'sign' | 'verify' | 'hash';
  algorithm: string;
  /** What the node backend should reach, as a fraction of openssl speed; null: no target. */
  nodeTarget: number | null;
}

export const OPERATIONS: readonly CeilingOperation[] = [
  { key: 'ed25519Sign', label: 'ed25519 sign', op: 'sign', algorithm: 'ed25519', nodeTarget: null },
  { key: 'ed25519Verify', label: 'ed25519 verify', op: 'verify', algorithm: 'ed25519', nodeTarget: 0.95 },
  { key: 'p256Sign', label: 'ECDSA P-256 sign', op: 'sign', algorithm: 'ecdsa-p256', nodeTarget: null },
  { key: 'p256Verify', label: 'ECDSA P-256 verify', op: 'verify', algorithm: 'ecdsa-p256', nodeTarget: null },
  { key: 'sha256x16k', label: 'sha256, 16 KiB', op: 'hash', algorithm: 'sha256', nodeTarget: 0.9 },
];

export interface CeilingSettings {
  timeMs: number;
  warmupMs: number;
  repeat: number;
  seed: number;
}

/** The chainmark side: every operation on every backend, one thread. */
export function ceilingPlan(backends: readonly string[], s: CeilingSettings): Plan {
  const scenario = validateScenario(
    {
      name: 'ceiling',
      description:
        'the operations of openssl speed (ed25519, ECDSA P-256, sha256 at 16 KiB) on every backend, one thread',
      seed: s.seed,
      threads: [1],
      timeMs: s.timeMs,
      warmupMs: s.warmupMs,
      repeat: s.repeat,
      backends: [...backends],
      cases: [
        { op: 'sign', algorithms: ['ed25519', 'ecdsa-p256'] },
        { op: 'verify', algorithms: ['ed25519', 'ecdsa-p256'] },
        { op: 'hash', algorithms: ['sha256'], sizes: [SHA256_BYTES] },
      ],
    },
    'ceiling',
    backends,
  );
  return resolvePlan(scenario, 'ceiling', {}, backends);
}

export interface CeilingRow {
  operation: string;
  backend: string;
  /** chainmark's median ops/s at one thread, or null with `note` when the case did not run. */
  opsPerSec: number | null;
  ci95: [number, number] | null;
  /** openssl speed before and after the chainmark run, and their mean: the ceiling. */
  openssl: { before: number; after: number; mean: number };
  fraction: number | null;
  /**
   * node backend only: the same node:crypto call in a plain loop (before and after, and their
   * mean), and chainmark's rate as a fraction of it — the harness's own cost.
   */
  bare: { before: number; after: number; mean: number } | null;
  ofBare: number | null;
  target: number | null;
  meetsTarget: boolean | null;
  note: string | null;
}

export interface CeilingReport {
  openssl: { version: string; commands: string[] };
  nodeOpenssl: string;
  rows: CeilingRow[];
  result: ResultFile;
}

function caseFor(cases: CaseResult[], op: CeilingOperation, backend: string): CaseResult | undefined {
  const param = op.op === 'hash' ? '/16KiB' : '';
  return cases.find((c) => c.id === `${op.op}/${op.algorithm}/${backend}${param}/t1`);
}

/** At or above this fraction of the plain loop, chainmark's own cost is within measurement noise. */
export const HARNESS_NOISE = 0.97;

export function ceilingReport(
  result: ResultFile,
  before: OpensslSpeed,
  after: OpensslSpeed,
  bare: { before: BareFigures; after: BareFigures } | null = null,
): CeilingReport {
  const backends = [...new Set(result.cases.map((c) => (c.kind === 'primitive' ? c.backend : '')).filter(Boolean))];
  const rows: CeilingRow[] = [];
  for (const op of OPERATIONS) {
    const b: OpensslFigure = before[op.key];
    const a: OpensslFigure = after[op.key];
    const openssl = { before: b.opsPerSec, after: a.opsPerSec, mean: (b.opsPerSec + a.opsPerSec) / 2 };
    for (const backend of backends) {
      const c = caseFor(result.cases, op, backend);
      if (!c || c.status === 'skipped') continue; // the backend does not have this operation
      const target = backend === 'node' ? op.nodeTarget : null;
      const plain =
        backend === 'node' && bare
          ? {
              before: bare.before[op.key].opsPerSec,
              after: bare.after[op.key].opsPerSec,
              mean: (bare.before[op.key].opsPerSec + bare.after[op.key].opsPerSec) / 2,
            }
          : null;
      if (c.status !== 'ok') {
        rows.push({
          operation: op.label,
          backend,
          opsPerSec: null,
          ci95: null,
          openssl,
          fraction: null,
          bare: plain,
          ofBare: null,
          target,
          meetsTarget: null,
          note: `${c.status}: ${c.error}`,
        });
        continue;
      }
      const rate = c.kind === 'primitive' ? c.metrics.opsPerSec : null;
      if (!rate) continue;
      const fraction = rate.median / openssl.mean;
      const ofBare = plain ? rate.median / plain.mean : null;
      const meetsTarget = target === null ? null : fraction >= target;
      let note: string | null = null;
      if (meetsTarget === false && plain && ofBare !== null)
        note =
          ofBare >= HARNESS_NOISE
            ? `a plain node:crypto loop reaches ${((100 * plain.mean) / openssl.mean).toFixed(1)}% too: the gap is Node's per-call cost, not the harness`
            : `the harness costs ${(100 * (1 - ofBare)).toFixed(1)}% against a plain node:crypto loop`;
      rows.push({
        operation: op.label,
        backend,
        opsPerSec: rate.median,
        ci95: rate.ci95,
        openssl,
        fraction,
        bare: plain,
        ofBare,
        target,
        meetsTarget,
        note,
      });
    }
  }
  const commands = [...new Set(OPERATIONS.map((o) => before[o.key].command))];
  return { openssl: { version: before.version, commands }, nodeOpenssl: result.system.runtime.openssl, rows, result };
}
