import { afterEach, describe, expect, it } from 'vitest';

import {
  HttpClient,
  Page,
  PagePromise,
  type OperationSpec,
} from '../../../sdk-ts/src/core/index.js';
import { NotFoundError, ValidationError } from '../../../sdk-ts/src/generated/errors.js';
import { sendJson, startServer, type TestServer } from './helpers/server.js';
import { FAST_RETRY, GET_DATASET, LIST_DATASETS, SPEC_ERRORS, SPEC_PAGINATION } from './helpers/spec.js';

interface Item {
  readonly id: string;
}

const ITEMS: Item[] = Array.from({ length: 23 }, (_, i) => ({ id: `dataset_${String(i + 1).padStart(2, '0')}` }));

interface CatalogueOptions {
  /** Items served (default the 23 above). */
  readonly items?: readonly Item[];
  /** Leave these envelope fields out. */
  readonly omit?: readonly string[];
  /** Answer 503 to the first request for this page. */
  readonly failPageOnce?: number;
  /** Claim this many pages whatever the count. */
  readonly lyingPageTotal?: number;
  /** Always serve page 1, whatever was asked. */
  readonly ignorePageParam?: boolean;
  /** The envelope field holding the items (search's `results`). */
  readonly itemsField?: string;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A list endpoint paging like the spec says: page from 1, page_total = ceil(count / page_size). */
async function catalogue(options: CatalogueOptions = {}): Promise<TestServer> {
  const items = options.items ?? ITEMS;
  const failed = new Set<number>();
  const server = await startServer((_req, res, request) => {
    const page = options.ignorePageParam ? 1 : Number(request.query.get('page') ?? '1');
    const pageSize = Number(request.query.get('page_size') ?? '10');
    if (options.failPageOnce === page && !failed.has(page)) {
      failed.add(page);
      return sendJson(res, 503, { type: 'about:blank', title: 'Service unavailable', status: 503 });
    }
    const envelope: Record<string, unknown> = {
      page,
      page_size: pageSize,
      count: items.length,
      page_total: options.lyingPageTotal ?? Math.ceil(items.length / pageSize),
      [options.itemsField ?? 'items']: items.slice((page - 1) * pageSize, page * pageSize),
      aggregations: { themes: [{ id: 'economia', count: items.length }] },
    };
    for (const field of options.omit ?? []) delete envelope[field];
    sendJson(res, 200, envelope);
  });
  servers.push(server);
  return server;
}

function client(baseUrl: string): HttpClient {
  return new HttpClient({ baseUrl }, { retry: FAST_RETRY, errors: SPEC_ERRORS, pagination: SPEC_PAGINATION });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

const pagesAsked = (server: TestServer) => server.requests.map((r) => r.query.get('page'));

describe('PagePromise: await gives one page', () => {
  it('makes one request and exposes the envelope as on the wire', async () => {
    const server = await catalogue();
    const page = await client(server.url).paginate<Item>(LIST_DATASETS, { q: 'pib', pageSize: 5 });
    expect(page).toBeInstanceOf(Page);
    expect(page.items).toEqual(ITEMS.slice(0, 5));
    expect(page).toMatchObject({ page: 1, page_size: 5, count: 23, page_total: 5 });
    expect(page.body).toMatchObject({ aggregations: { themes: [{ id: 'economia', count: 23 }] } });
    expect(page.hasNextPage()).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.url).toBe('/datasets?q=pib&page_size=5');
  });

  it('getNextPage walks to the last page, which has no next', async () => {
    const server = await catalogue();
    let page = await client(server.url).paginate<Item>(LIST_DATASETS, { pageSize: 10 });
    const seen = [...page.items];
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      seen.push(...page.items);
    }
    expect(seen).toEqual(ITEMS);
    expect(page.page).toBe(3);
    expect(page.items).toHaveLength(3);
    expect(page.nextPageArgs()).toBeUndefined();
    await expect(page.getNextPage()).rejects.toThrow(/page 3 is the last page/);
    expect(pagesAsked(server)).toEqual([null, '2', '3']);
  });

  it('fetches the first page once, shared by await and iteration', async () => {
    const server = await catalogue();
    const pages = client(server.url).paginate<Item>(LIST_DATASETS, { pageSize: 5 });
    const first = await pages;
    expect(await pages).toBe(first);
    expect(await collect(pages)).toEqual(ITEMS);
    expect(server.requests).toHaveLength(5);
  });

  it('does nothing until used', async () => {
    const server = await catalogue();
    const pages = client(server.url).paginate<Item>(LIST_DATASETS, { pageSize: 5 });
    expect(pages).toBeInstanceOf(PagePromise);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.requests).toHaveLength(0);
  });

