/**
 * What the host says about itself, for the requirements that are facts rather than speeds: cores,
 * clocks, CPU flags, memory. Each fact is read from two places where there are two, and a
 * disagreement is a failed check rather than a figure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import si from 'systeminformation';

export interface HostFacts {
  physicalCores: number;
  logicalCores: number;
  /** Base and maximum clock, Hz; null where the host does not say (virtual machines often hide them). */
  baseHz: number | null;
  maxHz: number | null;
  /** Every CPU flag, as /proc/cpuinfo spells them (or systeminformation elsewhere). */
  flags: Set<string>;
  flagSource: string;
  /** What the kernel can use (MemTotal). */
  memoryBytes: number;
  /**
   * Memory the kernel has online, in hot-plug blocks (/sys/devices/system/memory): the installed
   * size less firmware holes, which MemTotal undercounts by the kernel's own reservations.
   */
  onlineMemoryBytes: number | null;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The `flags` line of /proc/cpuinfo (x86) or `Features` (Arm), as a set; null where there is none. */
export function cpuinfoFlags(text: string | null): Set<string> | null {
  const line = text?.split('\n').find((l) => /^(flags|Features)\s*:/.test(l));
  return line ? new Set(line.split(':')[1]!.trim().split(/\s+/).filter(Boolean)) : null;
}

/** Online memory: block size (hex bytes) × blocks whose `online` is 1. */
function onlineMemory(): number | null {
  const dir = '/sys/devices/system/memory';
  const size = readText(`${dir}/block_size_bytes`);
  if (!size) return null;
  const blockBytes = parseInt(size.trim(), 16);
  if (!(blockBytes > 0)) return null;
  let online = 0;
  for (const name of readdirSync(dir)) {
    if (!/^memory\d+$/.test(name)) continue;
    if (readText(`${dir}/${name}/online`)?.trim() === '1') online++;
  }
  return online > 0 ? online * blockBytes : null;
}

const hz = (ghz: number | undefined): number | null => (ghz && ghz > 0 ? ghz * 1e9 : null);

export async function hostFacts(): Promise<HostFacts> {
  const [cpu, flagText] = await Promise.all([si.cpu(), si.cpuFlags()]);
  const fromCpuinfo = cpuinfoFlags(readText('/proc/cpuinfo'));
  return {
    physicalCores: cpu.physicalCores,
    logicalCores: cpu.cores,
    baseHz: hz(cpu.speed),
    maxHz: hz(cpu.speedMax),
    flags: fromCpuinfo ?? new Set(flagText.split(/\s+/).filter(Boolean)),
    flagSource: fromCpuinfo ? '/proc/cpuinfo' : 'systeminformation',
    memoryBytes: totalmem(),
    onlineMemoryBytes: onlineMemory(),
  };
}

/** Consistency of the facts; null when they hold together, else what does not. */
export function checkHostFacts(
  f: HostFacts,
  osLogical = cpus().length,
  parallelism = availableParallelism(),
): string | null {
  if (!(f.physicalCores >= 1)) return `physical cores reported as ${f.physicalCores}`;
  if (f.logicalCores < f.physicalCores)
    return `fewer logical cores (${f.logicalCores}) than physical ones (${f.physicalCores})`;
  if (f.logicalCores !== osLogical)
    return `systeminformation reports ${f.logicalCores} logical cores, the operating system ${osLogical}`;
  if (parallelism > f.logicalCores) return `Node may use ${parallelism} threads on ${f.logicalCores} logical cores`;
  if (f.baseHz !== null && f.maxHz !== null && f.maxHz < f.baseHz)
    return `maximum clock ${f.maxHz / 1e6} MHz below the base clock ${f.baseHz / 1e6} MHz`;
  if (!(f.memoryBytes > 0)) return `total memory reported as ${f.memoryBytes} bytes`;
  if (f.onlineMemoryBytes !== null && f.onlineMemoryBytes < f.memoryBytes)
    return `online memory (${f.onlineMemoryBytes} bytes) below what the kernel can use (${f.memoryBytes} bytes)`;
  return null;
}
