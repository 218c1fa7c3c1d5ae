import { hostname } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { CRYPTO_FLAGS, collectSpecs, hashHostname, type SystemSpecs } from '../../src/system/specs.js';
import { cli } from '../helpers.js';

describe('collectSpecs', () => {
  let plain: SystemSpecs;
  let again: SystemSpecs;
  let anonymous: SystemSpecs;

  beforeAll(async () => {
    [plain, again, anonymous] = await Promise.all([
      collectSpecs({ libraries: { example: '1.2.3' } }),
      collectSpecs(),
      collectSpecs({ anonymize: true }),
    ]);
  });

  it('fills every field with the right type', () => {
    const s = plain;
    expect(s.hostname).toBe(hostname());
    expect(s.hostnameAnonymized).toBe(false);
    for (const k of ['manufacturer', 'brand', 'family', 'model', 'stepping'] as const)
      expect(typeof s.cpu[k], `cpu.${k}`).toBe('string');
    expect(s.cpu.brand.length).toBeGreaterThan(0);
    expect(Number.isInteger(s.cpu.physicalCores) && s.cpu.physicalCores >= 1).toBe(true);
    expect(Number.isInteger(s.cpu.logicalCores) && s.cpu.logicalCores >= s.cpu.physicalCores).toBe(true);
    expect(s.cpu.availableParallelism).toBeGreaterThanOrEqual(1);
    for (const mhz of [s.cpu.baseMHz, s.cpu.maxMHz])
      expect(mhz === null || (Number.isInteger(mhz) && mhz > 0)).toBe(true);
    expect(Object.keys(s.cpu.cache).sort()).toEqual(['l1d', 'l1i', 'l2', 'l3']);
    for (const v of Object.values(s.cpu.cache)) expect(v === null || v > 0).toBe(true);
    expect(Object.keys(s.cpu.flags).sort()).toEqual([...CRYPTO_FLAGS].sort());
    for (const v of Object.values(s.cpu.flags)) expect(typeof v).toBe('boolean');
    expect(s.cpu.governor === null || typeof s.cpu.governor === 'string').toBe(true);
    expect(s.memory.totalBytes).toBeGreaterThan(0);
    expect(Number.isInteger(s.memory.totalBytes)).toBe(true);
    for (const k of ['platform', 'distro', 'release', 'kernel', 'arch'] as const)
      expect(typeof s.os[k], `os.${k}`).toBe('string');
    expect(s.os.platform.length).toBeGreaterThan(0);
    expect(s.os.kernel.length).toBeGreaterThan(0);
    expect(typeof s.virtualization.virtual).toBe('boolean');
    expect(s.virtualization.host === null || typeof s.virtualization.host === 'string').toBe(true);
    expect(s.cgroup.cpuQuota === null || typeof s.cgroup.cpuQuota === 'string').toBe(true);
    expect(s.runtime).toEqual({
      node: process.versions.node,
      v8: process.versions.v8,
      openssl: process.versions.openssl,
    });
    expect(s.libraries).toEqual({ example: '1.2.3' });
    expect(s.git === null || /^[0-9a-f]{40}$/.test(s.git.commit)).toBe(true);
    expect(s.load.before).toHaveLength(3);
    expect(s.load.before.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
  });

  it('gives a 16-hex-digit fingerprint that is the same on every call', () => {
    expect(plain.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(again.fingerprint).toBe(plain.fingerprint);
  });

  it('anonymize replaces the hostname with host-<12 hex> and keeps the fingerprint', () => {
    expect(anonymous.hostname).toMatch(/^host-[0-9a-f]{12}$/);
    expect(anonymous.hostname).toBe(hashHostname(hostname()));
    expect(anonymous.hostname).not.toContain(hostname());
    expect(anonymous.hostnameAnonymized).toBe(true);
    expect(anonymous.fingerprint).toBe(plain.fingerprint);
  });

  it('hashHostname is deterministic and tells hosts apart', () => {
    expect(hashHostname('alpha')).toBe(hashHostname('alpha'));
    expect(hashHostname('alpha')).not.toBe(hashHostname('beta'));
  });
});

describe('chainmark sysinfo', () => {
  it('--json prints parseable specs', () => {
    const res = cli(['sysinfo', '--json']);
    expect(res.status, res.stderr).toBe(0);
    const s = JSON.parse(res.stdout) as SystemSpecs;
    expect(s.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof s.cpu.brand).toBe('string');
    expect(s.memory.totalBytes).toBeGreaterThan(0);
    expect(typeof s.os.kernel).toBe('string');
    expect(s.runtime.node).toBe(process.versions.node);
    expect(Object.keys(s.libraries)).toEqual(expect.arrayContaining(['@noble/hashes', '@noble/curves', 'openssl']));
  });

  it('--anonymize --json hides the hostname', () => {
    const res = cli(['sysinfo', '--anonymize', '--json']);
    expect(res.status, res.stderr).toBe(0);
    const s = JSON.parse(res.stdout) as SystemSpecs;
    expect(s.hostname).toBe(hashHostname(hostname()));
    expect(res.stdout).not.toContain(`"${hostname()}"`);
  });

  it('prints a line each for cpu, crypto flags, memory and runtime', () => {
    const res = cli(['sysinfo']);
    expect(res.status, res.stderr).toBe(0);
    const out = res.stdout;
    expect(out).toMatch(/^cpu\s+\S/m);
    expect(out).toMatch(/^crypto flags\s+-?sha_ni\b/m);
    expect(out).toMatch(/^memory\s+\d+\.\d GiB$/m);
    expect(out).toMatch(new RegExp(`^runtime\\s+Node ${process.versions.node.replace(/\./g, '\\.')}, V8 `, 'm'));
  });
});
