// Faults that test clients' transport rules: redirects (to this origin or to a
// foreign one, which counts what reaches it), error bodies quoting every request
// header back, and cookies a server sets.
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';
import { FaultController } from '../../datalake/src/faults.js';

let dl: Datalake;

beforeAll(async () => {
  dl = await startDatalake();
});
afterAll(async () => {
  await dl.close();
});
beforeEach(() => {
  dl.faults.clear();
  dl.resetStats();
});

/** One request that follows nothing: status, headers and body as sent. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('redirect faults', () => {
  it('point at the same URL on this origin', async () => {
    dl.faults.set({ rules: [{ scope: 'metadata', nth: [1], redirect: { status: 307, to: 'same' } }] });
    const first = await get(`${dl.url}/search/?page_size=2`);
    expect(first.status).toBe(307);
    expect(first.headers.location).toBe(`${dl.url}/search/?page_size=2`);
    // As Django writes a redirect: an empty body.
    expect([first.headers['content-type'], first.body]).toEqual(['text/html; charset=utf-8', '']);
    const second = await get(String(first.headers.location));
    expect(second.status).toBe(200);
    expect(JSON.parse(second.body).page_size).toBe(2);
    expect(dl.stats().faults.redirected).toBe(1);
  });

  it('point at a foreign origin that answers 200 and counts what reaches it', async () => {
    dl.faults.set({ rules: [{ scope: 'bigquery', redirect: { status: 302, to: 'foreign' } }] });
    const first = await get(`${dl.url}/bigquery/v2/projects/p/queries/j1?maxResults=1`);
    expect(first.status).toBe(302);
    const location = new URL(String(first.headers.location));
    expect(location.origin).not.toBe(new URL(dl.url).origin);
    expect(location.pathname + location.search).toBe('/bigquery/v2/projects/p/queries/j1?maxResults=1');
    expect(dl.stats().requests.foreign).toBe(0);
    const followed = await get(location.href, { Authorization: 'Bearer tok-FAKE-0123456789' });
    expect(followed.status).toBe(200);
    expect(JSON.parse(followed.body).jobComplete).toBe(true);
    expect(dl.stats().requests.foreign).toBe(1);
    dl.resetStats();
    expect(dl.stats().requests.foreign).toBe(0);
  });

  it('refuse rules that make no sense', () => {
    const f = new FaultController(1);
    expect(() => f.set({ rules: [{ redirect: { status: 200 as never, to: 'same' } }] })).toThrow(/redirect.status/);
    expect(() => f.set({ rules: [{ redirect: { status: 302, to: 'elsewhere' as never } }] })).toThrow(/redirect.to/);
    expect(() => f.set({ rules: [{ status: 500, redirect: { status: 302, to: 'same' } }] })).toThrow(/cannot be combined/);
    expect(() => f.set({ rules: [{ echo: true, cut: true }] })).toThrow(/echo needs a status/);
    expect(() => f.set({ rules: [{ status: 503, setCookie: 'a=b; Domain=evil' }] })).toThrow(/setCookie/);
  });
});

describe('echo faults', () => {
  const key = 'key-FAKE-0123456789';

  it("quote every request header in the backend's error page, and record what they quoted", async () => {
    dl.faults.set({ rules: [{ scope: 'metadata', status: 403, echo: true }] });
    const res = await get(`${dl.url}/search/`, { 'X-Api-Key': key, Cookie: 'bd_session=cookie-FAKE-42; other=x' });
    expect([res.status, res.headers['content-type']]).toEqual([403, 'text/html; charset=utf-8']);
    expect(res.body).toContain('<h1>403 Forbidden</h1>');
    expect(res.body).toContain(`X-Api-Key: ${key}`);
    expect(res.body).toContain('Cookie: bd_session=cookie-FAKE-42; other=x');
    expect(dl.stats().faults.echoed).toEqual(expect.arrayContaining([key, 'cookie-FAKE-42']));
  });

  it("quote them in the GraphQL view's errors on its 400", async () => {
    dl.faults.set({ rules: [{ scope: 'metadata', status: 400, echo: true }] });
    const res = await get(`${dl.url}/api/v1/graphql?query=%7B__typename%7D`, { 'X-Api-Key': key });
    expect([res.status, res.headers['content-type']]).toEqual([400, 'application/json']);
    const body = JSON.parse(res.body);
    expect(Object.keys(body)).toEqual(['errors']);
    expect(body.errors[0].message).toContain(`X-Api-Key: ${key}`);
  });

  it('quote them in BigQuery error shape on the BigQuery face', async () => {
    dl.faults.set({ rules: [{ scope: 'bigquery', status: 500, echo: true }] });
    const res = await get(`${dl.url}/bigquery/v2/projects/p/queries/j1`, { Authorization: 'Bearer ya29.FAKE-token' });
    expect(res.status).toBe(500);
    const body = JSON.parse(res.body);
    expect(body.error.errors[0].reason).toBe('internalError');
    expect(body.error.message).toContain('Authorization: Bearer ya29.FAKE-token');
  });

  it('send a cookie with the status they answer', async () => {
    dl.faults.set({ rules: [{ scope: 'metadata', nth: [1], status: 503, setCookie: 'bd_session=cookie-FAKE-1' }] });
    const res = await get(`${dl.url}/api/v1/graphql`);
    expect(res.status).toBe(503);
    expect(res.headers['set-cookie']).toEqual(['bd_session=cookie-FAKE-1; Path=/; HttpOnly']);
    expect(res.headers['retry-after']).toBe('0');
  });
});
