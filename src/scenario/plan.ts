import { defaultBackends } from '../workloads/backends/index.js';
import { defaultThreadCounts } from '../pool/pool.js';
import { InputError } from '../core/errors.js';
import { readJsonFile } from '../core/json-file.js';
import { OP_PARAMS, validateScenario } from './validate.js';
import type { WorkloadSpec } from '../workloads/types.js';
import { checkConsensusFlagsApply, planConsensusCases } from '../consensus/plan.js';
import type { Plan, PlannedCase, PlannedConsensusCase, RunOverrides, ScenarioInput } from './types.js';

export const DEFAULTS = { seed: 1, timeMs: 500, warmupMs: 200, repeat: 5 } as const;
const DEFAULT_PARAMS = { sizes: [32, 1024, 65536], leaves: [1024], k: [64], rounds: [1000] } as const;

/** 32B, 1KiB, 64KiB: the size label used in case ids. */
export function formatSize(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes >> 20}MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes >> 10}KiB`;
  return `${bytes}B`;
}

export function paramLabel(spec: WorkloadSpec): string | undefined {
  if (spec.sizeBytes !== undefined) return formatSize(spec.sizeBytes);
  if (spec.leaves !== undefined) return `${spec.leaves}leaves`;
  if (spec.k !== undefined) return `k${spec.k}`;
  if (spec.rounds !== undefined) return `${spec.rounds}rounds`;
  return undefined;
}

/** `<op>/<algorithm>/<backend>[/<param>]/t<threads>`, e.g. `hash/sha256/node/1KiB/t1`. */
export function caseId(spec: WorkloadSpec, threads: number): string {
  const param = paramLabel(spec);
  return [spec.op, spec.algorithm, spec.backend, ...(param ? [param] : []), `t${threads}`].join('/');
}

export function loadScenario(file: string, knownBackends: readonly string[]): ScenarioInput {
  return validateScenario(readJsonFile(file), file, knownBackends);
}

/** Expand a validated scenario and the CLI overrides into the ordered list of cases. */
export function resolvePlan(s: ScenarioInput, file: string, over: RunOverrides, allBackends: readonly string[]): Plan {
  checkConsensusFlagsApply(s, file, over);
  const planned: (PlannedCase | PlannedConsensusCase)[] = [];
  const seen = new Map<string, number>();
  const claim = (id: string, index: number) => {
    if (seen.has(id)) throw new InputError(file, `cases[${index}]`, `repeats case ${id}, already planned by cases[${seen.get(id)}]`);
    seen.set(id, index);
  };
  s.cases.forEach((c, index) => {
    if (c.op === 'consensus') {
      for (const pc of planConsensusCases(c, index, file, s, over, allBackends)) {
        claim(pc.id, index);
        planned.push(pc);
      }
      return;
    }
    const threadsList = over.threads ?? c.threads ?? s.threads ?? defaultThreadCounts();
    const backends = over.backends ?? c.backends ?? s.backends ?? defaultBackends(allBackends);
    const param = OP_PARAMS[c.op];
    const values: (number | undefined)[] = param ? [...(c[param.field] ?? DEFAULT_PARAMS[param.field])] : [undefined];
    for (const algorithm of c.algorithms) {
      for (const backend of backends) {
        for (const value of values) {
          const spec: WorkloadSpec = { op: c.op, algorithm, backend };
          if (param && value !== undefined) {
            const key = ({ sizes: 'sizeBytes', leaves: 'leaves', k: 'k', rounds: 'rounds' } as const)[param.field];
            spec[key] = value;
          }
          for (const threads of threadsList) {
            const id = caseId(spec, threads);
            claim(id, index);
            const pc: PlannedCase = {
              id,
              kind: 'primitive',
              spec,
              threads,
              timeMs: over.timeMs ?? c.timeMs ?? s.timeMs ?? DEFAULTS.timeMs,
              warmupMs: over.warmupMs ?? c.warmupMs ?? s.warmupMs ?? DEFAULTS.warmupMs,
              repeat: over.repeat ?? c.repeat ?? s.repeat ?? DEFAULTS.repeat,
            };
            if (c.thresholdPct !== undefined) pc.thresholdPct = c.thresholdPct;
            planned.push(pc);
          }
        }
      }
    }
  });
  // Group by thread count (stable), so one pool serves every case of a count.
  planned.sort((a, b) => a.threads - b.threads);
  const scenario: Plan['scenario'] = { name: s.name, file };
  if (s.description !== undefined) scenario.description = s.description;
  return { scenario, seed: over.seed ?? s.seed ?? DEFAULTS.seed, cases: planned };
}
