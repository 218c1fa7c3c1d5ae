/**
 * A qualification entry of a scenario (`{"profiles": ["solana"], "profileFiles": [...], "disk": {...}}`,
 * what `chainmark qualify` builds from its flags) and its planned cases: one per requirement of
 * each profile, `qualify/<profile>/<requirement>`.
 */
import { shown } from '../core/errors.js';
import type { Fields } from '../core/fields.js';
import { LIMITS, timing } from '../scenario/validate.js';
import type { ExpandContext, PlannedCaseBase, RebuildContext, ValidateContext } from '../scenario/kind.js';
import type { Requirement } from '../results/qualification.js';
import { loadBundledProfile, loadProfileFile, requirement, type LoadedProfile } from './profile.js';
import { copyThreads, sourceOf } from './measures.js';
import { isDiskMeasure, resolveDiskSettings, type DiskInput, type DiskSettings } from './disk.js';

export interface QualificationInput {
  profiles: LoadedProfile[];
  disk?: DiskInput;
  timeMs?: number;
  warmupMs?: number;
  repeat?: number;
  thresholdPct?: number;
}

export interface PlannedQualificationCase extends PlannedCaseBase {
  kind: 'qualification';
  profile: { id: string; name: string; file: string };
  requirement: Requirement;
  timeMs: number;
  warmupMs: number;
  repeat: number;
  /** Disk measures only. */
  disk?: DiskSettings;
}

const ENTRY_FIELDS = ['profiles', 'profileFiles', 'disk', 'timeMs', 'warmupMs', 'repeat', 'thresholdPct'] as const;
const DISK_FIELDS = ['dir', 'sizeBytes', 'seconds'] as const;

/** Timing of the primitive measurements when neither the entry nor the scenario sets it. */
export const QUALIFY_TIMING = { timeMs: 200, warmupMs: 200, repeat: 5 } as const;

export function claimsQualification(entry: object): boolean {
  return 'profiles' in entry || 'profileFiles' in entry;
}

function diskInput(c: Fields, value: unknown, field: string): DiskInput {
  const o = c.object(value, field, DISK_FIELDS);
  const out: DiskInput = {};
  if (o.dir !== undefined) out.dir = c.string(o.dir, `${field}.dir`, /^[^\0]{1,4096}$/, 'a directory path');
  if (o.sizeBytes !== undefined) out.sizeBytes = c.int(o.sizeBytes, `${field}.sizeBytes`, 1, Number.MAX_SAFE_INTEGER);
  if (o.seconds !== undefined) out.seconds = c.number(o.seconds, `${field}.seconds`, 0, 600, true);
  return out;
}

export function validateQualification(raw: unknown, field: string, ctx: ValidateContext): QualificationInput {
  const c = ctx.fields;
  const o = c.object(raw, field, ENTRY_FIELDS);
  const profiles: LoadedProfile[] = [];
  const bundled = c.optional(o, 'profiles', field, (v, f) =>
    c.list(v, f, (id, at) => c.string(id, at, /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'a bundled profile id'), 100),
  );
  bundled?.forEach((id, i) => profiles.push(loadBundledProfile(id, `${field}.profiles[${i}]`, c.file)));
  const files = c.optional(o, 'profileFiles', field, (v, f) => c.list(v, f, (p, at) => c.string(p, at), 100));
  for (const file of files ?? []) profiles.push(loadProfileFile(file));
  if (profiles.length === 0) c.fail(`${field}.profiles`, 'must name at least one profile');
  const seen = new Map<string, string>();
  for (const p of profiles) {
    const before = seen.get(p.profile.profile);
    if (before) c.fail(`${field}.profiles`, `name profile ${shown(p.profile.profile)} twice (${before} and ${p.file})`);
    seen.set(p.profile.profile, p.file);
  }
  const out: QualificationInput = { profiles, ...timing(c, o, field) };
  const disk = c.optional(o, 'disk', field, (v, f) => diskInput(c, v, f));
  if (disk) out.disk = disk;
  if (o.thresholdPct !== undefined) out.thresholdPct = c.number(o.thresholdPct, `${field}.thresholdPct`, 0, 1000, true);
  return out;
}

