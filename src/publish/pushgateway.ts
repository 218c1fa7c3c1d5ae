import { InputError } from '../core/errors.js';
import type { ResultFile } from '../results/schema.js';
import { metricFamilies, type MetricFamily } from '../report/metric-families.js';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheusFamilies } from '../report/prometheus.js';

/**
 * A client of the Prometheus Pushgateway (https://github.com/prometheus/pushgateway): each result
 * file is one group, keyed by job, instance and scenario, and replaced as a whole by one PUT (the
 * gateway swaps a group's metrics in one step, so a scrape sees the old group or the new one).
 */

export interface PushOptions {
  /** The gateway's base URL, as given (`http://host:9091`, or with a path prefix behind a proxy). */
  gateway: string;
  job: string;
  /** The `instance` of every group; default each file's recorded hostname, or its fingerprint. */
  instance?: string;
  /** Per request. */
  timeoutMs: number;
}

export interface Group {
  /** The result file the group comes from (for messages). */
  file: string;
  /** job, instance, scenario: the grouping key, in the order of the URL. */
  key: [name: string, value: string][];
  body: string;
  samples: number;
}

/** What the pushes did, for the caller to print. */
export interface Pushed {
  group: Group;
  url: string;
}

/** Where a group lives on the gateway: /metrics/job/<job>/instance/<instance>/scenario/<scenario>. */
export function groupPath(key: Group['key']): string {
  return (
    '/metrics' +
    key
      .map(([name, value]) =>
        // Plain values as they are; anything else (a `/`, a space, an empty value) base64url-encoded,
        // the gateway's `<label>@base64/<value>` form; an empty value is the lone padding `=`.
        /^[A-Za-z0-9._~-]+$/.test(value)
          ? `/${name}/${value}`
          : `/${name}@base64/${value === '' ? '=' : Buffer.from(value, 'utf8').toString('base64url')}`,
      )
      .join('')
  );
}

