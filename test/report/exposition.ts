/**
 * A strict reader of the OpenMetrics 1.0 text format, for tests only: it throws on the first line
 * that is not valid exposition, and returns what it read. It checks what chainmark's exporter
 * must get right: metadata before samples, families not interleaved, names and labels well
 * formed, label values escaped, float values, no duplicate series, `# EOF` last.
 */

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  type: string;
  unit?: string;
  help?: string;
}

export interface Exposition {
  families: Map<string, ParsedFamily>;
  samples: ParsedSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const FLOAT = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?Inf|NaN)$/;
const TYPES = new Set(['gauge', 'counter', 'stateset', 'info', 'histogram', 'gaugehistogram', 'summary', 'unknown']);

/** Read an escaped string up to its closing quote; returns the value and the index after the quote. */
function readQuoted(line: string, start: number, where: string, quoteEscape = true): [string, number] {
  if (line[start] !== '"') throw new Error(`${where}: expected '"' at column ${start}`);
  let out = '';
  for (let i = start + 1; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"') return [out, i + 1];
    if (ch === '\\') {
      const next = line[++i];
      if (next === '\\') out += '\\';
      else if (next === '"' && quoteEscape) out += '"';
      else if (next === 'n') out += '\n';
      else throw new Error(`${where}: invalid escape \\${next ?? ''}`);
    } else out += ch;
  }
  throw new Error(`${where}: unterminated label value`);
}

function parseSample(line: string, where: string): ParsedSample {
  const nameEnd = line.search(/[{ ]/);
  if (nameEnd <= 0) throw new Error(`${where}: no metric name`);
  const name = line.slice(0, nameEnd);
  if (!METRIC_NAME.test(name)) throw new Error(`${where}: invalid metric name ${name}`);
  const labels: Record<string, string> = {};
  let i = nameEnd;
  if (line[i] === '{') {
    i++;
    while (line[i] !== '}') {
      const eq = line.indexOf('=', i);
      if (eq < 0) throw new Error(`${where}: label without '='`);
      const label = line.slice(i, eq);
      if (!LABEL_NAME.test(label) || label.startsWith('__'))
        throw new Error(`${where}: invalid label name ${JSON.stringify(label)}`);
      if (label in labels) throw new Error(`${where}: label ${label} repeated`);
      const [value, after] = readQuoted(line, eq + 1, where);
      labels[label] = value;
      i = after;
      if (line[i] === ',') i++;
      else if (line[i] !== '}') throw new Error(`${where}: expected ',' or '}' at column ${i}`);
    }
    i++;
  }
  if (line[i] !== ' ') throw new Error(`${where}: expected one space before the value`);
  const rest = line.slice(i + 1).split(' ');
  if (rest.length > 2) throw new Error(`${where}: trailing text after the value`);
  if (!FLOAT.test(rest[0]!)) throw new Error(`${where}: value is not a float: ${JSON.stringify(rest[0])}`);
  if (rest.length === 2 && !FLOAT.test(rest[1]!)) throw new Error(`${where}: timestamp is not a number`);
  return { name, labels, value: Number(rest[0]!.replace(/Inf$/, 'Infinity')) };
}

/** The family a sample belongs to: its own name for gauges, the name without `_count` or `_sum` for a summary's totals. */
function familyOf(name: string, families: Map<string, ParsedFamily>): string | undefined {
  if (families.has(name)) return name;
  const base = name.replace(/_(?:count|sum)$/, '');
  return base !== name && families.get(base)?.type === 'summary' ? base : undefined;
}

/**
 * The spec's rules for a summary's samples: quantile samples carry a `quantile` label in [0, 1] and
 * a value that is not negative; `_count` and `_sum` carry none, are not negative, and a count is
 * an integer. Outside a summary no sample may carry a `quantile` label (what promtool lints too).
 */
function checkSummarySample(sample: ParsedSample, family: string, type: string, where: string): void {
  const q = sample.labels.quantile;
  if (type !== 'summary') {
    if (q !== undefined) throw new Error(`${where}: a ${type} sample with a quantile label`);
    return;
  }
  if (sample.name === family) {
    if (q === undefined) throw new Error(`${where}: summary sample without a quantile label`);
    const qv = Number(q);
    if (!/^(?:0|1)(?:\.\d+)?$/.test(q) || qv < 0 || qv > 1) throw new Error(`${where}: quantile ${q} is not in [0, 1]`);
  } else if (q !== undefined) throw new Error(`${where}: ${sample.name} with a quantile label`);
  if (sample.value < 0 || Number.isNaN(sample.value)) throw new Error(`${where}: negative or NaN summary value`);
  if (sample.name.endsWith('_count') && !Number.isInteger(sample.value))
    throw new Error(`${where}: count is not an integer`);
}

/** A 0.0.4 HELP text: `\\` and `\n` are its only escapes; any other (`\"`) is a parse error to Prometheus. */
function readHelp004(text: string, where: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') {
      out += text[i];
      continue;
    }
    const next = text[++i];
    if (next === '\\') out += '\\';
    else if (next === 'n') out += '\n';
    else throw new Error(`${where}: invalid escape \\${next ?? ''} in HELP`);
  }
  return out;
}

