import { describe, expect, it } from 'vitest';
import { printable, printableDeep, printableLines } from '../../src/format/printable.js';

describe('printable: text from files shown on a terminal cannot act on it', () => {
  it('ESC sequences (CSI, OSC), \\r, \\n, tab, DEL and C1 are shown escaped', () => {
    expect(printable('a\u001b[2J\u001b]0;title\u0007b\r\n\tc\u007f\u009bd')).toBe(
      'a\\x1b[2J\\x1b]0;title\\x07b\\r\\n\\tc\\x7f\\x9bd',
    );
  });

  it('bidirectional overrides and line separators are shown escaped; other text is left alone', () => {
    expect(printable('x\u202ey\u2066z\u2028')).toBe('x\\u202ey\\u2066z\\u2028');
    expect(printable('ed25519 · 1.00k ops/s ± µs é 中')).toBe('ed25519 · 1.00k ops/s ± µs é 中');
  });

  it('printableLines keeps line feeds and escapes the rest', () => {
    expect(printableLines('a,"x\ry"\n\u001b[31mb\n')).toBe('a,"x\\ry"\n\\x1b[31mb\n');
  });

  it('printableDeep escapes every string and key, and copies only what changed', () => {
    const samples = [1, 2, 3];
    const clean = { id: 'ok', samples };
    const data = { hosts: ['a\u001b[2J', 'b'], cases: [clean], ['k\n']: 1, n: 5 };
    const out = printableDeep(data);
    expect(out).toEqual({ hosts: ['a\\x1b[2J', 'b'], cases: [clean], ['k\\n']: 1, n: 5 });
    expect(out.cases[0]).toBe(clean);
    expect(out.cases[0]!.samples).toBe(samples);
    expect(data.hosts[0]).toBe('a\u001b[2J');
  });
});
