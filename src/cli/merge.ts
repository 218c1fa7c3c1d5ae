import { basename, dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { ArgsOf } from './common.js';
import { loadResults } from '../results/align.js';
import { mergeResults } from '../results/merge.js';
import { createUnique } from '../results/writer.js';

export type MergeArgs = ArgsOf<typeof mergeBuilder>;

export function mergeBuilder(y: Argv) {
  return y
    .positional('file', {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'result files of one machine and scenario',
    })
    .option('out', {
      type: 'string',
      demandOption: true,
      describe: 'merged result file',
    });
}

export async function mergeCommand(args: MergeArgs): Promise<void> {
  const merged = mergeResults(loadResults(args.file));
  const out = resolve(args.out);
  createUnique(dirname(out), basename(out), JSON.stringify(merged, null, 2) + '\n', true);
  process.stderr.write(`merged ${args.file.length} run${args.file.length === 1 ? '' : 's'}: ${args.out}\n`);
}
