import type { Argv } from 'yargs';
import type { ArgsOf } from './common.js';
import { parseSeconds } from './common.js';
import { loadResults } from '../results/align.js';
import type { ResultFile } from '../results/schema.js';
import { groupsOf, pushGroups, type PushOptions, type Pushed } from '../publish/pushgateway.js';
import { printable } from '../format/printable.js';

export type PushArgs = ArgsOf<typeof pushBuilder>;

/** How long to wait for each answer of the gateway unless told (`push --timeout`; `run --push` always). */
export const PUSH_TIMEOUT_S = 10;

export function pushBuilder(y: Argv) {
  return y
    .positional('file', { type: 'string', array: true, demandOption: true, describe: 'result files, one group each' })
    .option('gateway', {
      type: 'string',
      demandOption: true,
      describe: "the Pushgateway's base URL, e.g. http://host:9091",
    })
    .option('job', { type: 'string', default: 'chainmark', describe: 'the job label of the groups' })
    .option('instance', {
      type: 'string',
      describe: "the instance label (default: each file's recorded hostname, or its fingerprint)",
    })
    .option('timeout', {
      type: 'string',
      default: String(PUSH_TIMEOUT_S),
      describe: 'seconds to wait for each answer of the gateway',
    });
}

/** "pushed results/a.json: job=chainmark instance=box-a scenario=quick, 212 samples". */
export function pushedLine(p: Pushed): string {
  const key = p.group.key.map(([n, v]) => `${n}=${JSON.stringify(v)}`).join(' ');
  return printable(`pushed ${p.group.file}: ${key}, ${p.group.samples} samples`);
}

/** Push these result files; every file is read and checked before the first request. */
export async function pushResults(files: { path: string; result: ResultFile }[], o: PushOptions): Promise<Pushed[]> {
  return pushGroups(groupsOf(files, o), o);
}

export async function pushCommand(args: PushArgs): Promise<void> {
  const options: PushOptions = {
    gateway: args.gateway,
    job: args.job,
    ...(args.instance !== undefined ? { instance: args.instance } : {}),
    timeoutMs: parseSeconds('--timeout', args.timeout, 600)! * 1000,
  };
  const files = loadResults(args.file);
  for (const p of await pushResults(files, options)) process.stderr.write(`${pushedLine(p)}\n`);
}
