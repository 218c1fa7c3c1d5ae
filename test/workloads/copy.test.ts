import { describe, expect, it } from 'vitest';
import { checkCopy, copySource, prepareCopy } from '../../src/workloads/copy.js';
import { resolveWorkload } from '../../src/workloads/prepare.js';
import { nobleBackend } from '../../src/workloads/backends/noble.js';
import { BUILTIN_BACKENDS } from '../../src/workloads/backends/index.js';
import { prepareSpin, spin, spinStart } from '../../src/workloads/spin.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { isUnsupported, type HashImpl } from '../../src/workloads/types.js';

describe('memory copy', () => {
  it('the source is seeded: the same bytes for a seed, other bytes for another, never all alike', () => {
    const a = copySource(1, 4099);
    expect(Buffer.compare(a, copySource(1, 4099))).toBe(0);
    expect(Buffer.compare(a, copySource(2, 4099))).not.toBe(0);
    expect(new Set(a).size).toBeGreaterThan(200);
    expect(a[4098]).toBeDefined();
  });

  it('a copy made checks out', () => {
    const p = prepareCopy(copySource(1, 1 << 16));
    p.run();
    expect(p.verifyRun()).toBeNull();
    expect(p.bytesPerOp).toBe(1 << 16);
  });

  it('no copy at all, or a copy that did not reach the end, fails its check', () => {
    expect(prepareCopy(copySource(1, 1024)).verifyRun()).toMatch(/no copy was made/);
    const source = copySource(1, 1 << 16);
    const p = prepareCopy(source);
    p.run();
    source[source.length - 1] ^= 0xff; // as if the last byte had not been copied
    expect(p.verifyRun()).toMatch(/differs from its source at byte 65535/);
    source[source.length - 1] ^= 0xff;
    source[12345] ^= 1; // a byte no probe looks at: the full comparison still sees it
    expect(p.verifyRun()).toBe('copied buffer differs from its source');
  });

  it('runs on the runtime backend only, and passes its self-test there', () => {
    const node = BUILTIN_BACKENDS.find((b) => b.name === 'node')!;
    const spec = { op: 'copy' as const, algorithm: 'memcpy', backend: 'node', sizeBytes: 1 << 20 };
    const w = resolveWorkload(spec, node, 1);
    expect(isUnsupported(w)).toBe(false);
    if (!isUnsupported(w)) expect(w.selfTest()).toBeNull();
    const other = resolveWorkload({ ...spec, backend: 'noble' }, nobleBackend, 1);
    expect(isUnsupported(other) && other.unsupported).toMatch(/backend node/);
    expect(checkCopy(copySource(3, 100))).toBeNull();
  });
});

describe('the SHA-256 hash chain (spin)', () => {
  it('each 32-byte output is hashed again: three rounds by hand', () => {
    const start = spinStart(1);
    const h: HashImpl = { hash: (m) => sha256(m) };
    expect(Buffer.compare(spin(h, start, 3), sha256(sha256(sha256(start))))).toBe(0);
  });

  it('a backend whose chain disagrees with noble fails the self-test before timing', () => {
    const wrong = {
      ...nobleBackend,
      name: 'wrong',
      hash: (alg: Parameters<typeof nobleBackend.hash>[0]) =>
        alg === 'sha256'
          ? { hash: (m: Uint8Array) => sha256(m).map((b, i) => (i === 0 ? b ^ 1 : b)) }
          : nobleBackend.hash(alg),
    };
    const w = resolveWorkload({ op: 'spin', algorithm: 'sha256', backend: 'wrong', rounds: 1000 }, wrong, 1);
    expect(isUnsupported(w)).toBe(false);
    if (!isUnsupported(w)) expect(w.selfTest()).toMatch(/sha256/);
  });

  it('a timed chain whose result changes is caught after the timing', () => {
    let calls = 0;
    const flaky: HashImpl = { hash: (m) => (calls++ > 5000 ? new Uint8Array(32) : sha256(m)) };
    const w = resolveWorkload({ op: 'spin', algorithm: 'sha256', backend: 'noble', rounds: 1000 }, nobleBackend, 1);
    if (isUnsupported(w)) throw new Error('unsupported');
    const p = w.prepare();
    p.run();
    expect(p.verifyRun()).toBeNull();
    // The same preparation with a hash that goes wrong mid-run.
    const q = prepareSpin(flaky, spinStart(1), 1000, spin({ hash: (m) => sha256(m) }, spinStart(1), 1000));
    for (let i = 0; i < 10; i++) q.run();
    expect(q.verifyRun()).toMatch(/spin result changed/);
  });
});
