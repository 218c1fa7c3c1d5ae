/**
 * The result file of a run as it grows: created with the plan at the start, rewritten atomically
 * after every case with the derived fields (scaling fits, warnings, each kind's own) recomputed.
 */
import { createNew, createUnique, writeAtomic } from '../results/writer.js';
import type { CaseResult, NotRunCase, ResultFile, Warning } from '../results/schema.js';
import type { Derived } from '../scenario/kind.js';

/** `<UTC timestamp>-<host>-<scenario>`, e.g. 20261128T012711Z-vm-quick. */
export function resultBaseName(startedAt: Date, host: string, scenario: string): string {
  const stamp = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 48);
  return `${stamp}-${safe(host)}-${safe(scenario)}`;
}

export class ResultSink {
  readonly path: string | null;
  /** Warnings this sink derived last time (replaced on every save; others are kept). */
  private derivedWarnings: Warning[] = [];

  constructor(
    readonly result: ResultFile,
    out: { dir: string; file?: string } | null,
    private readonly derive: readonly ((cases: CaseResult[]) => Derived)[],
  ) {
    if (!out) this.path = null;
    else if (out.file) this.path = createNew(out.dir, out.file, this.text());
    else
      this.path = createUnique(
        out.dir,
        resultBaseName(new Date(result.run.startedAt), result.system.hostname, result.run.scenario.name),
        this.text(),
      );
  }

  private text(): string {
    return JSON.stringify(this.result, null, 2) + '\n';
  }

  /** A finished case: recorded, struck from `run.notRun`, and the file rewritten. */
  add(outcome: CaseResult): void {
    this.result.cases.push(outcome);
    const notRun = this.result.run.notRun;
    const pending = notRun?.findIndex((n: NotRunCase) => n.id === outcome.id) ?? -1;
    if (notRun && pending >= 0) notRun.splice(pending, 1);
    this.save();
  }

  save(): void {
    const r = this.result;
    r.run.finishedAt = new Date().toISOString();
    const derived = this.derive.map((d) => d(r.cases));
    r.scaling = derived.flatMap((d) => d.scaling);
    const kept = r.warnings.filter((w) => !this.derivedWarnings.includes(w));
    this.derivedWarnings = derived.flatMap((d) => d.warnings);
    r.warnings = [...kept, ...this.derivedWarnings];
    if (this.path) writeAtomic(this.path, this.text());
  }
}
