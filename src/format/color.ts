import pc from 'picocolors';

/** The part of a stream that decides colour: `process.stdout`, `process.stderr` or a stand-in. */
export interface ColorStream {
  isTTY?: boolean;
}

/**
 * Whether output written to `stream` should be coloured: never when `NO_COLOR` is set to a
 * non-empty value (https://no-color.org); else as `FORCE_COLOR` says when it is set (`0` or
 * `false` off, anything else on); else only for a terminal. Every colour decision in chainmark
 * goes through here.
 */
export function useColor(stream: ColorStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return stream.isTTY === true;
}

/** Colour functions that colour only when `enabled` (picocolors' own detection is bypassed). */
export type Palette = ReturnType<typeof pc.createColors>;

export function palette(enabled: boolean): Palette {
  return pc.createColors(enabled);
}
