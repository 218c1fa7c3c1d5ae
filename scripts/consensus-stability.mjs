#!/usr/bin/env node
/**
 * How reproducible is the modeled round time? Runs the same consensus command several times and
 * prints, per run, the median modeled round (calibrated costs), the median raw replay (each
 * message priced by the wall time its worker took: how the model worked before calibration) and
 * the median host round, then the coefficient of variation of each across runs.
 *
 *   node scripts/consensus-stability.mjs [--runs 5] [--busy] [--pin CPUS] [-- <chainmark run flags>]
 *
 * --busy starts a busy loop on one core (pinned to CPU 1 with taskset when it exists) for the
 * whole measurement, as a neighbour process would. --pin runs each chainmark under
 * `taskset -c CPUS` (this VM's virtual CPUs differ in speed, and an unpinned process lands on
 * either). Build first (npm run build).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const split = argv.indexOf('--');
const own = split < 0 ? argv : argv.slice(0, split);
const runFlags =
  split < 0
    ? ['consensus', '--protocols', 'pbft', '--nodes', '64', '--rounds', '5', '--threads', '2']
    : argv.slice(split + 1);
const runsAt = own.indexOf('--runs');
const runs = runsAt >= 0 ? Number(own[runsAt + 1]) : 5;
if (!Number.isInteger(runs) || runs < 2) throw new Error(`--runs must be an integer ≥ 2, got ${own[runsAt + 1]}`);
const busy = own.includes('--busy');
const pinAt = own.indexOf('--pin');
const pin = pinAt >= 0 ? own[pinAt + 1] : undefined;

const cli = new URL('../dist/src/cli/main.js', import.meta.url).pathname;
const hasTaskset = spawnSync('taskset', ['--version']).status === 0;
const loop = busy
  ? spawn(
      hasTaskset ? 'taskset' : process.execPath,
      [...(hasTaskset ? ['-c', '1', process.execPath] : []), '-e', 'for(;;){}'],
      { stdio: 'ignore' },
    )
  : null;

const cv = (xs) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
  return (sd / m) * 100;
};

const rows = [];
try {
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'chainmark-stability-'));
    const command = [cli, 'run', ...runFlags, '--quiet', '--out', dir];
    const r = pin
      ? spawnSync('taskset', ['-c', pin, process.execPath, ...command], { encoding: 'utf8' })
      : spawnSync(process.execPath, command, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`run ${i + 1} failed (exit ${r.status}): ${r.stderr}`);
    const file = readdirSync(dir).find((f) => f.endsWith('.json'));
    const result = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    rmSync(dir, { recursive: true, force: true });
    for (const c of result.cases.filter((x) => x.status === 'ok')) {
      const m = c.metrics;
      rows.push({
        run: i + 1,
        id: c.id,
        modeled: m.modeledRoundMs.p50,
        replay: m.replayRoundMs?.p50 ?? NaN,
        host: m.hostRoundMs.p50,
      });
    }
    process.stderr.write(`run ${i + 1}/${runs} done\n`);
  }
} finally {
  loop?.kill();
}

const load = `${busy ? `with a busy loop on ${hasTaskset ? 'CPU 1' : 'one core'}` : 'idle'}${pin ? `, pinned to CPU ${pin}` : ''}`;
console.log(`chainmark run ${runFlags.join(' ')} × ${runs}, ${load}, ${new Date().toISOString().slice(0, 10)}`);
for (const id of [...new Set(rows.map((r) => r.id))]) {
  const mine = rows.filter((r) => r.id === id);
  console.log(`\n${id}`);
  console.log('run  modeled p50 ms  replay p50 ms  host p50 ms');
  for (const r of mine)
    console.log(
      `${String(r.run).padStart(3)}  ${r.modeled.toFixed(3).padStart(14)}  ${r.replay.toFixed(3).padStart(13)}  ${r.host.toFixed(1).padStart(11)}`,
    );
  console.log(
    `CV   ${cv(mine.map((r) => r.modeled))
      .toFixed(2)
      .padStart(13)}%  ${cv(mine.map((r) => r.replay))
      .toFixed(2)
      .padStart(12)}%  ${cv(mine.map((r) => r.host))
      .toFixed(2)
      .padStart(10)}%`,
  );
}
