/**
 * Profiles as files: `profiles/<id>.json` bundled with chainmark, or a user's own file. Each is
 * checked field by field as scenarios are; an error names the file, the field and the value.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError, shown } from '../core/errors.js';
import { Fields } from '../core/fields.js';
import { readJsonFile } from '../core/json-file.js';
import { PACKAGE_ROOT } from '../system/packages.js';
import { MEASURE_DIMENSION, UNITS, unitsOf } from './units.js';
import {
  COMPARISONS,
  MEASURES,
  type Profile,
  type Requirement,
  type RequirementSource,
} from '../results/qualification.js';

export const PROFILES_DIR = join(PACKAGE_ROOT, 'profiles');

const PROFILE_FIELDS = ['profile', 'name', 'description', 'requirements'] as const;
const REQUIREMENT_FIELDS = [
  'id',
  'title',
  'measure',
  'flag',
  'comparison',
  'recommended',
  'threshold',
  'unit',
  'grade',
  'source',
  'note',
] as const;
const SOURCE_FIELDS = ['document', 'url', 'date'] as const;

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const PROFILE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const FLAG = /^[a-z0-9_]{1,32}$/;
const DATE = /^\d{4}-\d{2}(-\d{2})?$/;
/** One line of printable text: shown in terminals, tables and HTML (escaped there too). */
// eslint-disable-next-line no-control-regex -- the point is to refuse control characters
const LINE = /^[^\u0000-\u001f\u007f]+$/;

function text(f: Fields, value: unknown, field: string, max = 300): string {
  const s = f.string(value, field, LINE, `one line of text (1–${max} characters, no control characters)`);
  if (s.length > max) f.fail(field, `must be at most ${max} characters, got ${s.length}`);
  return s;
}

function source(f: Fields, value: unknown, field: string): RequirementSource {
  const o = f.object(value, field, SOURCE_FIELDS);
  const url = f.string(o.url, `${field}.url`, /^https?:\/\/[^\s]{1,500}$/, 'an http(s) URL');
  return {
    document: text(f, o.document, `${field}.document`),
    url,
    date: f.string(o.date, `${field}.date`, DATE, 'a date YYYY-MM or YYYY-MM-DD'),
  };
}

/** One requirement, checked field by field (also what a result file recorded of it). */
export function requirement(f: Fields, value: unknown, field: string): Requirement {
  const o = f.object(value, field, REQUIREMENT_FIELDS);
  const id = f.string(o.id, `${field}.id`, ID, 'letters, digits, ".", "-" or "_" (at most 64)');
  const measure = f.oneOf(o.measure, `${field}.measure`, MEASURES);
  const comparison = f.oneOf(o.comparison, `${field}.comparison`, COMPARISONS);
  const out: Requirement = {
    id,
    title: text(f, o.title, `${field}.title`),
    measure,
    comparison,
    source: source(f, o.source, `${field}.source`),
  };
  const flagMeasure = measure === 'cpu-flag';
  if (flagMeasure) out.flag = f.string(o.flag, `${field}.flag`, FLAG, 'a CPU flag as /proc/cpuinfo spells it');
  else if (o.flag !== undefined) f.fail(`${field}.flag`, `is only for measure "cpu-flag", not ${shown(measure)}`);
  if (flagMeasure !== (comparison === 'present'))
    f.fail(
      `${field}.comparison`,
      flagMeasure
        ? `must be "present" for a CPU flag, got ${shown(comparison)}`
        : `"present" is only for measure "cpu-flag", not ${shown(measure)}`,
    );
  if (comparison === 'present') {
    for (const k of ['threshold', 'unit'] as const)
      if (o[k] !== undefined) f.fail(`${field}.${k}`, 'is not used by a "present" requirement');
  } else {
    out.threshold = f.number(o.threshold, `${field}.threshold`, 0, Number.MAX_VALUE, true);
    const dimension = MEASURE_DIMENSION[measure];
    const units = unitsOf(dimension);
    const unit = f.oneOf(o.unit, `${field}.unit`, Object.keys(UNITS));
    if (!units.includes(unit))
      f.fail(
        `${field}.unit`,
        `must be a unit of ${dimension} for measure "${measure}" (${units.join(', ')}), got ${shown(unit)}`,
      );
    out.unit = unit;
  }
  if (o.recommended !== undefined) {
    if (typeof o.recommended !== 'boolean')
      f.fail(`${field}.recommended`, `must be true or false, got ${shown(o.recommended)}`);
    if (o.recommended) out.recommended = true;
  }
  if (o.grade !== undefined) out.grade = f.oneOf(o.grade, `${field}.grade`, ['native'] as const);
  if (o.note !== undefined) out.note = text(f, o.note, `${field}.note`, 1000);
  return out;
}

/** A profile from parsed JSON; `file` names it in errors. */
export function validateProfile(raw: unknown, file: string): Profile {
  const f = new Fields(file);
  const o = f.object(raw, '', PROFILE_FIELDS);
  const profile: Profile = {
    profile: f.string(o.profile, 'profile', PROFILE_ID, 'letters, digits, "-" or "_" (at most 64)'),
    name: text(f, o.name, 'name', 120),
    requirements: f.list(o.requirements, 'requirements', (v, field) => requirement(f, v, field), 200),
  };
  if (o.description !== undefined) profile.description = text(f, o.description, 'description', 1000);
  const ids = new Set<string>();
  profile.requirements.forEach((r, i) => {
    if (ids.has(r.id)) f.fail(`requirements[${i}].id`, `repeats ${shown(r.id)}`);
    ids.add(r.id);
  });
  return profile;
}

export interface LoadedProfile {
  profile: Profile;
  /** Where it was read from, as the user named it or as bundled (`profiles/solana.json`). */
  file: string;
}

export function loadProfileFile(file: string): LoadedProfile {
  return { profile: validateProfile(readJsonFile(file), file), file };
}

/** The ids of the bundled profiles, sorted. */
export function bundledProfileIds(): string[] {
  if (!existsSync(PROFILES_DIR)) return [];
  return readdirSync(PROFILES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}

/** A bundled profile by id; an unknown id is an error that lists the known ones. */
export function loadBundledProfile(id: string, field: string, file: string): LoadedProfile {
  const known = bundledProfileIds();
  if (!known.includes(id))
    throw new InputError(
      file,
      field,
      `names no bundled profile: ${shown(id)} (bundled: ${known.join(', ') || 'none'})`,
    );
  const loaded = loadProfileFile(join(PROFILES_DIR, `${id}.json`));
  if (loaded.profile.profile !== id)
    throw new InputError(
      loaded.file,
      'profile',
      `must be the file's name ${shown(id)}, got ${shown(loaded.profile.profile)}`,
    );
  return { ...loaded, file: `profiles/${id}.json` };
}
