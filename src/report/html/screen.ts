/**
 * A last check on chart SVG before it is inlined unescaped. Vega escapes the text it draws, so
 * this never fires on data; it exists so that a change in Vega (or a spec drawing an image or a
 * link) cannot carry script or a fetch into a page that promises neither.
 */

/** Elements Vega's SVG renderer writes for the marks chainmark's specs use. */
const ALLOWED = new Set([
  'svg',
  'g',
  'path',
  'rect',
  'line',
  'text',
  'tspan',
  'defs',
  'clippath',
  'lineargradient',
  'radialgradient',
  'stop',
  'title',
  'desc',
  'circle',
]);

// A start or end tag; attribute values may hold '>' only inside quotes, and escaped text holds no '<'.
const TAG = /<(\/?)([A-Za-z][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s=/]+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?/g;

/** Why `svg` must not be inlined, or null when it is only drawing. */
export function activeContent(svg: string): string | null {
  if (/<!|<\?/.test(svg)) return 'a declaration or processing instruction';
  for (const tag of svg.matchAll(TAG)) {
    const name = tag[2]!.toLowerCase();
    if (!ALLOWED.has(name)) return `a <${tag[2]}> element`;
    for (const attr of tag[3]!.matchAll(ATTRIBUTE)) {
      const key = attr[1]!.toLowerCase();
      const value = (attr[2] ?? '').replace(/^["']|["']$/g, '').trim();
      if (key.startsWith('on')) return `an event handler (${key})`;
      if ((key === 'href' || key.endsWith(':href') || key === 'src') && !value.startsWith('#'))
        return `a link out of the page (${key})`;
      if (key === 'style' && /url\s*\(|@import|expression\s*\(/i.test(value)) return 'a style that loads something';
      if (/url\s*\(\s*["']?(?!#)/i.test(value)) return `a reference out of the page (${key})`;
    }
  }
  return null;
}
