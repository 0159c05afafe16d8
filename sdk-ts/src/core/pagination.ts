/**
 * Paged list operations: one page ({@link Page}) and the value a list method
 * returns ({@link PagePromise}), which is awaited for one page or iterated with
 * `for await` for every item of every page.
 *
 * @module
 */

import { createError } from './errors.js';
import type { CallArgs, OperationSpec } from './params.js';

/** How list operations are paged: the spec's `x-bd-pagination`, camelCased. */
export interface PaginationSpec {
  /** The query parameter (and envelope field) holding the page number, starting at 1. */
  readonly pageParam: string;
  /** The query parameter (and envelope field) holding the page size. */
  readonly pageSizeParam: string;
  /** The envelope field holding the page's items. */
  readonly items: string;
  /** The envelope field holding the number of pages. */
  readonly pageTotal: string;
  /** The envelope field holding the number of items across all pages. */
  readonly count: string;
}

/** Where one operation's page keeps its items and its number of pages (`null`: it does not say; computed). */
export interface PageFields {
  /** The field holding the page's items (`items`; search's `results`). */
  readonly items: string;
  /** The field holding the number of pages, or `null` when the page has none. */
  readonly pageTotal: string | null;
}

/** Fetches the response body of a list operation for the given arguments (keyed by label). */
export type PageFetcher = (args: CallArgs) => Promise<unknown>;

/** What a {@link Page} needs to fetch the pages after it. */
export interface PageContext {
  /** The list operation. */
  readonly op: OperationSpec;
  /** Where the envelope keeps its fields. */
  readonly pagination: PaginationSpec;
  /** Fetches one page's body. */
  readonly fetchPage: PageFetcher;
}

function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function labelOf(op: OperationSpec, wireName: string): string | undefined {
  return op.params.find((p) => p.in === 'query' && p.name === wireName)?.label;
}

/**
 * One page of a list operation. `items`, `page`, `page_size`, `count` and `page_total`
 * are the envelope's fields (`items` read from the operation's own items field, search's
 * `results`); `body` is the whole response as received (a search page also carries
 * `aggregations`). Iterating a page with `for await` yields its
 * items and those of every later page.
 */
export class Page<T, Body extends object = Record<string, unknown>> implements AsyncIterable<T> {
  /** This page's items. */
  readonly items: readonly T[];
  /** This page's number, starting at 1. */
  readonly page: number;
  /** Items per page (`undefined` if the server did not say and none was asked for). */
  readonly page_size: number | undefined;
  /** Items across all pages (`undefined` if the server did not say). */
  readonly count: number | undefined;
  /** Number of pages: the envelope's, else `count / page_size` rounded up (`undefined` if neither is known). */
  readonly page_total: number | undefined;
  /** The whole response body. */
  readonly body: Body;
  /** The arguments this page was fetched with. */
  readonly args: CallArgs;

  readonly #context: PageContext;
  readonly #requestedPage: number;

  /**
   * @param body - The response body of the list operation.
   * @param args - The arguments it was fetched with, keyed by label.
   * @param context - The operation, the pagination spec and how to fetch another page.
   */
  constructor(body: Body, args: CallArgs, context: PageContext) {
    const { pagination, op } = context;
    const fields: PageFields = op.pagination ?? pagination;
    const envelope = body as Record<string, unknown>;
    const items = envelope[fields.items];
    if (!Array.isArray(items)) {
      throw createError('unknown', `${op.id}: the response has no "${fields.items}" array, so it is not a page`);
    }
    const pageLabel = labelOf(op, pagination.pageParam);
    const pageSizeLabel = labelOf(op, pagination.pageSizeParam);
    // Later pages are numbered from the page we asked for, not the one the server
    // echoes, so a server that ignores the page parameter cannot make us loop.
    this.#requestedPage = finiteNumber(pageLabel === undefined ? undefined : args[pageLabel]) ?? 1;
    this.#context = context;
    this.items = items as T[];
    this.page = finiteNumber(envelope[pagination.pageParam]) ?? this.#requestedPage;
    this.page_size =
      finiteNumber(envelope[pagination.pageSizeParam]) ??
      finiteNumber(pageSizeLabel === undefined ? undefined : args[pageSizeLabel]);
    this.count = finiteNumber(envelope[pagination.count]);
    // A page that does not carry its number of pages (search's) gets it computed, the last partial page counted.
    this.page_total =
      (fields.pageTotal === null ? undefined : finiteNumber(envelope[fields.pageTotal])) ??
      (this.count !== undefined && this.page_size !== undefined && this.page_size > 0 ? Math.ceil(this.count / this.page_size) : undefined);
    this.body = body;
    this.args = args;
  }

