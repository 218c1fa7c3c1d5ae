/**
 * Vega-Lite spec → SVG text, headless: vega-lite compiles the spec to Vega, and a Vega View with
 * no renderer (`renderer: 'none'`) draws it with `toSVG()`. Without node-canvas (a native module
 * chainmark does not depend on) Vega estimates text widths from character counts, which only
 * affects label spacing. Vega escapes every string it writes into the SVG, text and attributes
 * alike; screen.ts checks that nothing active slipped through anyway.
 */
import type * as VegaModule from 'vega';
import type * as VegaLiteModule from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { activeContent } from './screen.js';

type Vega = typeof VegaModule;
type VegaLite = typeof VegaLiteModule;

let engines: Promise<{ vega: Vega; vegaLite: VegaLite }> | undefined;

/** Loaded on first use, so commands that draw no chart never pay for importing Vega. */
function loadEngines(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  engines ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => ({ vega, vegaLite }));
  return engines;
}

/** What Vega and Vega-Lite would otherwise print to the console, collected instead. */
interface Collector {
  messages: string[];
  level(level?: number): number | Collector;
  error(...args: readonly unknown[]): Collector;
  warn(...args: readonly unknown[]): Collector;
  info(...args: readonly unknown[]): Collector;
  debug(...args: readonly unknown[]): Collector;
}

// Plain closures, not methods: Vega calls the logger's functions detached from the object.
function collector(): Collector {
  const messages: string[] = [];
  let current = 0;
  const self: Collector = {
    messages,
    level: (level?: number) => {
      if (level === undefined) return current;
      current = level;
      return self;
    },
    error: (...args) => (messages.push(`error: ${args.map(String).join(' ')}`), self),
    warn: (...args) => (messages.push(`warning: ${args.map(String).join(' ')}`), self),
    info: () => self,
    debug: () => self,
  };
  return self;
}

export interface RenderedChart {
  svg: string;
  /** Warnings and errors Vega-Lite and Vega reported while compiling and drawing. */
  messages: string[];
}

export async function renderSvg(spec: TopLevelSpec): Promise<RenderedChart> {
  const { vega, vegaLite } = await loadEngines();
  const logger = collector();
  const compiled = vegaLite.compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger, logLevel: vega.Warn });
  try {
    const svg = await view.toSVG();
    const active = activeContent(svg);
    if (active) throw new Error(`chart SVG carries ${active}; refusing to inline it`);
    return { svg, messages: logger.messages };
  } finally {
    view.finalize();
  }
}
