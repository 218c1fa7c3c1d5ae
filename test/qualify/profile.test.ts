import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { bundledProfileIds, loadBundledProfile, loadProfileFile, validateProfile } from '../../src/qualify/profile.js';
import { tempDir } from '../helpers.js';

const source = { document: 'Doc', url: 'https://example.org/x', date: '2026-01-02' };
const good = () => ({
  profile: 'mine',
  name: 'My chain',
  requirements: [
    {
      id: 'cores',
      title: 'Cores',
      measure: 'cpu-physical-cores',
      comparison: 'at-least',
      threshold: 8,
      unit: 'cores',
      source,
    },
    { id: 'avx2', title: 'AVX2', measure: 'cpu-flag', flag: 'avx2', comparison: 'present', source },
  ],
});

function errorOf(raw: unknown): string {
  try {
    validateProfile(raw, 'my.json');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('bundled profiles', () => {
  it('ships the chains the docs name, each valid and named after its file', () => {
    const ids = bundledProfileIds();
    for (const id of ['solana', 'polkadot', 'aptos', 'sui', 'cosmos-hub', 'ethereum-attester', 'ethereum-full-node'])
      expect(ids).toContain(id);
    for (const id of ids) {
      const p = loadBundledProfile(id, 'profiles[0]', 'command line');
      expect(p.profile.profile).toBe(id);
      expect(p.profile.requirements.length).toBeGreaterThan(0);
      for (const r of p.profile.requirements) expect(r.source.url).toMatch(/^https:\/\//);
    }
  });

  it("Solana's PoH requirement is 10 M sequential SHA-256 hashes a second, for native code", () => {
    const poh = loadBundledProfile('solana', 'p', 'f').profile.requirements.find((r) => r.measure === 'sha256-chain');
    expect(poh).toMatchObject({ threshold: 10_000_000, unit: 'hashes/s', comparison: 'at-least', grade: 'native' });
  });

  it('an unknown id is refused, listing the bundled ones', () => {
    expect(() => loadBundledProfile('nope', 'cases[0].profiles[1]', 'qualify')).toThrow(
      /qualify: cases\[0\]\.profiles\[1\] names no bundled profile: "nope" \(bundled: .*solana/,
    );
  });
});

describe('profile validation names the file, the field and the value', () => {
  it('accepts a good profile', () => {
    expect(validateProfile(good(), 'my.json').requirements).toHaveLength(2);
  });

  it('an unknown measure', () => {
    const p = good();
    p.requirements[0]!.measure = 'cpu-speed';
    expect(errorOf(p)).toMatch(/^my\.json: requirements\[0\]\.measure must be one of .*, got "cpu-speed"$/);
  });

  it('a unit of another dimension', () => {
    const p = good();
    p.requirements[0]!.unit = 'GiB';
    expect(errorOf(p)).toMatch(
      /requirements\[0\]\.unit must be a unit of count for measure "cpu-physical-cores" \(cores, threads\), got "GiB"/,
    );
  });

  it('a threshold that is not a positive number', () => {
    const p = good();
    (p.requirements[0] as Record<string, unknown>).threshold = -1;
    expect(errorOf(p)).toMatch(/requirements\[0\]\.threshold must be greater than 0, got -1/);
    (p.requirements[0] as Record<string, unknown>).threshold = '8';
    expect(errorOf(p)).toMatch(/requirements\[0\]\.threshold must be a number, got "8"/);
  });

  it('"present" only for flags, and a flag needs no threshold', () => {
    const p = good();
    p.requirements[0]!.comparison = 'present';
    expect(errorOf(p)).toMatch(/requirements\[0\]\.comparison "present" is only for measure "cpu-flag"/);
    const q = good();
    (q.requirements[1] as Record<string, unknown>).threshold = 1;
    expect(errorOf(q)).toMatch(/requirements\[1\]\.threshold is not used by a "present" requirement/);
    const r = good();
    delete (r.requirements[1] as Record<string, unknown>).flag;
    expect(errorOf(r)).toMatch(/requirements\[1\]\.flag must be a string, got undefined/);
  });

  it('a repeated id, an unknown field, a control character, a bad date or URL', () => {
    const p = good();
    p.requirements[1]!.id = 'cores';
    expect(errorOf(p)).toMatch(/requirements\[1\]\.id repeats "cores"/);
    expect(errorOf({ ...good(), extra: 1 })).toMatch(/my\.json: extra is not a known field/);
    const q = good();
    q.requirements[0]!.title = 'line\u001b[31m';
    expect(errorOf(q)).toMatch(/requirements\[0\]\.title must be one line of text/);
    const r = good();
    r.requirements[0]!.source = { ...source, date: 'yesterday' };
    expect(errorOf(r)).toMatch(/requirements\[0\]\.source\.date must be a date YYYY-MM or YYYY-MM-DD, got "yesterday"/);
    const s = good();
    s.requirements[0]!.source = { ...source, url: 'javascript:alert(1)' };
    expect(errorOf(s)).toMatch(/requirements\[0\]\.source\.url must be an http\(s\) URL/);
  });

  it('a file that is not JSON names the file', () => {
    const dir = tempDir();
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"profile": ');
    expect(() => loadProfileFile(file)).toThrow(/broken\.json/);
  });
});
