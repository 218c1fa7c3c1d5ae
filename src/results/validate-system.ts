/**
 * `system` of a result file: the machine and software a run measured. Checked against
 * RecordedSystem, which says which facts older files may lack.
 */
import type { ResultFields } from './result-fields.js';
import type { RecordedSystem } from './schema.js';

const CPU_TEXT = ['manufacturer', 'brand'] as const;
const CPU_COUNTS = ['physicalCores', 'logicalCores', 'availableParallelism'] as const;
const CPU_IDENTITY = ['family', 'model', 'stepping'] as const;
const CPU_CLOCKS = ['baseMHz', 'maxMHz'] as const;
const OS_TEXT = ['platform', 'distro', 'release', 'kernel', 'arch'] as const;
const RUNTIME_TEXT = ['node', 'v8', 'openssl'] as const;

function checkCpu(f: ResultFields, value: unknown, at: string): void {
  const cpu = f.record(value, at);
  for (const k of CPU_TEXT) f.string(cpu[k], `${at}.${k}`);
  for (const k of CPU_COUNTS) f.finite(cpu[k], `${at}.${k}`);
  for (const k of CPU_IDENTITY) f.optional(cpu, k, at, f.text);
  for (const k of CPU_CLOCKS) f.optional(cpu, k, at, (v, field) => f.nullable(v, field, f.num));
  f.optional(cpu, 'cache', at, (v, field) => f.dictionary(v, field, (size, sizeAt) => f.nullable(size, sizeAt, f.num)));
  f.optional(cpu, 'flags', at, (v, field) => f.dictionary(v, field, (on, flagAt) => f.flag(on, flagAt)));
  f.optional(cpu, 'governor', at, (v, field) => f.nullable(v, field, f.text));
}

function checkLoad(f: ResultFields, value: unknown, at: string): void {
  const load = f.record(value, at);
  f.numbers(load.before, `${at}.before`);
  f.optional(load, 'after', at, (v, field) => f.numbers(v, field));
}

export function checkSystem(f: ResultFields, value: unknown): RecordedSystem {
  const s = f.record(value, 'system');
  f.string(s.fingerprint, 'system.fingerprint');
  f.string(s.hostname, 'system.hostname');
  f.flag(s.hostnameAnonymized, 'system.hostnameAnonymized');
  checkCpu(f, s.cpu, 'system.cpu');
  f.finite(f.record(s.memory, 'system.memory').totalBytes, 'system.memory.totalBytes');
  const os = f.record(s.os, 'system.os');
  for (const k of OS_TEXT) f.string(os[k], `system.os.${k}`);
  f.optional(s, 'virtualization', 'system', (v, at) => {
    const virt = f.record(v, at);
    f.flag(virt.virtual, `${at}.virtual`);
    f.nullable(virt.host, `${at}.host`, f.text);
  });
  f.optional(s, 'cgroup', 'system', (v, at) => f.nullable(f.record(v, at).cpuQuota, `${at}.cpuQuota`, f.text));
  const runtime = f.record(s.runtime, 'system.runtime');
  for (const k of RUNTIME_TEXT) f.string(runtime[k], `system.runtime.${k}`);
  f.dictionary(s.libraries, 'system.libraries', f.text);
  f.nullable(s.git, 'system.git', (v, at) => {
    const git = f.record(v, at);
    f.string(git.commit, `${at}.commit`);
    f.flag(git.dirty, `${at}.dirty`);
  });
  checkLoad(f, s.load, 'system.load');
  return value as RecordedSystem;
}
