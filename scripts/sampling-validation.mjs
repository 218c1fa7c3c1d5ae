#!/usr/bin/env node
/**
 * Does a sampled round give the figures of a fully executed one? For each protocol and node
 * count, runs the same consensus case twice, with every validator executed (--sample 0) and with
 * a sample (--sample S, default 16), and prints the modeled and host round medians of both and
 * their differences against the targets (modeled within ±3%, host estimate within ±15%).
 *
 *   node scripts/sampling-validation.mjs [--nodes 64,128,256] [--protocols pbft,tendermint,hotstuff,hotstuff-bls]
 *                                        [--sample 16] [--rounds 3] [--backend name]   (default: each protocol's fastest)
 *
 * Build first (npm run build). Exits 1 when a pair misses a target.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const nodes = opt('nodes', '64,128,256');
const protocols = opt('protocols', 'pbft,tendermint,hotstuff,hotstuff-bls').split(',');
const sample = opt('sample', '16');
const rounds = opt('rounds', '3');
const backend = opt('backend', undefined);
const cli = new URL('../dist/src/cli/main.js', import.meta.url).pathname;

/** One run; the sampled one prices with the full run's calibrated costs, so only sampling differs. */
function run(protocol, sampleFlag, costsFrom) {
  const dir = mkdtempSync(join(tmpdir(), 'chainmark-sampling-'));
  const flags = [
    'run',
    'consensus',
    '--protocols',
    protocol,
    '--nodes',
    nodes,
    '--rounds',
    rounds,
    '--threads',
    '2',
    ...(backend ? ['--backend', backend] : []),
    '--sample',
    sampleFlag,
    '--quiet',
    '--force',
    '--out',
    join(dir, 'r.json'),
  ];
  if (costsFrom) flags.push('--costs-from', costsFrom);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [cli, ...flags], { encoding: 'utf8' });
  const wallS = (Date.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`chainmark ${flags.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  const file = join(dir, 'r.json');
  const result = JSON.parse(readFileSync(file, 'utf8'));
  return { wallS, file, dir, cases: result.cases.filter((c) => c.status === 'ok') };
}

const pct = (a, b) => ((a - b) / b) * 100;
let missed = 0;
console.log(
  `sampled (--sample ${sample}) against full execution, ${rounds} rounds, 2 threads, ${new Date().toISOString().slice(0, 10)}`,
);
console.log('case                                   modeled full  sampled   diff   host full  estimate   diff');
for (const protocol of protocols) {
  const full = run(protocol, '0');
  const part = run(protocol, sample, full.file);
  for (const r of [full, part]) rmSync(r.dir, { recursive: true, force: true });
  for (const f of full.cases) {
    const s = part.cases.find((c) => c.id === f.id);
    if (!s) continue;
    const dm = pct(s.metrics.modeledRoundMs.p50, f.metrics.modeledRoundMs.p50);
    const dh = pct(s.metrics.hostRoundMs.p50, f.metrics.hostRoundMs.p50);
    const ok = Math.abs(dm) <= 3 && Math.abs(dh) <= 15;
    if (!ok) missed++;
    console.log(
      `${f.id.padEnd(38)} ${f.metrics.modeledRoundMs.p50.toFixed(2).padStart(12)} ${s.metrics.modeledRoundMs.p50.toFixed(2).padStart(8)} ${dm.toFixed(1).padStart(5)}%` +
        ` ${f.metrics.hostRoundMs.p50.toFixed(0).padStart(10)} ${s.metrics.hostRoundMs.p50.toFixed(0).padStart(9)} ${dh.toFixed(1).padStart(5)}%  ${ok ? 'ok' : 'MISSED'}`,
    );
  }
  console.log(`  ${protocol}: full ${full.wallS.toFixed(0)} s, sampled ${part.wallS.toFixed(0)} s`);
}
console.log(missed === 0 ? 'every pair within the targets' : `${missed} pair(s) missed a target`);
process.exit(missed === 0 ? 0 : 1);