/**
 * `openmetrics` (default): OpenMetrics 1.0. `prometheus`: the text format 0.0.4, where HELP
 * escapes only backslash and line feed, there is no UNIT and no `# EOF`, and the text ends in a line feed.
 */
export function parseExposition(text: string, format: 'openmetrics' | 'prometheus' = 'openmetrics'): Exposition {
  const om = format === 'openmetrics';
  if (om && !text.endsWith('# EOF\n')) throw new Error('does not end with "# EOF" and a line feed');
  if (!om && (!text.endsWith('\n') || text.includes('# EOF')))
    throw new Error('not ended by a line feed, or has # EOF');
  const lines = text.slice(0, -1).split('\n');
  const families = new Map<string, ParsedFamily>();
  const closed = new Set<string>();
  const samples: ParsedSample[] = [];
  const series = new Set<string>();
  let current: string | null = null;
  let sawSample = false;
  lines.forEach((line, index) => {
    const where = `line ${index + 1}`;
    if (line === '# EOF') {
      if (index !== lines.length - 1) throw new Error(`${where}: # EOF before the end`);
      return;
    }
    if (line === '') throw new Error(`${where}: empty line`);
    if (line.startsWith('#')) {
      const m = /^# (TYPE|UNIT|HELP) (\S+) (.*)$/.exec(line);
      if (!m) throw new Error(`${where}: not TYPE, UNIT, HELP or EOF: ${line}`);
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!METRIC_NAME.test(name)) throw new Error(`${where}: invalid metric name ${name}`);
      if (name !== current) {
        if (current !== null) closed.add(current);
        if (closed.has(name)) throw new Error(`${where}: family ${name} interleaved with another`);
        current = name;
        sawSample = false;
      }
      if (sawSample) throw new Error(`${where}: metadata after samples of ${name}`);
      const fam = families.get(name) ?? { type: '' };
      if (kind === 'TYPE') {
        if (fam.type) throw new Error(`${where}: second TYPE for ${name}`);
        if (!TYPES.has(rest)) throw new Error(`${where}: unknown type ${rest}`);
        fam.type = rest;
      } else if (kind === 'UNIT') {
        if (!om) throw new Error(`${where}: UNIT is not part of the 0.0.4 text format`);
        if (fam.unit !== undefined) throw new Error(`${where}: second UNIT for ${name}`);
        if (!name.endsWith(`_${rest}`)) throw new Error(`${where}: ${name} does not end in _${rest}`);
        fam.unit = rest;
      } else {
        if (fam.help !== undefined) throw new Error(`${where}: second HELP for ${name}`);
        const [help, end] = om ? readQuoted(`"${rest}"`, 0, where) : [readHelp004(rest, where), 0];
        if (om && end !== rest.length + 2) throw new Error(`${where}: unescaped '"' in HELP`);
        fam.help = help;
      }
      families.set(name, fam);
      return;
    }
    const sample = parseSample(line, where);
    const family = familyOf(sample.name, families);
    if (!family || !families.get(family)!.type) throw new Error(`${where}: ${sample.name} has no preceding # TYPE`);
    if (family !== current) throw new Error(`${where}: sample of ${family} outside its family block`);
    checkSummarySample(sample, family, families.get(family)!.type, where);
    sawSample = true;
    const key = `${sample.name}{${Object.entries(sample.labels)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(',')}}`;
    if (series.has(key)) throw new Error(`${where}: duplicate series ${key}`);
    series.add(key);
    samples.push(sample);
  });
  if (om && lines.at(-1) !== '# EOF') throw new Error('last line is not # EOF');
  return { families, samples };
}
