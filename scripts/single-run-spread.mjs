#!/usr/bin/env node
// How far apart are two single runs of the same build on this machine, and does the gate's
// single-run floor keep them from failing `chainmark check` while still catching a slowdown?
// With the compiled CLI in dist/ (run `npm run build` first):
//
//   1. spread   --spread-runs single runs of one scenario, idle and then with a busy loop on one
//               core (pinned to CPU 1 with taskset when there is one, as
//               scripts/consensus-stability.mjs --busy does). Per case: the median of each run,
//               their coefficient of variation, and the widest gap between two runs
//               (max ÷ min − 1: the largest |change| `check` could see between two of them).
//   2. A/A      --pairs pairs of single runs of the same build under each of --pair-loads; each
//               pair is checked (`check --baseline A --current A'`) at the defaults, once with the
//               build's single-run floor (or --floor) and once with the floor at 0 (the gate as it
//               was before the floor). A trial that exits 1 is a false alarm.
//   3. slowdown --pairs pairs of single runs of a `spin` case (chained SHA-256, a scenario
//               parameter, as scripts/gate-validation.mjs uses) at 1000 rounds against
//               1000 ÷ (1 − --slowdown/100) rounds, so that the B side's rate is --slowdown percent
//               lower (30%: 1429 rounds, a rate ×0.700). The B side's case is renamed to the A
//               side's id before `check`. A trial that exits 1 with every spin case a regression
//               is a detection.
//
// The scenario is scenarios/quick.json without its consensus entry (its primitive cases at 1 and
// 2 threads, as the file says) plus the spin case: what a user runs, twice, and compares.
//
// Usage: node scripts/single-run-spread.mjs [--spread-runs 10] [--pairs 20] [--slowdown 30]
//        [--loads idle,busy] [--pair-loads busy] [--floor PCT] [--pin CPUS] [--run-flags "FLAGS"]
//        [--json FILE]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, chainmarkRunner } from './lib/chainmark-cli.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
function count(name, fallback, min) {
  const n = Number(option(name, String(fallback)));
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`single-run-spread: --${name} must be an integer ≥ ${min}, got ${option(name)}\n`);
    process.exit(2);
  }
  return n;
}
function loadList(name, fallback) {
  const list = option(name, fallback).split(',').filter(Boolean);
  if (list.some((l) => l !== 'idle' && l !== 'busy')) {
    process.stderr.write(`single-run-spread: --${name} must list idle and/or busy, got ${option(name)}\n`);
    process.exit(2);
  }
  return list;
}
const spreadRuns = count('spread-runs', 10, 0);
const pairs = count('pairs', 20, 0);
const slowdownPct = Number(option('slowdown', '30'));
if (!(slowdownPct > 0 && slowdownPct < 100)) {
  process.stderr.write(`single-run-spread: --slowdown must be a percentage in (0, 100), got ${option('slowdown')}\n`);
  process.exit(2);
}
const loads = loadList('loads', 'idle,busy');
const pairLoads = loadList('pair-loads', 'busy');
const floorFlag = option('floor', null);
const pin = option('pin', '');
const jsonOut = option('json', '');
const runFlags = (option('run-flags', '') ?? '').split(/\s+/).filter(Boolean);

