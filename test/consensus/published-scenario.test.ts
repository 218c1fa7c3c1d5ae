/** The bundled scenarios, and the published HotStuff experiment's setup and figures as its file states them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePlan, validateScenario } from '../../src/kinds/index.js';
import type { PlannedConsensusCase } from '../../src/consensus/plan.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BACKENDS = ['noble', 'node', 'blst', 'sodium', 'secp256k1', 'wasm'];
const read = (file: string): unknown => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));

describe('bundled scenarios', () => {
  it('every file under scenarios/, published/ included, is a valid scenario', () => {
    const files = readdirSync(join(ROOT, 'scenarios'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.json'),
    );
    expect(files).toContain(join('published', 'hotstuff-podc2019.json'));
    for (const f of files) expect(() => validateScenario(read(join('scenarios', f)), f, BACKENDS)).not.toThrow();
  });

  it('published/hotstuff-podc2019 plans the paper’s setup: chained HotStuff, secp256k1 votes, 400 × 1 KB commands by hash, 1.2 GB/s LAN, 16 cores', () => {
    const file = 'scenarios/published/hotstuff-podc2019.json';
    const plan = resolvePlan(validateScenario(read(file), file, BACKENDS), file, {}, BACKENDS);
    const cases = plan.cases as PlannedConsensusCase[];
    expect(cases.map((c) => c.spec.nodes)).toEqual([4, 8, 16, 32, 64, 128]);
    for (const c of cases) {
      expect(c.spec).toMatchObject({
        protocol: 'chained-hotstuff-secp256k1',
        backend: 'secp256k1',
        txs: 400,
        txScheme: 'none',
        txBytes: 1024,
        payload: 'dissemination',
      });
      expect(c.network).toMatchObject({ latencyMs: 0.2, bandwidthMbps: 9600 });
      expect(c.validatorCores).toBe(16);
    }
    const [series] = plan.published ?? [];
    expect(series!.points).toEqual([
      { nodes: 4, txPerSec: 114800, latencyMs: 19.4 },
      { nodes: 8, txPerSec: 118900 },
      { nodes: 16, txPerSec: 120200 },
      { nodes: 32, txPerSec: 61400, latencyMs: 39.3 },
      { nodes: 64, txPerSec: 37300, latencyMs: 65.2 },
      { nodes: 128, txPerSec: 22100, latencyMs: 108.3 },
    ]);
    expect(series!.source).toMatch(/Yin.*PODC 2019.*Delphi-BFT/);
  });
});
