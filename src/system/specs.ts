import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, hostname as osHostname, loadavg } from 'node:os';
import si from 'systeminformation';
import { PACKAGE_ROOT } from './packages.js';

/** CPU flags that change crypto speed: SHA extensions, wide vectors, carry-less/ADX big-int help. */
export const CRYPTO_FLAGS = [
  'sha_ni',
  'avx',
  'avx2',
  'avx512f',
  'avx512ifma',
  'vaes',
  'adx',
  'bmi2',
  'aes',
  'pclmulqdq',
  // Galois-field instructions: named by validator profiles, and used by some hash and erasure-coding code.
  'gfni',
] as const;

export interface SystemSpecs {
  /** Hash of the stable hardware fields: equal on the same machine, different across machines. */
  fingerprint: string;
  hostname: string;
  hostnameAnonymized: boolean;
  cpu: {
    manufacturer: string;
    brand: string;
    family: string;
    model: string;
    stepping: string;
    physicalCores: number;
    logicalCores: number;
    /** What Node may use (os.availableParallelism: cgroup- and affinity-aware). */
    availableParallelism: number;
    baseMHz: number | null;
    maxMHz: number | null;
    cache: Record<string, number | null>;
    flags: Record<(typeof CRYPTO_FLAGS)[number], boolean>;
    governor: string | null;
  };
  memory: { totalBytes: number };
  os: { platform: string; distro: string; release: string; kernel: string; arch: string };
  virtualization: { virtual: boolean; host: string | null };
  cgroup: { cpuQuota: string | null };
  runtime: { node: string; v8: string; openssl: string };
  libraries: Record<string, string>;
  git: { commit: string; dirty: boolean } | null;
  load: { before: number[]; after?: number[] };
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** cgroup v2 `cpu.max` ("max 100000" = no limit) or v1 quota/period; null where unreadable. */
function cgroupQuota(): string | null {
  const v2 = readText('/sys/fs/cgroup/cpu.max');
  if (v2) return v2;
  const q = readText('/sys/fs/cgroup/cpu/cpu.cfs_quota_us');
  const p = readText('/sys/fs/cgroup/cpu/cpu.cfs_period_us');
  return q && p ? `${q} ${p}` : null;
}

function gitState(): SystemSpecs['git'] {
  try {
    const opts = {
      cwd: PACKAGE_ROOT,
      stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    };
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], opts).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], opts).toString().trim() !== '';
    return { commit, dirty };
  } catch {
    return null;
  }
}

const mhz = (ghz: number | undefined): number | null => (ghz ? Math.round(ghz * 1000) : null);

/** The kernel's current clock of CPU 0 (/proc/cpuinfo "cpu MHz"), used when no base clock is reported. */
function cpuinfoMHz(): number | null {
  const m = /^cpu MHz\s*:\s*([\d.]+)/m.exec(readText('/proc/cpuinfo') ?? '');
  return m ? Math.round(Number(m[1])) : null;
}

/** Cache sizes from sysfs where systeminformation reports none (common in VMs). */
function sysfsCache(): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (let i = 0; i < 8; i++) {
    const dir = `/sys/devices/system/cpu/cpu0/cache/index${i}`;
    const level = readText(`${dir}/level`);
    const type = readText(`${dir}/type`);
    const size = /^(\d+)K$/.exec(readText(`${dir}/size`) ?? '');
    if (!level || !type || !size) continue;
    const key = `l${level}${type === 'Data' ? 'd' : type === 'Instruction' ? 'i' : ''}`;
    out[key] = Number(size[1]) * 1024;
  }
  return out;
}
const bytes = (x: number | string | undefined): number | null => (typeof x === 'number' && x > 0 ? x : null);

export function hashHostname(name: string): string {
  return 'host-' + createHash('sha256').update(name).digest('hex').slice(0, 12);
}

export async function collectSpecs(
  opts: { anonymize?: boolean; libraries?: Record<string, string> } = {},
): Promise<SystemSpecs> {
  const [cpu, flagText, mem, os, sys] = await Promise.all([
    si.cpu(),
    si.cpuFlags(),
    si.mem(),
    si.osInfo(),
    si.system(),
  ]);
  const flagSet = new Set(flagText.split(/\s+/));
  const flags = Object.fromEntries(CRYPTO_FLAGS.map((f) => [f, flagSet.has(f)])) as SystemSpecs['cpu']['flags'];
  const host = osHostname();
  const specs: SystemSpecs = {
    fingerprint: '',
    hostname: opts.anonymize ? hashHostname(host) : host,
    hostnameAnonymized: Boolean(opts.anonymize),
    cpu: {
      manufacturer: cpu.manufacturer,
      brand: cpu.brand,
      family: cpu.family,
      model: cpu.model,
      stepping: cpu.stepping,
      physicalCores: cpu.physicalCores,
      logicalCores: cpu.cores,
      availableParallelism: availableParallelism(),
      baseMHz: mhz(cpu.speed) ?? cpuinfoMHz(),
      maxMHz: mhz(cpu.speedMax),
      cache: {
        l1d: bytes(cpu.cache.l1d),
        l1i: bytes(cpu.cache.l1i),
        l2: bytes(cpu.cache.l2),
        l3: bytes(cpu.cache.l3),
        ...sysfsCache(),
      },
      flags,
      governor: readText('/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor') ?? (cpu.governor || null),
    },
    memory: { totalBytes: mem.total },
    os: { platform: os.platform, distro: os.distro, release: os.release, kernel: os.kernel, arch: os.arch },
    virtualization: {
      virtual: Boolean(sys.virtual),
      host: sys.virtualHost || (sys.model && /docker|kvm|vmware|virtual/i.test(sys.model) ? sys.model : null),
    },
    cgroup: { cpuQuota: cgroupQuota() },
    runtime: { node: process.versions.node, v8: process.versions.v8, openssl: process.versions.openssl ?? 'none' },
    libraries: opts.libraries ?? {},
    git: gitState(),
    load: { before: loadavg() },
  };
  // Stable hardware fields only: no hostname, load, versions or git state.
  const stable = [
    specs.cpu.manufacturer,
    specs.cpu.brand,
    specs.cpu.family,
    specs.cpu.model,
    specs.cpu.stepping,
    specs.cpu.physicalCores,
    specs.cpu.logicalCores,
    flagText,
    specs.memory.totalBytes,
    specs.os.arch,
    specs.virtualization.host ?? '',
    readText('/etc/machine-id') ?? host,
  ].join('|');
  specs.fingerprint = createHash('sha256').update(stable).digest('hex').slice(0, 16);
  return specs;
}