export function expandQualification(
  input: QualificationInput,
  ctx: ExpandContext<QualificationInput>,
): PlannedQualificationCase[] {
  const { over, scenario: s } = ctx;
  const settings = {
    timeMs: over.timeMs ?? input.timeMs ?? s.timeMs ?? QUALIFY_TIMING.timeMs,
    warmupMs: over.warmupMs ?? input.warmupMs ?? s.warmupMs ?? QUALIFY_TIMING.warmupMs,
    repeat: over.repeat ?? input.repeat ?? s.repeat ?? QUALIFY_TIMING.repeat,
  };
  const needsDisk = input.profiles.some((p) => p.profile.requirements.some((r) => isDiskMeasure(r.measure)));
  const disk = needsDisk ? resolveDiskSettings(input.disk ?? {}, ctx.file, `cases[${ctx.index}].disk`) : undefined;
  const out: PlannedQualificationCase[] = [];
  for (const { profile, file } of input.profiles) {
    for (const r of profile.requirements) {
      out.push({
        id: `qualify/${profile.profile}/${r.id}`,
        kind: 'qualification',
        threads: copyThreads(r.measure),
        profile: { id: profile.profile, name: profile.name, file },
        requirement: r,
        ...settings,
        ...(disk && isDiskMeasure(r.measure) ? { disk } : {}),
        ...(input.thresholdPct !== undefined ? { thresholdPct: input.thresholdPct } : {}),
      });
    }
  }
  return out;
}

/** The head every result of the case records, whatever its status. */
export function qualificationHead(c: PlannedQualificationCase) {
  return {
    id: c.id,
    kind: 'qualification' as const,
    op: 'qualify' as const,
    algorithm: c.requirement.measure,
    backend: sourceOf(c.requirement.measure),
    params: {},
    threads: c.threads,
    profile: c.profile,
    requirement: c.requirement,
    settings: {
      timeMs: c.timeMs,
      warmupMs: c.warmupMs,
      repeat: c.repeat,
      ...(c.disk ? { disk: c.disk } : {}),
    },
    ...(c.thresholdPct !== undefined ? { thresholdPct: c.thresholdPct } : {}),
  };
}

export function rebuildQualification(
  raw: Readonly<Record<string, unknown>>,
  at: string,
  ctx: RebuildContext,
): PlannedQualificationCase {
  const c = ctx.fields;
  const r = requirement(c, raw.requirement, `${at}.requirement`);
  const p = c.object(raw.profile, `${at}.profile`, ['id', 'name', 'file']);
  const profile = {
    id: c.string(p.id, `${at}.profile.id`, /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'a profile id'),
    name: c.string(p.name, `${at}.profile.name`),
    file: c.string(p.file, `${at}.profile.file`),
  };
  const settings = c.object(raw.settings, `${at}.settings`, ['timeMs', 'warmupMs', 'repeat', 'disk']);
  const disk =
    settings.disk === undefined
      ? undefined
      : (() => {
          const d = c.object(settings.disk, `${at}.settings.disk`, DISK_FIELDS);
          return {
            dir: c.string(d.dir, `${at}.settings.disk.dir`),
            sizeBytes: c.int(d.sizeBytes, `${at}.settings.disk.sizeBytes`, 1, Number.MAX_SAFE_INTEGER),
            seconds: c.number(d.seconds, `${at}.settings.disk.seconds`, 0, 600, true),
          };
        })();
  const thresholdPct =
    raw.thresholdPct === undefined ? undefined : c.number(raw.thresholdPct, `${at}.thresholdPct`, 0, 1000, true);
  return {
    id: `qualify/${profile.id}/${r.id}`,
    kind: 'qualification',
    threads: copyThreads(r.measure),
    profile,
    requirement: r,
    timeMs: c.int(settings.timeMs, `${at}.settings.timeMs`, 1, LIMITS.timeMs),
    warmupMs: c.int(settings.warmupMs, `${at}.settings.warmupMs`, 0, LIMITS.warmupMs),
    repeat: c.int(settings.repeat, `${at}.settings.repeat`, 1, LIMITS.repeat),
    ...(disk ? { disk } : {}),
    ...(thresholdPct !== undefined ? { thresholdPct } : {}),
  };
}
