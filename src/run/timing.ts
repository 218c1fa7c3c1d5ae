/** Waiting on a case: against the run's stop signal, a per-case timeout, and workers that never return. */

/**
 * A worker blocked in a system call (a read that never returns) cannot be terminated, and waiting
 * for it would hold back the result file and the exit: wait at most this long.
 */
const STOP_WAIT_MS = 1000;

/** The promise's value, or undefined if it takes longer than `waitMs` (default STOP_WAIT_MS). */
export async function bounded<T>(p: Promise<T>, waitMs = STOP_WAIT_MS): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The case's outcome, or 'aborted' when the run is interrupted first, or 'timeout' after `timeoutMs`. */
export async function settle<T>(
  running: Promise<T>,
  abortP: Promise<'aborted'>,
  timeoutMs: number | undefined,
): Promise<T | 'aborted' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeoutP = new Promise<'timeout'>((resolve) => {
    if (timeoutMs !== undefined) timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return await Promise.race([running, abortP, timeoutP]);
  } finally {
    clearTimeout(timer);
  }
}

/** 1.5, 30, 0.25: seconds as given, without trailing zeros. */
export function seconds(ms: number): string {
  return String(+(ms / 1000).toFixed(3));
}
