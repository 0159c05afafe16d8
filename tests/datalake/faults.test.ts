// Fault injection: the JS controller and the HTTP control API, the answers of
// faults on the backend replica's paths (in the real backend's words), and the
// real client's own retries reading a large result through seeded failures.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';
import { FaultController } from '../../datalake/src/faults.js';
import { uuidOf } from './backend-client.js';
import { BILLING_PROJECT, bigQueryClient, rawRequest } from './helpers.js';

let dl: Datalake;

beforeAll(async () => {
  dl = await startDatalake({ defaultPageRows: 10_000 });
});
afterAll(async () => {
  await dl.close();
});
beforeEach(() => {
  dl.faults.clear();
  dl.resetStats();
});

describe('decisions', () => {
  it('are deterministic given the seed, and differ with another seed', () => {
    const pattern = (seed: number): string => {
      const f = new FaultController(seed);
      f.set({ rules: [{ fraction: 0.3, status: [500, 503, 429] }] });
      return Array.from({ length: 200 }, () => f.decide('bigquery', 'GET', '/x').status ?? 0).join(',');
    };
    expect(pattern(7)).toBe(pattern(7));
    expect(pattern(7)).not.toBe(pattern(8));
    const failures = pattern(7).split(',').filter((s) => s !== '0');
    expect(failures.length).toBeGreaterThan(40);
    expect(failures.length).toBeLessThan(80);
    expect(new Set(failures)).toEqual(new Set(['500', '503', '429']));
  });

  it('fail the nth requests of a scope only, at most `times` times', () => {
    const f = new FaultController(1);
    f.set({ rules: [{ scope: 'metadata', nth: [2, 3, 4], times: 2, status: 500 }] });
    const got = [
      f.decide('metadata', 'GET', '/a').status,
      f.decide('bigquery', 'GET', '/b').status,
      f.decide('metadata', 'GET', '/a').status,
      f.decide('metadata', 'GET', '/a').status,
      f.decide('metadata', 'GET', '/a').status,
    ];
    expect(got).toEqual([undefined, undefined, 500, 500, undefined]);
  });

  it('reject invalid rules', () => {
    const f = new FaultController(1);
    expect(() => f.set({ rules: [{ fraction: 2, status: 500 }] })).toThrow(/fraction/);
    expect(() => f.set({ rules: [{ nth: [1] }] })).toThrow(/status, cut or delayMs/);
    expect(() => f.set({ rules: [{ status: 200 }] })).toThrow(/4xx\/5xx/);
  });
});

