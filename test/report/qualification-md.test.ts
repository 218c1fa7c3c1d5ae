import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/md.js';
import { qualificationMarkdown } from '../../src/report/qualification-md.js';
import { okCase } from '../compare/build.js';
import { PAYLOAD, PAYLOAD_ESCAPED } from './html-fixtures.js';
import { SOURCE_B, flag, measured, notComparable, notMeasured, qualificationFile } from './qualification-fixtures.js';

const md = (r: ReturnType<typeof qualificationFile>) => renderMarkdown([r], { metric: 'opsPerSec' });

/** The lines of the markdown table that starts with `header`. */
function tableAfter(text: string, header: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  return lines.slice(start, end < 0 ? undefined : end);
}

function file() {
  return qualificationFile([
    okCase('hash/sha256/node/1KiB/t1', [10, 11, 12]),
    measured('memory', 1.5, { notes: ['the kernel can use 23.5 GiB of it'] }),
    measured('cores', 0.5, { requirement: { measure: 'cpu-logical-cores', threshold: 16, unit: 'threads' } }),
    notMeasured('network', 'a host cannot measure its own network bandwidth alone'),
    notComparable('sha-speed', 'only a JavaScript figure', {
      besides: [{ value: 286000, unit: 'hashes/s', grade: 'js', by: 'noble', label: 'js', ci95: null }],
    }),
    flag('avx2', true, { profile: 'chain-b', requirement: { source: SOURCE_B } }),
  ]);
}

describe('markdown report: validator hardware requirements', () => {
  it('writes the full requirement table, the per-profile lines, the notes and the sources', () => {
    const out = md(file());
    expect(out).toContain('#### Validator hardware requirements');
    const table = tableAfter(out, '| profile | requirement |');
    expect(table[0]).toBe(
      '| profile | requirement | measured | threshold | margin | verdict | by / why | beside | source |',
    );
    // Header, rule, one row per requirement.
    expect(table).toHaveLength(2 + 5);
    expect(table).toContain(
      '| chain-a | memory | 96.0 GB | ≥ 64.0 GB | 1.50× | pass | systeminformation (host) |  | Chain A docs, hardware, 2026-01 |',
    );
    // A failed minimum is bold; a flag has no margin.
    expect(table.find((l) => l.startsWith('| chain-a | cores |'))).toContain('| 0.50× | **FAIL** |');
    expect(table.find((l) => l.startsWith('| chain-b | avx2 |'))).toContain('| present | present | — | pass |');
    expect(table.find((l) => l.startsWith('| chain-a | network |'))).toContain('| — | ≥ 64.0 GB | — | not measured |');
    expect(out).toContain(
      '- **chain-a (chain-a validator): does not qualify — 1 of 4 pass, 1 fail, 1 not measured, 1 not comparable; tightest margin cores 0.50×; first failing cores**',
    );
    expect(out).toContain('- **chain-b (chain-b validator): qualifies — 1 of 1 pass; no margin; no minimum failing**');
    // Notes: the error, the reason with the figure beside it, the notes.
    expect(out).toContain('- chain-a/memory: the kernel can use 23.5 GiB of it');
    expect(out).toContain('- chain-a/network: a host cannot measure its own network bandwidth alone');
    expect(out).toContain('- chain-a/sha-speed: only a JavaScript figure; beside: noble 286k hashes/s (js)');
    // Sources once each, with the URL as text: no autolink.
    expect(out).toContain('- Chain A docs, hardware (2026-01): https\\://example.org/a/hardware');
    expect(out).toContain('- Chain B validator guide (2025-11-30): https\\://www\\.example.com/b');
    expect(out.split('Chain A docs, hardware (2026-01)')).toHaveLength(2);
  });

  it('keeps qualification cases out of the primitive table', () => {
    const primitive = tableAfter(md(file()), '| case |');
    expect(primitive).toHaveLength(3); // header, rule, the one primitive case
    expect(primitive[2]).toMatch(/^\| hash\/sha256\/node\/1KiB \|/);
    expect(primitive.join('\n')).not.toContain('qualify');
  });

  it('escapes every string from the file: no tag, no link, no column split', () => {
    const r = qualificationFile([
      measured(PAYLOAD, 0.9, {
        profile: `evil|${PAYLOAD}`,
        requirement: {
          title: PAYLOAD,
          source: { document: `[click](javascript:alert(1)) ${PAYLOAD}`, url: 'https://evil.example/x', date: '2026' },
        },
        measured: { by: `\`code\` ${PAYLOAD}` },
        notes: [`*bold* ${PAYLOAD}`],
      }),
      notMeasured('net', `failed | with ${PAYLOAD}`),
    ]);
    const out = md(r);
    expect(out).not.toContain('<');
    expect(out).toContain(PAYLOAD_ESCAPED);
    expect(out).toContain('\\[click\\](javascript:alert(1))');
    expect(out).toContain('https\\://evil.example/x');
    const table = tableAfter(out, '| profile | requirement |');
    const unescapedPipes = (line: string) => line.replace(/\\./g, '').split('|').length;
    for (const line of table) expect(unescapedPipes(line), line).toBe(unescapedPipes(table[0]!));
    expect(out).toContain('\\*bold\\*');
  });

  it('writes nothing without qualification cases', () => {
    expect(qualificationMarkdown([okCase('a', [1, 2, 3])])).toBe('');
    expect(md(qualificationFile([okCase('a', [1, 2, 3])]))).not.toContain('Validator hardware requirements');
  });
});
