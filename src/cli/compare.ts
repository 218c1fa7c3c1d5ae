import type { Argv } from 'yargs';
import type { ArgsOf } from './common.js';
import { numberFlag } from './check.js';
import { loadResults } from '../results/align.js';
import { compareResults } from '../compare/compare.js';
import { COMPARE_FORMATS, renderComparison } from '../compare/render-compare.js';
import { useColor } from '../format/color.js';
import { forTerminal } from './printable-output.js';
import { SINGLE_RUN_FLOOR_PCT } from '../compare/verdict.js';

export type CompareArgs = ArgsOf<typeof compareBuilder>;

export function compareBuilder(y: Argv) {
  return y
    .positional('file', {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'result files; the first is the baseline',
    })
    .option('metric', { type: 'string', default: 'opsPerSec', describe: 'metric to compare' })
    .option('single-run-floor', {
      type: 'number',
      default: SINGLE_RUN_FLOOR_PCT,
      describe:
        'single runs (files not merged from several runs): a change below this, percent, is not marked faster or slower',
    })
    .option('format', {
      choices: COMPARE_FORMATS,
      default: 'text' as const,
      describe: 'output format',
    });
}

export async function compareCommand(args: CompareArgs): Promise<void> {
  const floorPct = numberFlag('--single-run-floor', args['single-run-floor'], 0, 1000);
  const comparison = compareResults(loadResults(args.file), args.metric, floorPct);
  const text = forTerminal(comparison, args.format, (c) => renderComparison(c, args.format, useColor(process.stdout)));
  process.stdout.write(text + '\n');
}
