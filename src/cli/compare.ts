import type { Argv } from 'yargs';
import type { ArgsOf } from './common.js';
import { loadResults } from '../results/align.js';
import { compareResults } from '../compare/compare.js';
import { COMPARE_FORMATS, renderComparison } from '../compare/render-compare.js';
import { useColor } from '../format/color.js';
import { forTerminal } from './printable-output.js';

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
    .option('format', {
      choices: COMPARE_FORMATS,
      default: 'text' as const,
      describe: 'output format',
    });
}

export async function compareCommand(args: CompareArgs): Promise<void> {
  const comparison = compareResults(loadResults(args.file), args.metric);
  const text = forTerminal(comparison, args.format, (c) => renderComparison(c, args.format, useColor(process.stdout)));
  process.stdout.write(text + '\n');
}
