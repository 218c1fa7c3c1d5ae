#!/usr/bin/env node
// Validate the CI gate (`chainmark check`) on this machine, with the compiled CLI in dist/:
//
//   A/A  the same build against itself: every regression verdict is a false alarm.
//        Scenario: scenarios/quick.json at one thread with shorter windows (RUN_FLAGS), so that a
//        trial of 5 pairs takes about a minute and a half on a 2-core machine.
//   A/B  a `spin` case made 10% dearer (1000 vs 1100 SHA-256 rounds: a scenario parameter, nothing
//        test-only): every trial should say `regression`.
//
// Each trial is what scripts/ab.sh does after building: run A and B alternately for `pairs` pairs
// (default 5, ab.sh's default and the fewest runs per side at which alpha 0.01 can be reached),
// merge each side's runs (`chainmark merge`, which keeps one median per run), then `chainmark
// check` at the default alpha and threshold, which tests the run medians. The spin case's id names
// its rounds (…/1100rounds/…), so before the check the B side's case is renamed to the A side's id;
// check still warns that params.rounds differs, as it should.
//
// --pin CPUS runs every chainmark process under `taskset -c CPUS`, as `scripts/ab.sh --pin` does.
// On a small VM an unpinned single-threaded run lands in one of two speeds (here ~650 or ~1100
// spin ops/s, decided per process, presumably by where the scheduler puts the main thread and V8's
// helper threads); pinned, runs agree within a few percent.
//
// Usage: node scripts/gate-validation.mjs [--trials 20] [--aa-pairs 5] [--ab-pairs 10] [--only aa|ab]
//        [--pin CPUS] [--run-flags "FLAGS"] [--json FILE]   (run `npm run build` first)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, chainmarkRunner } from './lib/chainmark-cli.mjs';

// One thread (the machine has two cores), three 100 ms windows per run: the run's median is what
// the gate tests, so each run needs only enough windows to make its median robust to a hiccup.
const VALIDATED_FLAGS = ['--threads', '1', '--time', '100', '--warmup', '100', '--repeat', '3'];

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const trials = Number(option('trials', '20'));
const aaPairs = Number(option('aa-pairs', '5'));
const abPairs = Number(option('ab-pairs', '10'));
const only = option('only', 'both');
// CPUs to pin every chainmark process to (taskset -c), as `scripts/ab.sh --pin` does; '' = no pinning.
const pin = option('pin', '');
const jsonOut = option('json', '');
// --run-flags "…" replaces the flags above for both parts ("" runs each scenario as its file says,
// e.g. quick at 1 and 2 threads), to measure the gate with other settings.
const runFlagsText = option('run-flags', null);
const RUN_FLAGS_AA = runFlagsText === null ? VALIDATED_FLAGS : runFlagsText.split(/\s+/).filter(Boolean);
const RUN_FLAGS_AB = RUN_FLAGS_AA;