const tmp = mkdtempSync(join(tmpdir(), 'chainmark-single-run-'));
const hasTaskset = spawnSync('taskset', ['--version']).status === 0;
let loop = null;
const stopLoop = () => {
  loop?.kill();
  loop = null;
};
process.on('exit', () => {
  stopLoop();
  rmSync(tmp, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

/** The busy loop: one core kept at 100% by another process, as a neighbour on a shared runner would. */
function setLoad(load) {
  stopLoop();
  if (load === 'busy')
    loop = spawn(
      hasTaskset ? 'taskset' : process.execPath,
      [...(hasTaskset ? ['-c', '1', process.execPath] : []), '-e', 'for(;;){}'],
      { stdio: 'ignore' },
    );
}
const loadText = (load) => (load === 'busy' ? `busy loop on ${hasTaskset ? 'CPU 1' : 'one core'}` : 'idle');

const { chainmark, mustRun } = chainmarkRunner(pin);

const spinEntry = (rounds) => ({ op: 'spin', algorithms: ['sha256'], rounds: [rounds], backends: ['node'] });
const quick = JSON.parse(readFileSync(join(ROOT, 'scenarios', 'quick.json'), 'utf8'));
function scenarioFile(name, cases) {
  const file = join(tmp, `${name}.json`);
  const { description: _, ...rest } = quick;
  writeFileSync(file, JSON.stringify({ ...rest, name: `single-run-${name}`, cases }));
  return file;
}
const SPIN_A = 1000;
const SPIN_B = Math.round(SPIN_A / (1 - slowdownPct / 100));
const mixed = scenarioFile('mixed', [...quick.cases.filter((c) => c.op !== 'consensus'), spinEntry(SPIN_A)]);
const spinA = scenarioFile('spin-a', [spinEntry(SPIN_A)]);
const spinB = scenarioFile('spin-b', [spinEntry(SPIN_B)]);

let runCount = 0;
function runOnce(scenario) {
  const out = join(tmp, `run-${++runCount}.json`);
  mustRun(['run', scenario, ...runFlags, '--quiet', '--no-progress', '--out', out]);
  return out;
}
function check(baseline, current, floor) {
  const args = ['check', '--baseline', baseline, '--current', current, '--format', 'json'];
  if (floor !== null) args.push('--single-run-floor', String(floor));
  const r = chainmark(args);
  if (r.status !== 0 && r.status !== 1) {
    process.stderr.write(`check exited ${r.status}\n${r.stderr}`);
    process.exit(2);
  }
  return { exit: r.status, report: JSON.parse(r.stdout) };
}
const okMedians = (file) =>
  new Map(
    JSON.parse(readFileSync(file, 'utf8'))
      .cases.filter((c) => c.status === 'ok' && c.metrics?.opsPerSec)
      .map((c) => [c.id, c.metrics.opsPerSec.median]),
  );

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s, load ${loadavg()[0].toFixed(2)}`;
const pctText = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;
const cvPct = (xs) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return (Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) / m) * 100;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};

const sys = JSON.parse(mustRun(['sysinfo', '--json']).stdout);
const summary = {
  date: new Date().toISOString(),
  machine: `${sys.cpu.brand}, ${sys.cpu.physicalCores} cores / ${sys.cpu.logicalCores} threads, Node ${sys.runtime.node}`,
  pin: pin || null,
  runFlags,
  spread: {},
  aa: {},
  slowdown: {},
};
console.log(`single-run spread on ${summary.machine}${pin ? `; runs pinned to CPU ${pin}` : ''}`);
console.log(
  `scenario: quick's primitive cases + spin ${SPIN_A} rounds${runFlags.length ? `, ${runFlags.join(' ')}` : ''}`,
);

// 1. Spread of single runs.
for (const load of spreadRuns >= 2 ? loads : []) {
  setLoad(load);
  const perRun = [];
  for (let i = 1; i <= spreadRuns; i++) {
    perRun.push(okMedians(runOnce(mixed)));
    process.stderr.write(`  spread ${load}: run ${i}/${spreadRuns} (${elapsed()})\n`);
  }
  const ids = [...perRun[0].keys()].filter((id) => perRun.every((m) => m.has(id)));
  const rows = ids.map((id) => {
    const xs = perRun.map((m) => m.get(id));
    return { id, cvPct: cvPct(xs), gapPct: (Math.max(...xs) / Math.min(...xs) - 1) * 100 };
  });
  const gaps = rows.map((r) => r.gapPct);
  summary.spread[load] = {
    runs: spreadRuns,
    cases: rows,
    widestGapPct: Math.max(...gaps),
    medianGapPct: quantile(gaps, 0.5),
  };
  console.log(
    `\nspread, ${loadText(load)}: ${spreadRuns} single runs; per case the CV of run medians and max ÷ min − 1`,
  );
  for (const r of rows)
    console.log(`  ${r.id.padEnd(44)} CV ${r.cvPct.toFixed(1).padStart(5)}%  gap ${r.gapPct.toFixed(1).padStart(6)}%`);
  console.log(
    `  widest gap ${Math.max(...gaps).toFixed(1)}%, median gap ${quantile(gaps, 0.5).toFixed(1)}% over ${rows.length} cases`,
  );
}

// 2 and 3. Pairs of single runs through the gate.
const defaultFloor = floorFlag === null ? null : Number(floorFlag);
for (const load of pairs > 0 ? pairLoads : []) {
  setLoad(load);
  console.log(`\nA/A, ${loadText(load)}: ${pairs} pairs of single runs of the same build`);
  const aa = {
    trials: pairs,
    falseAlarms: 0,
    falseAlarmsWithoutFloor: 0,
    verdicts: {},
    widestChangePct: 0,
    flagged: [],
  };
  for (let t = 1; t <= pairs; t++) {
    const a = runOnce(mixed);
    const b = runOnce(mixed);
    const withFloor = check(a, b, defaultFloor);
    const noFloor = check(a, b, 0);
    aa.floorPct = withFloor.report.singleRunFloorPct;
    if (withFloor.exit === 1) aa.falseAlarms++;
    if (noFloor.exit === 1) aa.falseAlarmsWithoutFloor++;
    for (const [k, v] of Object.entries(withFloor.report.counts)) aa.verdicts[k] = (aa.verdicts[k] ?? 0) + v;
    const widest = Math.max(0, ...noFloor.report.cases.map((c) => Math.abs(c.changePct)));
    aa.widestChangePct = Math.max(aa.widestChangePct, widest);
    for (const c of withFloor.report.cases.filter((x) => x.verdict === 'regression' || x.verdict === 'improvement'))
      aa.flagged.push(`trial ${t}: ${c.verdict} ${c.id} ${pctText(c.changePct)}`);
    for (const l of withFloor.report.lost) aa.flagged.push(`trial ${t}: lost ${l.id}: ${l.reason}`);
    const n = noFloor.report.counts;
    console.log(
      `  trial ${t}/${pairs}: exit ${withFloor.exit} at the ±${aa.floorPct}% floor (${withFloor.report.counts.inconclusive} inconclusive); ` +
        `without the floor exit ${noFloor.exit} (${n.regression} regression(s), ${n.improvement} improvement(s)); widest |change| ${widest.toFixed(1)}% (${elapsed()})`,
    );
  }
  summary.aa[load] = aa;
  console.log(
    `A/A, ${loadText(load)}: ${aa.falseAlarms} of ${pairs} trials failed the gate at the ±${aa.floorPct}% floor, ` +
      `${aa.falseAlarmsWithoutFloor} of ${pairs} without it; widest single-run |change| ${aa.widestChangePct.toFixed(1)}%`,
  );
  for (const f of aa.flagged) console.log(`  ${f}`);

  console.log(
    `\nslowdown, ${loadText(load)}: ${pairs} pairs, spin ${SPIN_A} vs ${SPIN_B} rounds (expected rate change ${pctText((SPIN_A / SPIN_B - 1) * 100)})`,
  );
  const sd = { trials: pairs, rounds: [SPIN_A, SPIN_B], detected: 0, detectedWithoutFloor: 0, changesPct: [] };
  const rename = (file) => {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    for (const c of r.cases) c.id = c.id.replace(`/${SPIN_B}rounds/`, `/${SPIN_A}rounds/`);
    writeFileSync(file, JSON.stringify(r));
  };
  for (let t = 1; t <= pairs; t++) {
    const a = runOnce(spinA);
    const b = runOnce(spinB);
    rename(b);
    const withFloor = check(a, b, defaultFloor);
    const noFloor = check(a, b, 0);
    sd.floorPct = withFloor.report.singleRunFloorPct;
    const all = (r) => r.report.cases.length > 0 && r.report.cases.every((c) => c.verdict === 'regression');
    if (withFloor.exit === 1 && all(withFloor)) sd.detected++;
    if (noFloor.exit === 1 && all(noFloor)) sd.detectedWithoutFloor++;
    sd.changesPct.push(...withFloor.report.cases.map((c) => c.changePct));
    console.log(
      `  trial ${t}/${pairs}: ${withFloor.report.cases.map((c) => `${c.id} ${c.verdict} ${pctText(c.changePct)}`).join('; ')} (${elapsed()})`,
    );
  }
  summary.slowdown[load] = sd;
  console.log(
    `slowdown, ${loadText(load)}: caught in ${sd.detected} of ${pairs} trials at the ±${sd.floorPct}% floor (${sd.detectedWithoutFloor} without it); ` +
      `change from ${pctText(Math.min(...sd.changesPct))} to ${pctText(Math.max(...sd.changesPct))}, median ${pctText(quantile(sd.changesPct, 0.5))}`,
  );
}
stopLoop();

console.log(`\ntotal time ${elapsed()}`);
if (jsonOut)
  writeFileSync(
    jsonOut,
    JSON.stringify({ ...summary, totalSeconds: Math.round((Date.now() - started) / 1000) }, null, 2) + '\n',
  );
