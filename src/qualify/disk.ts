// placeholder replaced below
export interface DiskSettings { dir: string; sizeBytes: number; seconds: number }
export type DiskFigures = { unavailable: string };
import type { Requirement } from '../results/qualification.js';
export async function measureDisk(_r: Requirement, _ctx: unknown, _s: unknown): Promise<DiskFigures> { return { unavailable: 'todo' }; }
export type DiskInput = { dir?: string; sizeBytes?: number; seconds?: number };
export function isDiskMeasure(m: string): boolean { return m.startsWith('disk-'); }
export function resolveDiskSettings(i: DiskInput, _f: string, _field: string): DiskSettings { return { dir: i.dir ?? 'results', sizeBytes: i.sizeBytes ?? 1 << 30, seconds: i.seconds ?? 8 }; }
export function diskNominalMs(d: DiskSettings): number { return d.seconds * 1000; }