const tmp = mkdtempSync(join(tmpdir(), 'chainmark-gate-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const { chainmark, mustRun } = chainmarkRunner(pin);

/** One trial: A B A B … runs, each side merged, then check; returns the parsed check report. */
function trial(name, index, pairs, scenarioA, scenarioB, runFlags, renameB) {
  const files = { a: [], b: [] };
  for (let p = 0; p < pairs; p++) {
    for (const [side, scenario] of [
      ['a', scenarioA],
      ['b', scenarioB],
    ]) {
      const out = join(tmp, `${name}-${index}-${side}${p}.json`);
      mustRun(['run', scenario, ...runFlags, '--quiet', '--no-progress', '--out', out]);
      files[side].push(out);
    }
  }
  const merged = {};
  for (const side of ['a', 'b']) {
    merged[side] = join(tmp, `${name}-${index}-${side}.json`);
    mustRun(['merge', ...files[side], '--out', merged[side]]);
  }
  if (renameB) {
    const r = JSON.parse(readFileSync(merged.b, 'utf8'));
    for (const c of r.cases) c.id = renameB(c.id);
    writeFileSync(merged.b, JSON.stringify(r));
  }
  const check = chainmark(['check', '--baseline', merged.a, '--current', merged.b, '--format', 'json']);
  if (check.status !== 0 && check.status !== 1) {
    process.stderr.write(`check exited ${check.status}\n${check.stderr}`);
    process.exit(2);
  }
  return { exit: check.status, report: JSON.parse(check.stdout) };
}

const fmtCase = (c) =>
  `${c.id} ${c.changePct >= 0 ? '+' : ''}${c.changePct.toFixed(1)}% p=${c.p === null ? '—' : c.p.toPrecision(2)} n=${c.n.join('/')} ${c.unit}`;
const summary = { machine: null, aa: null, ab: null };
const started = Date.now();
const loads = [];
// Elapsed time and the 1-minute load average: the gate's error rates mean little on a busy machine.
const elapsed = () => {
  const l = loadavg()[0];
  loads.push(l);
  return `${((Date.now() - started) / 1000).toFixed(0)} s, load ${l.toFixed(2)}`;
};

function sysLine() {
  const s = JSON.parse(mustRun(['sysinfo', '--json']).stdout);
  return `${s.cpu.brand}, ${s.cpu.physicalCores} cores / ${s.cpu.logicalCores} threads, Node ${s.runtime.node}, load ${s.load.before.map((x) => x.toFixed(2)).join(' ')}`;
}
summary.machine = sysLine();
console.log(`gate validation on ${summary.machine}`);
console.log(
  `defaults: alpha 0.01, threshold 5%; ${trials} trials each${pin ? `; every run pinned to CPU ${pin} (taskset -c ${pin})` : ''}`,
);
summary.pin = pin || null;

if (only !== 'ab') {
  const quick = join(ROOT, 'scenarios', 'quick.json');
  console.log(
    `\nA/A: quick scenario (${RUN_FLAGS_AA.join(' ') || 'as the file says'}), ${aaPairs} pair(s) per trial, same build on both sides`,
  );
  let falseAlarms = 0;
  const tally = { regression: 0, improvement: 0, unchanged: 0, inconclusive: 0 };
  const flagged = [];
  for (let t = 1; t <= trials; t++) {
    const { exit, report } = trial('aa', t, aaPairs, quick, quick, RUN_FLAGS_AA, null);
    for (const [k, v] of Object.entries(report.counts)) tally[k] += v;
    const bad = report.cases.filter((c) => c.verdict === 'regression' || c.verdict === 'improvement');
    if (exit === 1) falseAlarms++;
    flagged.push(...bad.map((c) => `trial ${t}: ${c.verdict} ${fmtCase(c)}`));
    console.log(
      `  trial ${t}/${trials}: exit ${exit}; ${report.counts.regression} regression(s), ${report.counts.improvement} improvement(s), ${report.counts.unchanged} unchanged, ${report.counts.inconclusive} inconclusive (${elapsed()})`,
    );
  }
  summary.aa = {
    trials,
    pairs: aaPairs,
    runFlags: RUN_FLAGS_AA,
    falseAlarmTrials: falseAlarms,
    verdicts: tally,
    flagged,
  };
  console.log(
    `A/A: ${falseAlarms} of ${trials} trials falsely failed the gate; case verdicts ${JSON.stringify(tally)}`,
  );
  for (const f of flagged) console.log(`  ${f}`);
}

if (only !== 'aa') {
  const scenario = (rounds) => {
    const file = join(tmp, `spin-${rounds}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        name: 'gate-spin',
        seed: 1,
        cases: [{ op: 'spin', algorithms: ['sha256'], rounds: [rounds], backends: ['node'] }],
      }),
    );
    return file;
  };
  const a = scenario(1000);
  const b = scenario(1100);
  console.log(
    `\nA/B: spin 1000 vs 1100 rounds (${RUN_FLAGS_AB.join(' ') || 'as the file says'}), ${abPairs} pair(s) per trial`,
  );
  let detected = 0;
  const changes = [];
  for (let t = 1; t <= trials; t++) {
    const { exit, report } = trial('ab', t, abPairs, a, b, RUN_FLAGS_AB, (id) =>
      id.replace('/1100rounds/', '/1000rounds/'),
    );
    const c = report.cases.find((x) => x.id === 'spin/sha256/node/1000rounds/t1');
    if (c?.verdict === 'regression' && exit === 1) detected++;
    if (c) changes.push(c.changePct);
    console.log(`  trial ${t}/${trials}: ${c ? `${c.verdict} ${fmtCase(c)}` : 'case missing'} (${elapsed()})`);
  }
  const sorted = [...changes].sort((x, y) => x - y);
  summary.ab = {
    trials,
    pairs: abPairs,
    runFlags: RUN_FLAGS_AB,
    detected,
    changePct: { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1) },
  };
  console.log(
    `A/B: regression detected in ${detected} of ${trials} trials; opsPerSec change min ${sorted[0]?.toFixed(1)}%, median ${summary.ab.changePct.median?.toFixed(1)}%, max ${sorted.at(-1)?.toFixed(1)}% (expected ≈ −9.1%)`,
  );
}

console.log(`\ntotal time ${elapsed()}`);
const sortedLoads = [...loads].sort((x, y) => x - y);
summary.load1m = { median: sortedLoads[Math.floor(sortedLoads.length / 2)], max: sortedLoads.at(-1) };
console.log(
  `1-minute load average at the end of each trial: median ${summary.load1m.median?.toFixed(2)}, max ${summary.load1m.max?.toFixed(2)}`,
);
if (jsonOut)
  writeFileSync(
    jsonOut,
    JSON.stringify({ ...summary, totalSeconds: Math.round((Date.now() - started) / 1000) }, null, 2) + '\n',
  );
