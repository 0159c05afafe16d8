/**
 * The rows of one query, read page by page through jobs.getQueryResults
 * (`jobs.ts`). `await` collects every row; `for await` streams them so memory
 * stays flat; `pages()` gives the raw pages (wire rows), which downloads write
 * as they come. The query starts on first use, once.
 */
import { convertRow, type ResultColumn, type TypeMapping, type WireRow } from './values.js';

/** One page of a result, as BigQuery sent it. */
export interface WirePage {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly WireRow[];
  /** Rows in the whole result. */
  readonly totalRows: number;
}

/** Fetches one page: `pageToken` undefined for the first; resolves when the job is complete. */
export type PageSource = (pageToken: string | undefined) => Promise<WirePage & { readonly pageToken?: string }>;

/** Rows of a query: awaitable (all rows) and async-iterable (streamed). */
export class QueryRows<Row = Record<string, unknown>> implements PromiseLike<Row[]>, AsyncIterable<Row> {
  #first: Promise<WirePage & { readonly pageToken?: string }> | undefined;
  #all: Promise<Row[]> | undefined;

  /** @internal */
  constructor(
    private readonly start: () => Promise<PageSource>,
    private readonly mapping: TypeMapping,
  ) {}

  #source: Promise<PageSource> | undefined;

  private source(): Promise<PageSource> {
    this.#source ??= this.start();
    return this.#source;
  }

  private firstPage(): Promise<WirePage & { readonly pageToken?: string }> {
    this.#first ??= this.source().then((fetchPage) => fetchPage(undefined));
    return this.#first;
  }

  /** The result's columns, with their BigQuery types (standard SQL names). */
  async columns(): Promise<readonly ResultColumn[]> {
    return (await this.firstPage()).columns;
  }

  /** Rows in the whole result, as BigQuery counts them. */
  async totalRows(): Promise<number> {
    return (await this.firstPage()).totalRows;
  }

  /** Every page as BigQuery sent it, in order; each page is fetched (and retried) on its own. */
  async *pages(): AsyncGenerator<WirePage> {
    const fetchPage = await this.source();
    let page = await this.firstPage();
    for (;;) {
      yield page;
      if (!page.pageToken) return;
      page = await fetchPage(page.pageToken);
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Row> {
    for await (const page of this.pages()) {
      for (const row of page.rows) yield convertRow(page.columns, row, this.mapping) as Row;
    }
  }

  then<A = Row[], B = never>(onFulfilled?: ((rows: Row[]) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.all().then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<Row[] | B> {
    return this.all().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<Row[]> {
    return this.all().finally(onFinally);
  }

  /** Every row, collected once however often it is awaited. */
  private all(): Promise<Row[]> {
    this.#all ??= (async () => {
      const rows: Row[] = [];
      for await (const row of this) rows.push(row);
      return rows;
    })();
    return this.#all;
  }
}
