import { describe, expect, it } from 'vitest';
import { checkHostFacts, cpuinfoFlags, type HostFacts } from '../../src/qualify/host.js';

const facts = (over: Partial<HostFacts> = {}): HostFacts => ({
  physicalCores: 8,
  logicalCores: 16,
  baseHz: 2.8e9,
  maxHz: 3.5e9,
  flags: new Set(['avx2']),
  flagSource: '/proc/cpuinfo',
  memoryBytes: 60e9,
  onlineMemoryBytes: 64 * 2 ** 30,
  ...over,
});

describe('host facts', () => {
  it('reads the flags line of /proc/cpuinfo (x86) or the Features line (Arm)', () => {
    const x86 = 'processor\t: 0\nflags\t\t: fpu sse2 avx2 sha_ni gfni\nbugs\t\t: spectre_v1\n';
    expect([...cpuinfoFlags(x86)!]).toEqual(['fpu', 'sse2', 'avx2', 'sha_ni', 'gfni']);
    expect(cpuinfoFlags('Features\t: fp asimd sha2\n')?.has('sha2')).toBe(true);
    expect(cpuinfoFlags('processor: 0\n')).toBeNull();
    expect(cpuinfoFlags(null)).toBeNull();
  });

  it('consistent facts pass their check', () => {
    expect(checkHostFacts(facts(), 16, 16)).toBeNull();
    expect(checkHostFacts(facts({ baseHz: null, maxHz: null, onlineMemoryBytes: null }), 16, 8)).toBeNull();
  });

  it('facts that contradict each other are a failed check, not a figure', () => {
    expect(checkHostFacts(facts({ physicalCores: 0 }), 16, 16)).toMatch(/physical cores reported as 0/);
    expect(checkHostFacts(facts({ logicalCores: 4 }), 4, 4)).toMatch(
      /fewer logical cores \(4\) than physical ones \(8\)/,
    );
    expect(checkHostFacts(facts(), 12, 12)).toMatch(/16 logical cores, the operating system 12/);
    expect(checkHostFacts(facts(), 16, 32)).toMatch(/Node may use 32 threads on 16 logical cores/);
    expect(checkHostFacts(facts({ maxHz: 2e9 }), 16, 16)).toMatch(
      /maximum clock 2000 MHz below the base clock 2800 MHz/,
    );
    expect(checkHostFacts(facts({ memoryBytes: 0 }), 16, 16)).toMatch(/total memory reported as 0/);
    expect(checkHostFacts(facts({ onlineMemoryBytes: 1e9 }), 16, 16)).toMatch(/online memory .* below/);
  });
});
