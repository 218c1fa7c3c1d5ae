import { basename, dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { ceilingPlan, ceilingReport, type CeilingReport } from '../ceiling/ceiling.js';
import { opensslSpeed, OpensslUnavailable } from '../ceiling/openssl.js';
import { textTable } from '../compare/tables.js';
import { runPlan } from '../run/runner.js';
import { palette, useColor } from '../report/color.js';
import { si } from '../report/table.js';
import { InputError } from '../scenario/errors.js';
import { loadBackends } from '../workloads/backends/index.js';
import { parseInt1 } from './common.js';

export interface CeilingArgs {
  seconds: number;
  time: number;
  warmup: number;
  repeat: number;
  out: string;
  json: boolean;
}

export function ceilingBuilder(y: Argv): Argv<CeilingArgs> {
  return y
    .option('seconds', { type: 'number', default: 3, describe: 'seconds per openssl speed measurement (each is taken before and after chainmark\'s)' })
    .option('time', { type: 'number', default: 1000, describe: 'chainmark window per sample, ms' })
    .option('warmup', { type: 'number', default: 200, describe: 'minimum chainmark warm-up per case, ms' })
    .option('repeat', { type: 'number', default: 3, describe: 'chainmark windows per case' })
    .option('out', { type: 'string', default: 'results', describe: 'directory (or .json file) for the chainmark result file' })
    .option('json', { type: 'boolean', default: false, describe: 'print the comparison as JSON' }) as unknown as Argv<CeilingArgs>;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export function renderCeiling(r: CeilingReport, color: boolean): string {
  const pc = palette(color);
  const rows = r.rows.map((row) => [
    row.operation,
    row.backend,
    row.opsPerSec === null ? '—' : si(row.opsPerSec),
    si(row.openssl.mean),
    `${si(row.openssl.before)} → ${si(row.openssl.after)}`,
    row.meetsTarget === false ? pc.red(pct(row.fraction)) : pct(row.fraction),
    row.target === null ? '' : `≥ ${pct(row.target)} ${row.meetsTarget ? 'met' : 'MISSED'}`,
    row.note ?? '',
  ]);
  const table = textTable({
    columns: [
      { header: 'operation' },
      { header: 'backend' },
      { header: 'chainmark ops/s', align: 'right' },
      { header: 'openssl ops/s', align: 'right' },
      { header: 'openssl before → after', align: 'right' },
      { header: 'of openssl', align: 'right' },
      { header: 'target' },
      { header: 'note' },
    ],
    rows,
  });
  return [
    `ceiling: ${r.openssl.version} (openssl speed) against chainmark at 1 thread; Node's OpenSSL is ${r.nodeOpenssl}`,
    `commands: ${r.openssl.commands.join('; ')}`,
    '',
    table,
    '',
    'sha256 rows count 16 KiB messages per second. The node backend calls the same OpenSSL; its gap to openssl speed is the harness and binding cost.',
  ].join('\n');
}

/** `chainmark ceiling`: openssl speed, chainmark on every backend, openssl speed again, and the fractions. */
export async function ceilingCommand(args: CeilingArgs, argv: string[]): Promise<void> {
  const seconds = parseInt1('--seconds', args.seconds, 1, 60)!;
  const timeMs = parseInt1('--time', args.time, 10, 600_000)!;
  const warmupMs = parseInt1('--warmup', args.warmup, 0, 600_000)!;
  const repeat = parseInt1('--repeat', args.repeat, 1, 1000)!;
  const backends = await loadBackends();
  const plan = ceilingPlan([...backends.keys()], { timeMs, warmupMs, repeat, seed: 1 });
  const say = (s: string) => process.stderr.write(`${s}\n`);
  let before;
  try {
    say(`openssl speed, ${seconds} s per operation…`);
    before = opensslSpeed(seconds);
  } catch (err) {
    if (err instanceof OpensslUnavailable) throw new InputError('openssl', 'speed', `${err.message} (the ceiling needs the openssl command; e.g. apt-get install openssl)`);
    throw err;
  }
  say(`chainmark, ${plan.cases.length} cases at 1 thread…`);
  const outPath = resolve(args.out);
  const out = outPath.endsWith('.json') ? { dir: dirname(outPath), file: basename(outPath) } : { dir: outPath };
  const { result, path } = await runPlan({ plan, argv, out, anonymize: false, backends, backendModules: [] });
  say('openssl speed again…');
  const after = opensslSpeed(seconds);
  const report = ceilingReport(result, before, after);
  if (args.json) process.stdout.write(JSON.stringify({ ...report, result: path }, null, 2) + '\n');
  else process.stdout.write(renderCeiling(report, useColor(process.stdout)) + '\n');
  if (path) say(`result: ${path}`);
}
