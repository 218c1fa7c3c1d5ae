import { describe, expect, it } from 'vitest';
import { consensusScaling } from '../../src/consensus/analysis.js';
import { headlineTable } from '../../src/report/headline.js';
import type { CaseResult } from '../../src/results/schema.js';

/** A consensus case with the figures the headline reads: modeled round p50 and modeled tx/s. */
function round(protocol: string, nodes: number, modeledMs: number): CaseResult {
  const rate = (v: number) => ({ mean: v, median: v, p50: v, ci95: null, cv: 0, outliers: 0, samples: [v] });
  return {
    id: `consensus/${protocol}/node/n${nodes}/t2`,
    kind: 'consensus',
    protocol,
    backend: 'node',
    status: 'ok',
    threads: 2,
    params: { nodes },
    metrics: {
      hostRoundMs: rate(modeledMs * 10),
      modeledRoundMs: rate(modeledMs),
      committedTxPerSec: rate(32_000 / (modeledMs * 10)),
      modeledCommittedTxPerSec: rate(32_000 / modeledMs),
    },
  } as unknown as CaseResult;
}

const headline = (cases: CaseResult[]) => headlineTable(cases, consensusScaling(cases))!;

describe('the "more validators, slower" headline of a run', () => {
  it('four node counts: a row per protocol, round time and tx/s per n, the fit with its fixed part, the knee', () => {
    // 20 ms of block checks plus 0.5 ms per validator: 22, 24, 28, 36 ms; tx/s 1455 → 889 never halves.
    const cases = [4, 8, 16, 32].map((n) => round('pbft', n, 20 + 0.5 * n));
    const text = headline(cases);
    const lines = text.split('\n');
    expect(lines[0]).toBe('More validators, slower: modeled round time · committed tx/s as the validator set grows');
    const row = lines.find((l) => l.startsWith('pbft'))!;
    expect(row).toContain('22.0 ms · 1.45k tx/s');
    expect(row).toContain('36.0 ms · 889 tx/s');
    expect(row).toContain('20.0 ms + n^1.00 (R² 1.00)');
    expect(row.trimEnd().endsWith('none')).toBe(true);
    expect(lines.at(-1)).toContain("c + n^b: a fixed part c (the block's checks)");
  });

  it('three node counts: the plain power law, and the note says what n^b means', () => {
    const text = headline([4, 16, 64].map((n) => round('hotstuff', n, 2 * n)));
    const row = text.split('\n').find((l) => l.startsWith('hotstuff'))!;
    expect(row).toContain('n^1.00 (R² 1.00)');
    expect(row).not.toContain('ms + n^');
    // 1000 tx/s at n = 4 … 62.5 at n = 64: below half from n = 16.
    expect(row.trimEnd().endsWith('n = 16')).toBe(true);
    expect(text.split('\n').at(-1)).toContain('n^b: a fitted b of 1 means twice the validators take twice as long');
  });

  it('says "round or view time" when a pipelined protocol is among the rows', () => {
    const chained = [4, 16].map((n) => {
      const c = round('chained-hotstuff', n, n) as unknown as { params: Record<string, number> };
      c.params.commitChain = 3;
      return c as unknown as CaseResult;
    });
    const lines = headline([...chained, ...[4, 16].map((n) => round('pbft', n, n))]).split('\n');
    expect(lines[0]).toBe(
      'More validators, slower: modeled round or view time · committed tx/s as the validator set grows',
    );
    expect(lines[1]).toMatch(/round or view time fit/);
  });

  it('is absent when no protocol was run at two node counts or more', () => {
    expect(headlineTable([round('pbft', 4, 10)], [])).toBeNull();
  });
});