/** The gateway as given, with a password replaced by `***`: what messages and logs may show. */
export function shownGateway(text: string): string {
  return text.replace(/(\/\/[^/?#@:]*:)[^/?#@]*@/, '$1***@');
}

/** A gateway URL read once: where requests go, the header they carry, and how messages show it. */
interface Gateway {
  /** The base URL without credentials. */
  base: URL;
  /** `authorization: Basic …` from the URL's `user:password@`, else none. */
  headers: Record<string, string>;
  /** The URL as given, the password as `***`. */
  shown: string;
}

/**
 * Read and check the gateway's base URL: http or https, no query, no fragment, not a group's URL.
 * Credentials in it (a gateway behind a proxy, or started with `--web.config.file`) become a Basic
 * authorization header, since fetch refuses a URL that carries them.
 */
function readGateway(text: string, flag: string): Gateway {
  const shown = shownGateway(text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError('command line', flag, `must be an http:// or https:// URL, got ${JSON.stringify(shown)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InputError('command line', flag, `must be an http:// or https:// URL, got ${JSON.stringify(shown)}`);
  if (url.search || url.hash)
    throw new InputError('command line', flag, `must not carry a query or fragment, got ${JSON.stringify(shown)}`);
  if (url.pathname.includes('/metrics/'))
    throw new InputError(
      'command line',
      flag,
      `is the gateway's base URL, without /metrics/… (the group is built from the file), got ${JSON.stringify(shown)}`,
    );
  const headers: Record<string, string> = {};
  if (url.username || url.password) {
    const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
  }
  url.username = '';
  url.password = '';
  return { base: url, headers, shown };
}

/** The gateway's base URL, checked, credentials taken out. */
export const gatewayUrl = (text: string, flag = '--gateway'): URL => readGateway(text, flag).base;

const join = (base: URL, path: string): string => `${base.origin}${base.pathname.replace(/\/+$/, '')}${path}`;

/** The grouping labels removed from the samples: the gateway sets them on every series of the group. */
function withoutKeyLabels(families: MetricFamily[], names: Set<string>): MetricFamily[] {
  return families.map((f) => ({
    ...f,
    samples: f.samples.map((s) => ({ ...s, labels: s.labels.filter(([n]) => !names.has(n)) })),
  }));
}

/** One group per file, refusing two files that would land in the same group (the second would replace the first). */
export function groupsOf(
  files: { path: string; result: ResultFile }[],
  o: Pick<PushOptions, 'job' | 'instance'>,
): Group[] {
  if (o.job === '') throw new InputError('command line', '--job', 'must not be empty');
  if (o.instance === '') throw new InputError('command line', '--instance', 'must not be empty');
  const seen = new Map<string, string>();
  return files.map(({ path, result }) => {
    const instance = o.instance ?? (result.system.hostname || result.system.fingerprint);
    const key: Group['key'] = [
      ['job', o.job],
      ['instance', instance],
      ['scenario', result.run.scenario.name],
    ];
    const id = JSON.stringify(key);
    const other = seen.get(id);
    if (other !== undefined)
      throw new InputError(
        path,
        '',
        `would replace ${other} on the gateway: both are job ${JSON.stringify(o.job)}, instance ${JSON.stringify(instance)}, scenario ${JSON.stringify(result.run.scenario.name)}; push them one at a time, or give each its own --instance`,
      );
    seen.set(id, path);
    const families = withoutKeyLabels(metricFamilies([result], { metric: 'opsPerSec' }), new Set(key.map(([n]) => n)));
    return {
      file: path,
      key,
      body: renderPrometheusFamilies(families) + '\n',
      samples: families.reduce((n, f) => n + f.samples.length, 0),
    };
  });
}

/** Why a request got no answer, in a few words: the socket error's code where there is one. */
function unreachable(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'no answer in time';
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}

/** An error answer's body on one line, short: the gateway says there what it refused. */
async function answerText(res: Response): Promise<string> {
  const text = (await res.text().catch(() => '')).replace(/\s+/g, ' ').trim();
  return text.length > 240 ? `${text.slice(0, 239)}…` : text;
}

type Fetch = typeof fetch;

async function request(
  f: Fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<{ ok: true; res: Response } | { ok: false; why: string }> {
  try {
    const res = await f(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { ok: true, res };
  } catch (err) {
    return { ok: false, why: unreachable(err) };
  }
}

/** Refuse a gateway that does not answer, or answers as something else, before anything is run or pushed. */
export async function checkGateway(o: PushOptions, flag = '--gateway', f: Fetch = fetch): Promise<Gateway> {
  const gateway = readGateway(o.gateway, flag);
  const { shown, headers } = gateway;
  const r = await request(f, join(gateway.base, '/-/ready'), { method: 'GET', headers }, o.timeoutMs);
  if (!r.ok) throw new InputError('command line', flag, `${shown} cannot be reached (${r.why}); nothing was pushed`);
  if (r.res.status === 401 || r.res.status === 403) {
    await r.res.body?.cancel();
    throw new InputError(
      'command line',
      flag,
      headers.authorization
        ? `${shown} refused the credentials in the URL (GET /-/ready answered ${r.res.status}); nothing was pushed`
        : `${shown} asks for credentials (GET /-/ready answered ${r.res.status}): give them in the URL, http://user:password@host:port; nothing was pushed`,
    );
  }
  if (!r.res.ok) {
    const text = await answerText(r.res);
    throw new InputError(
      'command line',
      flag,
      `${shown} is not a ready Pushgateway (GET /-/ready answered ${r.res.status}${text ? `: ${text}` : ''}); nothing was pushed`,
    );
  }
  await r.res.body?.cancel();
  return gateway;
}

/**
 * Push every group with PUT. When one push fails, the groups this call pushed before it are
 * deleted again, so the gateway holds all of the files or none of them, and the error names the
 * file, the gateway's answer and what was undone.
 */
export async function pushGroups(groups: Group[], o: PushOptions, f: Fetch = fetch): Promise<Pushed[]> {
  const gateway = await checkGateway(o, '--gateway', f);
  const done: Pushed[] = [];
  for (const group of groups) {
    const url = join(gateway.base, groupPath(group.key));
    const headers = { 'content-type': PROMETHEUS_CONTENT_TYPE, ...gateway.headers };
    const r = await request(f, url, { method: 'PUT', headers, body: group.body }, o.timeoutMs);
    if (r.ok && r.res.ok) {
      await r.res.body?.cancel();
      done.push({ group, url });
      continue;
    }
    const failure = r.ok
      ? `answered ${[r.res.status, r.res.statusText].filter(Boolean).join(' ')}${await answerText(r.res).then((t) => (t ? `: ${t}` : ''))}`
      : `cannot be reached (${r.why})`;
    const undone = await undo(done, gateway, o.timeoutMs, f);
    throw new InputError(group.file, '', `not pushed: the Pushgateway at ${gateway.shown} ${failure}${undone}`);
  }
  return done;
}

/** Delete the groups pushed so far; says what became of them. */
async function undo(done: Pushed[], gateway: Gateway, timeoutMs: number, f: Fetch): Promise<string> {
  if (done.length === 0) return '; nothing was pushed';
  const left: string[] = [];
  for (const p of done) {
    const r = await request(f, p.url, { method: 'DELETE', headers: gateway.headers }, timeoutMs);
    if (r.ok && r.res.ok) await r.res.body?.cancel();
    else left.push(p.group.file);
  }
  return left.length === 0
    ? `; the ${done.length} group(s) pushed before it were deleted again`
    : `; deleting the groups pushed before it failed for ${left.join(', ')}`;
}
