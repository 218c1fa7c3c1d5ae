import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { OTAVA_ATTRIBUTES, renderOtava } from '../../src/report/otava.js';
import { HTML_HOST, SYNTAX_HOST } from './fixture.js';
import { history, historyLabels } from './history.js';

/**
 * The Otava export read the way Otava's CSV importer reads it: Python's csv module with its
 * default delimiter and quote character, the header row, the time column parsed as a date, the
 * attributes kept as text, and every cell of the listed metric columns through float(). The
 * script prints what it read as JSON. Skipped, and says so, where there is no python3.
 */
const hasPython = spawnSync('python3', ['--version']).status === 0;
if (!hasPython) console.warn('SKIPPED test/report/otava-python.test.ts: no python3 to read the Otava CSV with');

const READER = `
import csv, json, sys
from datetime import datetime
rows = list(csv.reader(sys.stdin, delimiter=',', quotechar='"'))
header, data = rows[0], rows[1:]
metrics = [h for h in header if h not in ${JSON.stringify(['time', ...OTAVA_ATTRIBUTES])}]
full = [m for m in metrics if all(r[header.index(m)] != '' for r in data)]
out = {'header': header, 'times': [], 'attributes': [], 'metrics': {m: [] for m in full}, 'gaps': sorted(set(metrics) - set(full))}
for r in data:
    assert len(r) == len(header), r
    out['times'].append(datetime.strptime(r[header.index('time')], '%Y-%m-%d %H:%M:%S %z').timestamp())
    out['attributes'].append({a: r[header.index(a)] for a in ${JSON.stringify([...OTAVA_ATTRIBUTES])}})
    for m in full:
        out['metrics'][m].append(float(r[header.index(m)]))
print(json.dumps(out))
`;

interface Read {
  header: string[];
  times: number[];
  attributes: Record<string, string>[];
  metrics: Record<string, number[]>;
  gaps: string[];
}

function readWithPython(text: string): Read {
  const r = spawnSync('python3', ['-c', READER], { input: text, encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Read;
}

describe.skipIf(!hasPython)("Otava's CSV reader accepts the otava export", () => {
  it('reads the history: times in order, every full column as floats, the gap named', () => {
    const read = readWithPython(renderOtava(history(), { metric: 'opsPerSec', labels: historyLabels() }) + '\n');
    expect(read.times).toEqual([
      Date.UTC(2026, 2, 1, 12) / 1000,
      Date.UTC(2026, 2, 2, 12) / 1000,
      Date.UTC(2026, 2, 3, 12) / 1000,
    ]);
    expect(read.metrics['consensus/pbft/node/n4/t1.modeledRoundMs']).toEqual([2.5, 2.75, 3]);
    expect(Object.keys(read.metrics)).toHaveLength(read.header.length - 1 - OTAVA_ATTRIBUTES.length - 2);
    expect(read.gaps).toEqual(['verify/ed25519/noble/t2.latencyMs', 'verify/ed25519/noble/t2.opsPerSec']);
  });

  it('keeps hostile host names as the text they were', () => {
    const runs = history().map((r, i) => {
      (r.system as { hostname: string }).hostname = i === 0 ? SYNTAX_HOST : HTML_HOST;
      return r;
    });
    const read = readWithPython(renderOtava(runs, { metric: 'opsPerSec', labels: historyLabels() }) + '\n');
    // Row order is by time: run-a (given second) first.
    expect(read.attributes.map((a) => a.host)).toEqual([HTML_HOST, HTML_HOST, SYNTAX_HOST]);
    expect(read.attributes.map((a) => a.file)).toEqual(['run-a.json', 'run-b.json', 'run-c.json']);
  });
});
