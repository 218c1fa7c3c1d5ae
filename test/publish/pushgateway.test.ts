import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { gatewayUrl, groupPath, groupsOf, pushGroups, type PushOptions } from '../../src/publish/pushgateway.js';
import { reportFixture, withHost } from '../report/fixture.js';

const options: PushOptions = { gateway: 'http://gw:9091', job: 'chainmark', timeoutMs: 1000 };

/** A fake fetch: answers by method and path, records every request. */
function fakeGateway(answer: (method: string, path: string) => number | Error) {
  const calls: [string, string, string][] = [];
  const headers: Record<string, string>[] = [];
  const f = (async (url: string | URL, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const path = new URL(String(url)).pathname;
    calls.push([method, path, typeof init?.body === 'string' ? init.body : '']);
    headers.push({ url: String(url), ...(init?.headers as Record<string, string>) });
    const a = answer(method, path);
    if (a instanceof Error) throw a;
    return new Response(a >= 400 ? 'refused: because\nof this' : '', {
      status: a,
      statusText: a === 400 ? 'Bad Request' : '',
    });
  }) as typeof fetch;
  return { f, calls, headers };
}

const refused = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } });

describe('groups: one per file, keyed by job, instance and scenario', () => {
  it('keys a file by its recorded hostname, or the fingerprint when there is none, or --instance', () => {
    const noHost = reportFixture();
    noHost.system.hostname = '';
    const [a, b] = groupsOf(
      [
        { path: 'a.json', result: reportFixture() },
        { path: 'b.json', result: noHost },
      ],
      options,
    );
    expect(a!.key).toEqual([
      ['job', 'chainmark'],
      ['instance', 'bench-01'],
      ['scenario', 'report-fixture'],
    ]);
    expect(b!.key[1]).toEqual(['instance', '0123456789abcdef']);
    const [c] = groupsOf([{ path: 'a.json', result: reportFixture() }], { ...options, instance: 'rack-7' });
    expect(c!.key[1]).toEqual(['instance', 'rack-7']);
  });

  it('leaves the grouping labels out of the samples (the gateway sets them), and ends the body with a line feed', () => {
    const [g] = groupsOf([{ path: 'a.json', result: reportFixture() }], options);
    expect(g!.body).toMatch(/^chainmark_run_info\{host="bench-01",fingerprint="0123456789abcdef",status="complete",/m);
    expect(g!.body).not.toMatch(/[{,](scenario|instance|job)="/);
    expect(g!.body.endsWith('} 1\n') || g!.body.endsWith('\n')).toBe(true);
    expect(g!.body).not.toContain('# EOF');
    expect(g!.samples).toBe(g!.body.split('\n').filter((l) => l && !l.startsWith('#')).length);
  });

  it('refuses two files that would replace each other, naming both', () => {
    expect(() =>
      groupsOf(
        [
          { path: 'a.json', result: reportFixture() },
          { path: 'b.json', result: reportFixture() },
        ],
        options,
      ),
    ).toThrow(/^b\.json: would replace a\.json on the gateway: both are job "chainmark", instance "bench-01"/);
    // Another machine, or the same one under another --instance per push, is another group.
    expect(
      groupsOf(
        [
          { path: 'a.json', result: reportFixture() },
          { path: 'b.json', result: withHost('bench-02') },
        ],
        options,
      ),
    ).toHaveLength(2);
  });

  it('refuses an empty job or instance', () => {
    expect(() => groupsOf([], { ...options, job: '' })).toThrow(/--job must not be empty/);
    expect(() => groupsOf([], { ...options, instance: '' })).toThrow(/--instance must not be empty/);
  });
});

describe('the group URL', () => {
  it('writes plain values as they are and others base64url-encoded, as the gateway reads them', () => {
    expect(
      groupPath([
        ['job', 'chainmark'],
        ['instance', 'box-1.example'],
        ['scenario', 'quick'],
      ]),
    ).toBe('/metrics/job/chainmark/instance/box-1.example/scenario/quick');
    const odd = groupPath([
      ['job', 'chainmark'],
      ['instance', 'a/b c'],
      ['scenario', ''],
    ]);
    expect(odd).toBe(
      `/metrics/job/chainmark/instance@base64/${Buffer.from('a/b c').toString('base64url')}/scenario@base64/=`,
    );
    expect(Buffer.from(odd.split('/')[5]!, 'base64url').toString()).toBe('a/b c');
  });

  it('takes an http(s) base URL only', () => {
    expect(gatewayUrl('http://gw:9091/prefix/').pathname).toBe('/prefix/');
    for (const bad of ['gw:9091', 'ftp://gw', 'http://gw/metrics/job/x', 'http://gw?x=1', 'not a url'])
      expect(() => gatewayUrl(bad), bad).toThrow(InputError);
  });
});

describe('pushing', () => {
  const groups = () =>
    groupsOf(
      [
        { path: 'a.json', result: reportFixture() },
        { path: 'b.json', result: withHost('bench-02') },
      ],
      options,
    );

  it('checks the gateway is ready, then PUTs each group under a path prefix', async () => {
    const { f, calls } = fakeGateway(() => 200);
    const done = await pushGroups(groups(), { ...options, gateway: 'http://gw:9091/pg/' }, f);
    expect(calls.map(([m, p]) => `${m} ${p}`)).toEqual([
      'GET /pg/-/ready',
      'PUT /pg/metrics/job/chainmark/instance/bench-01/scenario/report-fixture',
      'PUT /pg/metrics/job/chainmark/instance/bench-02/scenario/report-fixture',
    ]);
    expect(calls[1]![2]).toBe(groups()[0]!.body);
    expect(done.map((d) => d.group.file)).toEqual(['a.json', 'b.json']);
  });

  it('an unreachable gateway: nothing is sent', async () => {
    const { f, calls } = fakeGateway(() => refused('ECONNREFUSED'));
    await expect(pushGroups(groups(), options, f)).rejects.toThrow(
      'command line: --gateway http://gw:9091 cannot be reached (ECONNREFUSED); nothing was pushed',
    );
    expect(calls).toHaveLength(1);
  });

  it('a server that is not a ready Pushgateway is refused before any push', async () => {
    const { f, calls } = fakeGateway((m) => (m === 'GET' ? 404 : 200));
    await expect(pushGroups(groups(), options, f)).rejects.toThrow(
      /--gateway http:\/\/gw:9091 is not a ready Pushgateway \(GET \/-\/ready answered 404: refused: because of this\)/,
    );
    expect(calls.filter(([m]) => m === 'PUT')).toEqual([]);
  });

  it('a refused second push deletes the first group again and says so', async () => {
    const { f, calls } = fakeGateway((m, p) =>
      m === 'PUT' && p.includes('bench-02') ? 400 : m === 'DELETE' ? 202 : 200,
    );
    await expect(pushGroups(groups(), options, f)).rejects.toThrow(
      'b.json: not pushed: the Pushgateway at http://gw:9091 answered 400 Bad Request: refused: because of this; the 1 group(s) pushed before it were deleted again',
    );
    expect(calls.map(([m, p]) => `${m} ${p}`).at(-1)).toBe(
      'DELETE /metrics/job/chainmark/instance/bench-01/scenario/report-fixture',
    );
  });

  it('a gateway that goes away mid-way: the failed delete is named', async () => {
    let puts = 0;
    const { f } = fakeGateway((m) => (m === 'GET' ? 200 : m === 'PUT' && ++puts === 1 ? 200 : refused('ECONNRESET')));
    await expect(pushGroups(groups(), options, f)).rejects.toThrow(
      'b.json: not pushed: the Pushgateway at http://gw:9091 cannot be reached (ECONNRESET); deleting the groups pushed before it failed for a.json',
    );
  });

  it('a first push refused: nothing was pushed, nothing to delete', async () => {
    const { f, calls } = fakeGateway((m) => (m === 'PUT' ? 500 : 200));
    await expect(pushGroups(groups(), options, f)).rejects.toThrow(
      /^a\.json: not pushed: .* answered 500: .*; nothing was pushed$/,
    );
    expect(calls.filter(([m]) => m === 'DELETE')).toEqual([]);
  });

  it('credentials in the URL go as a Basic authorization header, never into the URL or a message', async () => {
    const { f, headers } = fakeGateway((m) => (m === 'PUT' ? 401 : 200));
    const gateway = 'https://fleet:s3cr%40t@gw:9091';
    const err = await pushGroups(groups(), { ...options, gateway }, f).catch((e: Error) => e);
    const basic = `Basic ${Buffer.from('fleet:s3cr@t').toString('base64')}`;
    expect(headers.map((h) => [h.url, h.authorization])).toEqual([
      ['https://gw:9091/-/ready', basic],
      ['https://gw:9091/metrics/job/chainmark/instance/bench-01/scenario/report-fixture', basic],
    ]);
    expect((err as Error).message).toBe(
      'a.json: not pushed: the Pushgateway at https://fleet:***@gw:9091 answered 401: refused: because of this; nothing was pushed',
    );
    expect(() => gatewayUrl('ftp://u:pw@gw')).toThrow('got "ftp://u:***@gw"');
    expect(gatewayUrl(gateway).href).toBe('https://gw:9091/');
    const { f: quiet, headers: none } = fakeGateway(() => 200);
    await pushGroups(groups(), options, quiet);
    expect(none.every((h) => h.authorization === undefined)).toBe(true);
  });

  it('a gateway that does not answer in time', async () => {
    const f = (async (_u: string | URL, init?: RequestInit) =>
      new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error)),
      )) as typeof fetch;
    await expect(pushGroups(groups(), { ...options, timeoutMs: 50 }, f)).rejects.toThrow(
      /cannot be reached \(no answer in time\)/,
    );
  });
});
