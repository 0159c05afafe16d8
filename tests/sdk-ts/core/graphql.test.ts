/**
 * Functions of `x-bd-graphql` through HttpClient.call, against loopback
 * servers: the request (steps 2-3 of docs/architecture.md, "x-bd-graphql"),
 * the answer's errors, not-found checks and pages (steps 4-6), and the
 * transport rules of every call (retries, a cut body, redirects, redaction).
 */
import { describe, expect, it } from 'vitest';

import { HttpClient, type HttpClientOptions } from '../../../sdk-ts/src/core/index.js';
import { NotFoundError, RedirectError, ServerError, ValidationError } from '../../../sdk-ts/src/generated/errors.js';
import { API_SPEC, OPERATIONS } from '../../../sdk-ts/src/generated/spec.js';
import { leaks } from './helpers/secrets.js';
import { rejection, sendJson, serversClosedAfterEach, type Handler } from './helpers/server.js';
import { FAST_RETRY, SPEC_ERRORS } from './helpers/spec.js';

const serve = serversClosedAfterEach();

function client(baseUrl: string, options: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({ baseUrl, ...options }, { retry: FAST_RETRY, errors: SPEC_ERRORS, pagination: API_SPEC.pagination });
}

/** Answers GraphQL as graphene-django does: 200 and JSON. */
const answer = (data: unknown): Handler => (_req, res) => sendJson(res, 200, { data });

async function bodyOf(request: { body: Promise<Buffer> }): Promise<{ query: string; variables: Record<string, unknown>; operationName: string }> {
  return JSON.parse((await request.body).toString('utf8'));
}

const TABLE_NODE = {
  uuid: '6871a4d2-b908-5fa2-8dd1-40d424f9bcb6',
  slug: 'municipio',
  name_pt: 'Municípios', name_en: 'Municipalities', name_es: null,
  cloud_tables: { edges: [{ node: { gcp_dataset_id: 'br_ibge_pib', gcp_table_id: 'municipio' } }] },
};
const ONE_TABLE = { allCloudtable: { edges: [{ node: { table: TABLE_NODE } }] } };
const tablesPage = (totalCount: number, nodes: unknown[]) => ({ known: { totalCount: 1 }, allTable: { totalCount, edges: nodes.map((node) => ({ node })) } });

