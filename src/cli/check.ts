import { appendFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { InputError } from '../core/errors.js';
import { loadResults } from '../results/align.js';
import { gateResults } from '../compare/gate.js';
import { defaultMetric } from '../compare/metrics.js';
import { SINGLE_RUN_FLOOR_PCT } from '../compare/verdict.js';
import { GATE_FORMATS, gateSummaryMarkdown, renderGate } from '../compare/render-gate.js';
import { printable } from '../format/printable.js';
import { EXIT, ExitRequest, shownFlagValue, type ArgsOf } from './common.js';
import { forTerminal } from './printable-output.js';

export type CheckArgs = ArgsOf<typeof checkBuilder>;

/** A number flag within [min, max] (ends included unless `open`), else InputError naming the flag. */
export function numberFlag(flag: string, value: unknown, min: number, max: number, open = false): number {
  const n = typeof value === 'number' ? value : Number.NaN;
  const ok = Number.isFinite(n) && (open ? n > min && n < max : n >= min && n <= max);
  if (!ok)
    throw new InputError(
      'command line',
      flag,
      `must be a number ${open ? 'strictly ' : ''}between ${min} and ${max}, got ${shownFlagValue(flag, value)}`,
    );
  return n;
}

/** "a,b" or repeated flags → unique non-empty names. */
export function nameList(value: readonly string[]): string[] {
  return [
    ...new Set(
      value
        .flatMap((v) => String(v).split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export function checkBuilder(y: Argv) {
  return y
    .option('baseline', { type: 'string', demandOption: true, describe: 'result file to compare against' })
    .option('current', { type: 'string', demandOption: true, describe: 'result file under test' })
    .option('metric', {
      type: 'string',
      array: true,
      describe:
        'metric(s) to gate on, e.g. opsPerSec,latencyMs (default opsPerSec; margin for files of qualification cases only)',
    })
    .option('alpha', {
      type: 'number',
      default: 0.01,
      describe: 'significance level of the two-sided Mann–Whitney U test',
    })
    .option('threshold', {
      type: 'number',
      default: 5,
      describe: "smallest change that counts, percent (a case's thresholdPct overrides it)",
    })
    .option('single-run-floor', {
      type: 'number',
      default: SINGLE_RUN_FLOOR_PCT,
      describe: 'single runs (files not merged from several runs): a change below this, percent, is inconclusive',
    })
    .option('format', {
      choices: GATE_FORMATS,
      default: 'text' as const,
      describe: 'output format',
    });
}

export async function checkCommand(args: CheckArgs): Promise<void> {
  const alpha = numberFlag('--alpha', args.alpha, 0, 1, true);
  const thresholdPct = numberFlag('--threshold', args.threshold, 0, 1000);
  const singleRunFloorPct = numberFlag('--single-run-floor', args['single-run-floor'], 0, 1000);
  const metrics = args.metric === undefined ? [] : nameList(args.metric);
  if (args.metric !== undefined && metrics.length === 0)
    throw new InputError('command line', '--metric', 'must name at least one metric');
  const [baseline, current] = loadResults([args.baseline, args.current]).map((f) => ({ ...f, label: f.path }));
  if (metrics.length === 0) metrics.push(defaultMetric([baseline!.result, current!.result]));
  const report = gateResults(baseline!, current!, { metrics, alpha, thresholdPct, singleRunFloorPct });
  process.stdout.write(forTerminal(report, args.format, (r) => renderGate(r, args.format)) + '\n');
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    try {
      appendFileSync(summaryFile, gateSummaryMarkdown(report) + '\n');
    } catch (err) {
      // Losing the summary must not change the gate's verdict: warn and go on.
      process.stderr.write(
        printable(`chainmark: could not append to GITHUB_STEP_SUMMARY ${summaryFile}: ${(err as Error).message}`) +
          '\n',
      );
    }
  }
  if (report.exitCode === 1) throw new ExitRequest(EXIT.failed);
}