describe('over HTTP', () => {
  it('sets, reads and clears faults through /__datalake/faults and counts in /__datalake/stats', async () => {
    const set = await fetch(`${dl.url}/__datalake/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ seed: 3, rules: [{ scope: 'metadata', nth: [1], status: 503, retryAfter: 0 }] }),
    });
    expect(set.status).toBe(200);
    expect(((await set.json()) as any).rules).toHaveLength(1);
    const failed = await fetch(`${dl.url}/search/?page_size=2`);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('0');
    expect(await failed.text()).toContain('<title>503 Service Temporarily Unavailable</title>');
    expect(((await (await fetch(`${dl.url}/search/?page_size=2`)).json()) as any).results).toHaveLength(2);
    const stats: any = await (await fetch(`${dl.url}/__datalake/stats`)).json();
    expect(stats.requests).toMatchObject({ metadata: 2, bigquery: 0 });
    expect(stats.operations['backend.search']).toBe(2);
    expect(stats.faults).toMatchObject({ injected: 1, byStatus: { 503: 1 } });
    expect((await fetch(`${dl.url}/__datalake/faults`, { method: 'DELETE' })).status).toBe(200);
    expect(dl.faults.config.rules).toEqual([]);
    const bad = await fetch(`${dl.url}/__datalake/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rules: [{ fraction: -1, status: 500 }] }) });
    expect(bad.status).toBe(400);
  });

  // What the real backend gives for each status where it happens: the view's own error
  // (GraphQL's 400, a REST view's 400 and 404), else the page of what answers it around
  // the views (Django's 400/403/404, the backend's 500.html, nginx for 429 and 502-504).
  const columns = `/tables/${uuidOf('table', 'br_ibge_pib.municipio')}/columns/`;
  const graphqlPost = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: '{ allTag { totalCount } }' }) };
  it.each([
    ['GraphQL, 400', '/api/v1/graphql', graphqlPost, 400, 'application/json', '{"errors":[{"message":"injected fault"}]}'],
    ['GraphQL, 500', '/api/v1/graphql', graphqlPost, 500, 'text/html; charset=utf-8', /Erro de servidor/],
    ['GraphQL, 429', '/graphql', graphqlPost, 429, 'text/html; charset=utf-8', /<title>429 Too Many Requests<\/title>.*<center>nginx<\/center>/s],
    ['GraphQL, 403', '/graphql', graphqlPost, 403, 'text/html; charset=utf-8', /<h1>403 Forbidden<\/h1>/],
    ['a REST view, 400', '/facet_values/?facet=tag_slug', {}, 400, 'application/json', '{"error": "injected fault"}'],
    ['a REST view, 404', columns, {}, 404, 'application/json', '{"error": "injected fault"}'],
    ['a REST view, 502', '/tables/stats/', {}, 502, 'text/html; charset=utf-8', /<title>502 Bad Gateway<\/title>/],
    ['the CSV export, 400', '/export/catalog/', {}, 400, 'text/html; charset=utf-8', /<h1>Bad Request \(400\)<\/h1>/],
    ['a path with no view, 404', '/nada/aqui', {}, 404, 'text/html; charset=utf-8', /<h1>Not Found<\/h1>/],
  ] as const)('answers a fault on %s as the backend would', async (_name, path, init, status, contentType, body) => {
    dl.faults.set({ rules: [{ scope: 'metadata', nth: [1], status, retryAfter: 2 }] });
    const res = await fetch(`${dl.url}${path}`, init);
    expect([res.status, res.headers.get('content-type')]).toEqual([status, contentType]);
    const text = await res.text();
    if (typeof body === 'string') expect(text).toBe(body);
    else expect(text).toMatch(body);
    expect(res.headers.get('retry-after')).toBe(status === 429 ? '2' : null);
    expect(dl.stats().faults.byStatus).toEqual({ [status]: 1 });
  });

  it('delays answers by the time asked, on the clock of its timers', async () => {
    dl.faults.set({ rules: [{ scope: 'metadata', delayMs: 300 }] });
    // The server runs in this process: with setTimeout faked (and watched), the
    // delay is read off the fake clock, whatever the load of the machine.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const fakeSetTimeout = globalThis.setTimeout;
    const events: string[] = [];
    const watch = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) =>
      fakeSetTimeout(() => {
        if (ms === 300) events.push('300 ms over');
        callback();
      }, ms)) as typeof setTimeout);
    try {
      const res = rawRequest(dl.url, 'GET', '/tables/stats/').then((r) => {
        events.push('answered');
        return r;
      });
      while (dl.stats().faults.delayed === 0) await new Promise((r) => setImmediate(r));
      expect(watch.mock.calls.map((c) => c[1])).toContain(300);
      await vi.advanceTimersByTimeAsync(299);
      expect(events, 'still waiting at 299 ms').toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(events[0], 'done at 300 ms').toBe('300 ms over');
      expect((await res).status).toBe(200);
      expect(events).toEqual(['300 ms over', 'answered']);
      expect(dl.stats().faults.delayed).toBe(1);
    } finally {
      watch.mockRestore();
      vi.useRealTimers();
    }
  });

  it('cuts a connection mid-body', async () => {
    dl.faults.set({ rules: [{ scope: 'metadata', nth: [1], cut: true }] });
    const res = await fetch(`${dl.url}/search/?page_size=100`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    const again = await fetch(`${dl.url}/search/?page_size=100`);
    expect(((await again.json()) as any).results.length).toBeGreaterThan(5);
  });
});

describe('the Node client through failures', () => {
  it('reads 200,000 rows with 10% of BigQuery requests failing (503/500/429), no row lost or repeated', async () => {
    dl.faults.set({ seed: 11, rules: [{ scope: 'bigquery', fraction: 0.1, status: [503, 500, 429], retryAfter: 0 }] });
    const client = bigQueryClient(dl.url, { maxRetries: 8 });
    const [rows] = (await client.query('SELECT id, quantidade FROM `basedosdados.br_bd_sintetico.linhas_200000` ORDER BY id')) as [
      Array<{ id: number; quantidade: number }>,
    ];
    const [[count, sum]] = (await dl.sql(
      'SELECT count(*), sum(id * 7 + quantidade) FROM basedosdados.br_bd_sintetico.linhas_200000',
    )) as [[bigint, bigint]];
    expect(rows.length).toBe(Number(count));
    expect(rows.reduce((s, r) => s + r.id * 7 + r.quantidade, 0)).toBe(Number(sum));
    expect(rows.every((r, i) => r.id === i + 1)).toBe(true);
    const stats = dl.stats();
    expect(stats.faults.injected).toBeGreaterThan(0);
    // Retries of jobs.query carry the same requestId: one job however often it failed.
    expect(stats.jobs.created).toBe(1);
    expect(stats.operations['jobs.getQueryResults']).toBeGreaterThanOrEqual(19);
  });

  it('gives up with the error when failures outlast maxRetries', async () => {
    dl.faults.set({ rules: [{ scope: 'bigquery', status: 503 }] });
    const err: any = await bigQueryClient(dl.url, { maxRetries: 2 }).query('SELECT 1').catch((e) => e);
    expect(err.code).toBe(503);
    expect(err.errors[0].reason).toBe('backendError');
    expect(dl.stats().operations['jobs.query']).toBe(3);
  });

  it('retries a connection cut mid-body on getQueryResults', async () => {
    dl.faults.set({ rules: [{ scope: 'bigquery', path: `/projects/${BILLING_PROJECT}/queries/`, nth: [1], cut: true }] });
    const client = bigQueryClient(dl.url, { maxRetries: 3 });
    const [rows] = await client.query('SELECT id FROM `basedosdados.br_bd_sintetico.linhas_25000` ORDER BY id');
    expect(rows).toHaveLength(25_000);
    expect(dl.stats().faults.cut).toBe(1);
  });
});