  /** Whether a later page has items: false on an empty page and on the last page. */
  hasNextPage(): boolean {
    if (this.items.length === 0) return false;
    return this.page_total === undefined ? true : this.#requestedPage < this.page_total;
  }

  /** The arguments that fetch the next page, or `undefined` if there is none. */
  nextPageArgs(): CallArgs | undefined {
    if (!this.hasNextPage()) return undefined;
    const pageLabel = labelOf(this.#context.op, this.#context.pagination.pageParam);
    if (pageLabel === undefined) return undefined;
    return { ...this.args, [pageLabel]: this.#requestedPage + 1 };
  }

  /** Fetches the next page. Rejects if there is none; check {@link Page.hasNextPage} first. */
  async getNextPage(): Promise<Page<T, Body>> {
    const args = this.nextPageArgs();
    if (args === undefined) throw new RangeError(`${this.#context.op.id}: page ${this.page} is the last page`);
    const body = (await this.#context.fetchPage(args)) as Body;
    return new Page<T, Body>(body, args, this.#context);
  }

  /** This page and every later one, fetched one at a time as the loop asks. */
  async *iterPages(): AsyncGenerator<Page<T, Body>, void, undefined> {
    let page: Page<T, Body> = this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  /** Every item of this page and of every later page, in order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.iterPages()) yield* page.items;
  }
}

/**
 * What a list method returns. `await` it for the one page asked for (a single
 * request); iterate it with `for await` for every item from that page to the last,
 * each exactly once. The first page is fetched once, on first use, and shared.
 *
 * @example
 * const first = await client.datasets.list({ q: 'pib' });   // one page
 * for await (const dataset of client.datasets.list({ q: 'pib' })) console.log(dataset.slug);
 */
export class PagePromise<T, Body extends object = Record<string, unknown>>
  implements PromiseLike<Page<T, Body>>, AsyncIterable<T>
{
  readonly #load: () => Promise<Page<T, Body>>;
  #firstPage: Promise<Page<T, Body>> | undefined;

  /** @param load - Fetches the first page; called at most once. */
  constructor(load: () => Promise<Page<T, Body>>) {
    this.#load = load;
  }

  #first(): Promise<Page<T, Body>> {
    this.#firstPage ??= this.#load();
    return this.#firstPage;
  }

  /** Fetches the page asked for (once) and settles with it. */
  then<R1 = Page<T, Body>, R2 = never>(
    onFulfilled?: ((page: Page<T, Body>) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#first().then(onFulfilled, onRejected);
  }

  /** Like `Promise.prototype.catch`. */
  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page<T, Body> | R> {
    return this.#first().catch(onRejected);
  }

  /** Like `Promise.prototype.finally`. */
  finally(onFinally?: (() => void) | null): Promise<Page<T, Body>> {
    return this.#first().finally(onFinally);
  }

  /** Every page from the one asked for to the last. */
  async *pages(): AsyncGenerator<Page<T, Body>, void, undefined> {
    yield* (await this.#first()).iterPages();
  }

  /** Every item from the page asked for to the last page, in order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    yield* await this.#first();
  }
}

/**
 * A {@link PagePromise} for a list operation: `fetchPage` is called with `args`
 * for the first page and with the page argument advanced for each later one.
 * Throws a `TypeError` if `op` is not marked `paginated` or has no page parameter
 * (a bug in the generated code).
 */
export function createPagePromise<T, Body extends object = Record<string, unknown>>(
  context: PageContext,
  args: CallArgs,
): PagePromise<T, Body> {
  if (!context.op.paginated) {
    throw new TypeError(`${context.op.id} is not a paginated operation; use call() instead of paginate()`);
  }
  if (labelOf(context.op, context.pagination.pageParam) === undefined) {
    throw new TypeError(`${context.op.id} has no "${context.pagination.pageParam}" query parameter, so it cannot be paged`);
  }
  return new PagePromise<T, Body>(async () => {
    const body = (await context.fetchPage(args)) as Body;
    return new Page<T, Body>(body, args, context);
  });
}
