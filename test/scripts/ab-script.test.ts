/**
 * scripts/ab.sh, the same-runner A/B that CI runs: its argument checks, and one whole A/B of
 * HEAD against this working tree on a one-case scenario.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';

const AB = join(ROOT, 'scripts', 'ab.sh');
const ab = (args: string[]) =>
  spawnSync('bash', [AB, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 300_000,
  });
const inGit = spawnSync('git', ['rev-parse', '--verify', 'HEAD'], { cwd: ROOT }).status === 0;
const hasTaskset = spawnSync('taskset', ['--version']).status === 0;
if (!inGit) console.warn('NOTICE: not a git checkout with a commit: the ab.sh tests are skipped');

describe.skipIf(!inGit)('scripts/ab.sh', () => {
  it('refuses bad arguments with exit 2 and one line, before building anything', () => {
    const cases: [string[], RegExp][] = [
      [['HEAD', '--pin', '1;rm'], /^ab\.sh: --pin must be a CPU list like 1 or 0-1, got '1;rm'\n$/],
      [['HEAD', '--pairs', '0'], /^ab\.sh: --pairs must be a positive integer, got '0'\n$/],
      [['no-such-ref-xyz'], /^ab\.sh: unknown ref 'no-such-ref-xyz'\n$/],
      [['HEAD', '--scenario', 'no-such-scenario'], /^ab\.sh: no scenario file 'no-such-scenario'\n$/],
      [['HEAD', 'HEAD', 'HEAD'], /^ab\.sh: unexpected argument: HEAD\n$/],
    ];
    for (const [args, message] of cases) {
      const r = ab(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('builds HEAD in a worktree, alternates the runs, merges each side and checks them', () => {
    const dir = tempDir();
    const scenario = join(dir, 'one.json');
    writeFileSync(
      scenario,
      JSON.stringify({
        name: 'one',
        seed: 3,
        threads: [1],
        timeMs: 20,
        warmupMs: 5,
        repeat: 3,
        cases: [{ op: 'hash', algorithms: ['sha256'], sizes: [64], backends: ['node'] }],
      }),
    );
    const out = join(dir, 'out');
    const pin = hasTaskset ? ['--pin', '0'] : [];
    const worktrees = () =>
      spawnSync('git', ['worktree', 'list'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim().split('\n').length;
    const before = worktrees();
    const r = ab(['HEAD', '--pairs', '2', '--scenario', scenario, '--out-dir', out, '--format', 'json', ...pin]);
    expect(r.status, r.stderr).toBe(0);
    // A B A B: the log shows the order, and every run and merge is kept.
    expect(r.stderr.match(/pair \d\/2: (base|head)/g)).toEqual([
      'pair 1/2: base',
      'pair 1/2: head',
      'pair 2/2: base',
      'pair 2/2: head',
    ]);
    expect(readdirSync(out).sort()).toEqual([
      'base-1.json',
      'base-2.json',
      'base.json',
      'head-1.json',
      'head-2.json',
      'head.json',
    ]);
    const verdict = JSON.parse(r.stdout) as {
      sameHost: boolean;
      cases: { id: string; unit: string; n: number[]; verdict: string }[];
    };
    expect(verdict.sameHost).toBe(true);
    // Two runs a side: tested as runs, and too few to decide at alpha 0.01, so it says so.
    expect(verdict.cases).toEqual([
      expect.objectContaining({ id: 'hash/sha256/node/64B/t1', unit: 'runs', n: [2, 2], verdict: 'inconclusive' }),
    ]);
    // The worktree is gone afterwards.
    expect(worktrees()).toBe(before);
  });
});
