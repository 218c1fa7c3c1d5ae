import { createRequire } from 'node:module';
import { packageVersion } from '../../system/packages.js';
import type { Backend, Unsupported } from '../types.js';

const requireFrom = createRequire(import.meta.url);

export type Optional<T> = { ok: true; mod: T; version: string } | { ok: false; reason: string };

/**
 * Load an optional dependency (a native addon or a WebAssembly package) without letting its
 * absence break anything: a missing module, a missing prebuilt binary for this platform or an
 * addon built for another Node ABI all come back as a reason, which becomes `skipped` cases.
 */
export function loadOptional<T>(name: string): Optional<T> {
  try {
    return { ok: true, mod: requireFrom(name) as T, version: packageVersion(name) };
  } catch (err) {
    const first = String((err as Error).message ?? err).split('\n')[0];
    return { ok: false, reason: `optional dependency ${name} could not be loaded (${first})` };
  }
}

/** A backend whose library is not available: every algorithm reports why. */
export function unavailableBackend(name: string, description: string, reason: string): Backend {
  const no: Unsupported = { unsupported: reason };
  return {
    name,
    description: `${description} (unavailable)`,
    unavailable: reason,
    libraries: () => ({}),
    hash: () => no,
    signature: () => no,
    bls: () => no,
  };
}

/** "blst has no X": the reason a capable library still skips an algorithm it does not cover. */
export const lacks = (library: string, what: string): Unsupported => ({ unsupported: `${library} has no ${what}` });