describe('a GraphQL function: the request', () => {
  it('posts its document, operation name and variables as JSON to the base path + the GraphQL path, nothing in the URL', async () => {
    const server = await serve(answer(ONE_TABLE));
    await client(`${server.url}/prefix/`).call(OPERATIONS.getTable, { datasetId: 'br_ibge_pib', tableId: 'municipio', locale: 'en' });
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/prefix/api/v1/graphql' });
    expect(request!.headers).toMatchObject({ 'content-type': 'application/json', accept: 'application/json' });
    expect(await bodyOf(request!)).toEqual({
      query: OPERATIONS.getTable.graphql!.query,
      variables: { datasetId: 'br_ibge_pib', tableId: 'municipio' },
      operationName: 'getTable',
    });
  });

  it('gives a paged function first = the page size and offset = (page - 1) x page size, and null for an argument left out', async () => {
    const server = await serve(answer({ allDataset: { totalCount: 0, edges: [] } }));
    const http = client(server.url);
    await http.call(OPERATIONS.listDatasets, {});
    await http.call(OPERATIONS.listDatasets, { q: 'censo', page: 3, pageSize: 4 });
    expect((await bodyOf(server.requests[0]!)).variables).toEqual({ q: null, first: 10, offset: 0 });
    expect((await bodyOf(server.requests[1]!)).variables).toEqual({ q: 'censo', first: 4, offset: 8 });
  });

  it('checks the arguments first: nothing is sent for a bad one', async () => {
    const server = await serve(answer(ONE_TABLE));
    const error = await rejection(client(server.url).call(OPERATIONS.getTable, { datasetId: '../tables', tableId: 'municipio' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('a GraphQL function: the answer', () => {
  it('returns the object at the result path, shaped: connections flattened, fields plucked, localized', async () => {
    const server = await serve(answer(ONE_TABLE));
    const http = client(server.url);
    const table = await http.call(OPERATIONS.getTable, { datasetId: 'br_ibge_pib', tableId: 'municipio', locale: 'en' });
    expect(table).toEqual({ uuid: TABLE_NODE.uuid, slug: 'municipio', name: 'Municipalities', dataset_id: 'br_ibge_pib', table_id: 'municipio' });
    // Without a locale, the first one (pt); a missing translation falls back to it too.
    expect(await http.call(OPERATIONS.getTable, { datasetId: 'br_ibge_pib', tableId: 'municipio' })).toMatchObject({ name: 'Municípios' });
    expect(await http.call(OPERATIONS.getTable, { datasetId: 'br_ibge_pib', tableId: 'municipio', locale: 'es' })).toMatchObject({ name: 'Municípios' });
  });

  it('makes a connection a page: items, page, page_size, count = totalCount, page_total rounded up', async () => {
    const server = await serve(answer(tablesPage(5, [TABLE_NODE, TABLE_NODE])));
    const page = await client(server.url).call(OPERATIONS.listDatasetTables, { datasetId: 'br_ibge_pib', page: 2, pageSize: 2 });
    expect(page).toEqual({
      items: [expect.objectContaining({ table_id: 'municipio', name: 'Municípios' }), expect.objectContaining({ dataset_id: 'br_ibge_pib' })],
      page: 2,
      page_size: 2,
      count: 5,
      page_total: 3,
    });
  });

  it('walks every page with for await, one request per page at the right offset', async () => {
    const server = await serve((_req, res, request) => {
      void bodyOf(request).then(({ variables }) => {
        const offset = variables.offset as number;
        const nodes = [0, 1].map((i) => offset + i).filter((i) => i < 3).map((i) => ({ ...TABLE_NODE, slug: `t${i}` }));
        sendJson(res, 200, { data: tablesPage(3, nodes) });
      });
    });
    const slugs: string[] = [];
    for await (const table of client(server.url).paginate<{ slug: string }>(OPERATIONS.listDatasetTables, { datasetId: 'br_ibge_pib', pageSize: 2 })) slugs.push(table.slug);
    expect(slugs).toEqual(['t0', 't1', 't2']);
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    { name: 'the exists count is 0', op: 'listDatasetTables', args: { datasetId: 'br_nao_existe' }, data: { known: { totalCount: 0 }, allTable: { totalCount: 0, edges: [] } }, want: /listDatasetTables\(dataset_id "br_nao_existe"\): not found/ },
    { name: 'the result list is empty (an index past its end)', op: 'getTable', args: { datasetId: 'br_ibge_pib', tableId: 'uf' }, data: { allCloudtable: { edges: [] } }, want: /getTable\(dataset_id "br_ibge_pib", table_id "uf"\): not found/ },
    { name: 'a step of the result is null', op: 'getDataset', args: { datasetId: 'x' }, data: { allCloudtable: { edges: [{ node: { table: null } }] } }, want: /getDataset\(dataset_id "x"\)/ },
  ] as const)('is NotFoundError naming the function and its arguments when $name', async ({ op, args, data, want }) => {
    const server = await serve(answer(data));
    const error = await rejection(client(server.url).call(OPERATIONS[op], args));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(want);
    expect(server.requests).toHaveLength(1);
  });

  it('is ServerError, not retried, when a resolver failed (HTTP 200 with errors), joining the messages', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { data: null, errors: [{ message: 'boom' }, { message: 'and bust' }] }));
    const error = await rejection(client(server.url).call(OPERATIONS.listThemes, {}));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toMatch(/boom; and bust/);
    expect(server.requests).toHaveLength(1);
  });

  it('is ValidationError, not retried, when the document is refused (HTTP 400), quoting the messages', async () => {
    const server = await serve((_req, res) => sendJson(res, 400, { errors: [{ message: 'Unknown argument "x" on field "allTheme".' }] }, {}, 'application/json'));
    const error = await rejection(client(server.url).call(OPERATIONS.listThemes, {}));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ status: 400 });
    expect(error.message).toContain('400: Unknown argument "x" on field "allTheme".');
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    { name: 'JSON without data', send: (res: Parameters<Handler>[1]) => sendJson(res, 200, { hello: 'world' }), want: /not a GraphQL answer/ },
    { name: 'an HTML page', send: (res: Parameters<Handler>[1]) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'), want: /content type text\/html/ },
    { name: 'a connection without totalCount', send: (res: Parameters<Handler>[1]) => sendJson(res, 200, { data: { allTheme: { edges: [] } } }), want: /without its totalCount/ },
    { name: 'a page that is not a connection', send: (res: Parameters<Handler>[1]) => sendJson(res, 200, { data: { allTheme: [] } }), want: /not a connection/ },
  ])('is ServerError for $name', async ({ send, want }) => {
    const server = await serve((_req, res) => send(res));
    const error = await rejection(client(server.url).call(OPERATIONS.listThemes, {}));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toMatch(want);
  });
});

describe('a GraphQL function: transport rules', () => {
  it('is retried like a GET after a body cut mid-way, though it is a POST', async () => {
    const server = await serve((_req, res, _r, index) => {
      if (index > 0) return answer({ allTheme: { totalCount: 0, edges: [] } })(_req, res, _r, index);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('{"data":');
      res.destroy();
    });
    await expect(client(server.url).call(OPERATIONS.listThemes, {})).resolves.toMatchObject({ count: 0, items: [] });
    expect(server.requests).toHaveLength(2);
  });

  it('retries a 503, resending the same document', async () => {
    const server = await serve((req, res, r, index) => (index === 0 ? sendJson(res, 503, { title: 'busy' }, { 'retry-after': '0' }) : answer(ONE_TABLE)(req, res, r, index)));
    await client(server.url).call(OPERATIONS.getTable, { datasetId: 'br_ibge_pib', tableId: 'municipio' });
    expect(server.requests).toHaveLength(2);
    expect(await bodyOf(server.requests[1]!)).toEqual(await bodyOf(server.requests[0]!));
  });

  it('follows a 307 on the same origin with the method and the document, and refuses another origin', async () => {
    const foreign = await serve(answer(ONE_TABLE));
    const server = await serve((req, res, r, index) => {
      if (index === 0) return res.writeHead(307, { location: '/graphql' }).end();
      if (index === 1) return answer(ONE_TABLE)(req, res, r, index);
      return res.writeHead(302, { location: `${foreign.url}/api/v1/graphql` }).end();
    });
    const http = client(server.url);
    await http.call(OPERATIONS.getTable, { datasetId: 'br_ibge_pib', tableId: 'municipio' });
    expect(server.requests[1]).toMatchObject({ method: 'POST', path: '/graphql' });
    expect((await bodyOf(server.requests[1]!)).operationName).toBe('getTable');
    const error = await rejection(http.call(OPERATIONS.getTable, { datasetId: 'br_ibge_pib', tableId: 'municipio' }));
    expect(error).toBeInstanceOf(RedirectError);
    expect(foreign.requests).toHaveLength(0);
  });

  it('never shows a credential the server quotes back in its GraphQL errors', async () => {
    const key = 'key-FAKE-graphql-0123456789';
    const server = await serve((req, res) => sendJson(res, 200, { errors: [{ message: `bad key ${String(req.headers['x-api-key'])}` }] }));
    const error = await rejection(client(server.url, { headers: { 'X-Api-Key': key } }).call(OPERATIONS.listTags, {}));
    expect(error.message).toContain('bad key [redacted]');
    expect(leaks(error, [key])).toEqual([]);
  });
});
