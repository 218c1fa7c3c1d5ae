import { collectSpecs, type SystemSpecs } from '../system/specs.js';
import { BUILTIN_BACKENDS } from '../workloads/backends/index.js';
import { packageVersion } from '../system/packages.js';
import { renderTable } from '../format/table.js';

export async function sysinfo(anonymize: boolean): Promise<SystemSpecs> {
  const libraries: Record<string, string> = {
    tinybench: packageVersion('tinybench'),
    piscina: packageVersion('piscina'),
  };
  for (const b of BUILTIN_BACKENDS) Object.assign(libraries, b.libraries());
  return collectSpecs({ anonymize, libraries });
}

const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;

export function renderSpecs(s: SystemSpecs): string {
  const flags = Object.entries(s.cpu.flags)
    .map(([f, on]) => (on ? f : `-${f}`))
    .join(' ');
  const cache = Object.entries(s.cpu.cache)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k} ${Math.round(v! / 1024)} KiB`)
    .join(', ');
  const rows: [string, string][] = [
    ['host', `${s.hostname} (fingerprint ${s.fingerprint})`],
    [
      'cpu',
      `${s.cpu.manufacturer} ${s.cpu.brand} (family ${s.cpu.family}, model ${s.cpu.model}, stepping ${s.cpu.stepping})`,
    ],
    [
      'cores',
      `${s.cpu.physicalCores} physical, ${s.cpu.logicalCores} logical, ${s.cpu.availableParallelism} available to Node`,
    ],
    [
      'clock',
      `${s.cpu.baseMHz ?? '?'} MHz base, ${s.cpu.maxMHz ?? '?'} MHz max; governor ${s.cpu.governor ?? 'unreadable'}`,
    ],
    ['cache', cache || 'not reported'],
    ['crypto flags', flags],
    ['memory', gib(s.memory.totalBytes)],
    ['os', `${s.os.distro} ${s.os.release}, kernel ${s.os.kernel}, ${s.os.platform}/${s.os.arch}`],
    [
      'virtualization',
      s.virtualization.virtual || s.virtualization.host
        ? `yes (${s.virtualization.host ?? 'unknown host'})`
        : 'none detected',
    ],
    ['cgroup cpu quota', s.cgroup.cpuQuota ?? 'unreadable'],
    ['runtime', `Node ${s.runtime.node}, V8 ${s.runtime.v8}, OpenSSL ${s.runtime.openssl}`],
    [
      'libraries',
      Object.entries(s.libraries)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ],
    ['git', s.git ? `${s.git.commit.slice(0, 12)}${s.git.dirty ? ' (dirty)' : ''}` : 'not a checkout'],
    ['load average', s.load.before.map((x) => x.toFixed(2)).join(' ')],
  ];
  return renderTable([{ header: 'field' }, { header: 'value' }], rows);
}