  it('supports catch and finally like a promise', async () => {
    const server = await catalogue();
    let finished = false;
    const page = await client(server.url)
      .paginate<Item>(LIST_DATASETS, { pageSize: 5 })
      .finally(() => {
        finished = true;
      });
    expect(finished).toBe(true);
    expect(page.items).toHaveLength(5);
    const caught = await client(server.url).paginate<Item>(LIST_DATASETS, { pageSize: 1000 }).catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(ValidationError);
  });
});

describe('PagePromise: for await walks every page', () => {
  it('23 items, page_size 5: 5 pages, every item once and in order', async () => {
    const server = await catalogue();
    const got = await collect(client(server.url).paginate<Item>(LIST_DATASETS, { q: 'pib', pageSize: 5 }));
    expect(got).toEqual(ITEMS);
    expect(new Set(got.map((item) => item.id)).size).toBe(23);
    expect(pagesAsked(server)).toEqual([null, '2', '3', '4', '5']);
    // Every request keeps the caller's other arguments.
    for (const request of server.requests) {
      expect(request.query.get('q')).toBe('pib');
      expect(request.query.get('page_size')).toBe('5');
    }
  });

  it('starts at the page asked for', async () => {
    const server = await catalogue();
    const got = await collect(client(server.url).paginate<Item>(LIST_DATASETS, { page: 3, pageSize: 5 }));
    expect(got).toEqual(ITEMS.slice(10));
    expect(pagesAsked(server)).toEqual(['3', '4', '5']);
  });

  it('handles a count that divides evenly (no empty extra page)', async () => {
    const server = await catalogue({ items: ITEMS.slice(0, 20) });
    expect(await collect(client(server.url).paginate<Item>(LIST_DATASETS, { pageSize: 5 }))).toEqual(ITEMS.slice(0, 20));
    expect(server.requests).toHaveLength(4);
  });

  it('yields nothing for an empty result, after one request', async () => {
    const server = await catalogue({ items: [] });
    const pages = client(server.url).paginate<Item>(LIST_DATASETS, { pageSize: 5 });
    expect(await collect(pages)).toEqual([]);
    expect((await pages).page_total).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('stops on an empty page even if page_total claims more', async () => {
    const server = await catalogue({ lyingPageTotal: 50 });
    expect(await collect(client(server.url).paginate<Item>(LIST_DATASETS, { pageSize: 10 }))).toEqual(ITEMS);
    expect(pagesAsked(server)).toEqual([null, '2', '3', '4']);
  });

  it('without page_total, pages by count / page_size, and the page says so', async () => {
    const server = await catalogue({ omit: ['page_total'] });
    expect(await collect(client(server.url).paginate<Item>(LIST_DATASETS, { pageSize: 5 }))).toEqual(ITEMS);
    expect(server.requests).toHaveLength(5);
    expect((await client(server.url).paginate<Item>(LIST_DATASETS, { pageSize: 5 })).page_total).toBe(5);
  });

  it('terminates against a server that ignores the page parameter', async () => {
    const server = await catalogue({ ignorePageParam: true });
    const got = await collect(client(server.url).paginate<Item>(LIST_DATASETS, { pageSize: 10 }));
    expect(server.requests).toHaveLength(3);
    expect(got).toHaveLength(30);
  });

  it('retries a failed page and still yields every item once', async () => {
    const server = await catalogue({ failPageOnce: 3 });
    expect(await collect(client(server.url).paginate<Item>(LIST_DATASETS, { pageSize: 5 }))).toEqual(ITEMS);
    expect(pagesAsked(server)).toEqual([null, '2', '3', '3', '4', '5']);
  });

  it('pages() yields each Page', async () => {
    const server = await catalogue();
    const pages = await collect(client(server.url).paginate<Item>(LIST_DATASETS, { pageSize: 5 }).pages());
    expect(pages.map((page) => page.page)).toEqual([1, 2, 3, 4, 5]);
    expect(pages.map((page) => page.items.length)).toEqual([5, 5, 5, 5, 3]);
  });

  it('a Page iterates its own items and every later page', async () => {
    const server = await catalogue();
    const second = await (await client(server.url).paginate<Item>(LIST_DATASETS, { pageSize: 5 })).getNextPage();
    expect(await collect(second)).toEqual(ITEMS.slice(5));
  });

  it('stops when the signal aborts between pages', async () => {
    const server = await catalogue();
    const controller = new AbortController();
    const got: Item[] = [];
    let error: unknown;
    try {
      for await (const item of client(server.url).paginate<Item>(LIST_DATASETS, { pageSize: 5 }, { signal: controller.signal })) {
        got.push(item);
        if (got.length === 7) controller.abort();
      }
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ name: 'CancelledError', kind: 'cancelled' });
    expect(got).toEqual(ITEMS.slice(0, 10));
    expect(server.requests).toHaveLength(2);
  });

  it('rejects the iteration with the typed error of a failing page', async () => {
    const server = await startServer((_req, res) => sendJson(res, 404, { title: 'Not found', status: 404 }));
    servers.push(server);
    await expect(collect(client(server.url).paginate<Item>(LIST_DATASETS, {}))).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('paginate: misuse', () => {
  it('throws for an operation that is not paginated', () => {
    expect(() => client('http://127.0.0.1:1').paginate(GET_DATASET, { datasetId: 'x' })).toThrow(
      /getDataset is not a paginated operation/,
    );
  });

  it('throws for a paginated operation without the page parameter', () => {
    const op: OperationSpec = { ...LIST_DATASETS, params: LIST_DATASETS.params.filter((p) => p.name !== 'page') };
    expect(() => client('http://127.0.0.1:1').paginate(op, {})).toThrow(/listDatasets has no "page" query parameter/);
  });

  it('rejects a response that is not a page', async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, { results: [] }));
    servers.push(server);
    const op: OperationSpec = { ...LIST_DATASETS, id: 'listThings' };
    await expect(Promise.resolve(client(server.url).paginate(op, {}))).rejects.toThrow(/listThings: the response has no "items" array/);
  });
});

describe('an operation with its own page fields (search: results, no page_total)', () => {
  const SEARCH: OperationSpec = { ...LIST_DATASETS, id: 'search', path: '/search/', pagination: { items: 'results', pageTotal: null } };

  it('reads the items from its field and computes page_total, the body left as received', async () => {
    const server = await catalogue({ itemsField: 'results', omit: ['page_total'] });
    const page = await client(server.url).paginate<Item>(SEARCH, { pageSize: 5 });
    expect(page.items).toEqual(ITEMS.slice(0, 5));
    expect(page).toMatchObject({ page: 1, page_size: 5, count: 23, page_total: 5 });
    expect(page.body).not.toHaveProperty('page_total');
    expect(server.requests[0]?.path).toBe('/search/');
  });

  it('walks every page to the last partial one, every item once', async () => {
    const server = await catalogue({ itemsField: 'results', omit: ['page_total'] });
    expect(await collect(client(server.url).paginate<Item>(SEARCH, { pageSize: 10 }))).toEqual(ITEMS);
    expect(pagesAsked(server)).toEqual([null, '2', '3']);
  });

  it('ignores a page_total it does not declare: the count decides', async () => {
    const server = await catalogue({ itemsField: 'results', lyingPageTotal: 99 });
    expect(await collect(client(server.url).paginate<Item>(SEARCH, { pageSize: 10 }))).toEqual(ITEMS);
    expect(server.requests).toHaveLength(3);
  });
});
