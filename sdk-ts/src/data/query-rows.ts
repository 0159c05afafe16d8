/**
 * The rows of one result, read page by page: through jobs.getQueryResults
 * (`jobs.ts`, the next page prefetched while this one is consumed) or through
 * the Storage Read API (`read-paths.ts`, one page per Arrow batch). `await`
 * collects every row; `for await` streams them so memory stays flat;
 * `pages()` gives pages in BigQuery's JSON wire shape. Downloads write from
 * the pages directly (`ResultPage.fileLines`). The read starts on first use, once.
 */
import { csvLines, jsonLines } from './formats.js';
import { convertRow, type ResultColumn, type TypeMapping, type WireRow } from './values.js';

/** One page of a result, as BigQuery sent it. */
export interface WirePage {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly WireRow[];
  /** Rows in the whole result. */
  readonly totalRows: number;
}

/** Fetches one page: `pageToken` undefined for the first; resolves when the job is complete. The signal stops this page only. */
export type PageSource = (pageToken: string | undefined, signal?: AbortSignal) => Promise<WirePage & { readonly pageToken?: string }>;

/** One page of a result, whichever way it travelled. @internal */
export interface ResultPage {
  readonly columns: readonly ResultColumn[];
  /** Rows in the whole result. */
  readonly totalRows: number;
  /** Rows in this page. */
  readonly length: number;
  /** The rows as the SDK returns them. */
  rows(mapping: TypeMapping): Record<string, unknown>[];
  /** The page's lines in a downloaded file (no CSV header). */
  fileLines(format: 'csv' | 'jsonl'): string;
  /** The page in BigQuery's JSON wire shape. */
  wire(): WirePage;
}

/** A started read: its columns and row count, and its pages (each call reads them all again). @internal */
export interface ResultSource {
  readonly columns: readonly ResultColumn[];
  readonly totalRows: number;
  pages(): AsyncGenerator<ResultPage>;
}

/** A REST page as a {@link ResultPage}. */
export function restPage(page: WirePage): ResultPage {
  return {
    columns: page.columns,
    totalRows: page.totalRows,
    length: page.rows.length,
    rows: (mapping) => page.rows.map((row) => convertRow(page.columns, row, mapping)),
    fileLines: (format) => (format === 'csv' ? csvLines(page.columns, page.rows) : jsonLines(page.columns, page.rows)),
    wire: () => ({ columns: page.columns, rows: page.rows, totalRows: page.totalRows }),
  };
}

/**
 * The pages of a query job over REST from its first page: the request for
 * page n+1 is sent before page n is handed over, so fetching overlaps parsing
 * and consuming (one page ahead, no more). Its failure surfaces in order,
 * after page n; stopping early aborts it.
 */
export function restSource(first: WirePage & { readonly pageToken?: string }, fetchPage: PageSource, signal: AbortSignal | undefined): ResultSource {
  return {
    columns: first.columns,
    totalRows: first.totalRows,
    async *pages() {
      const stop = new AbortController();
      const pageSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
      let page = first;
      try {
        for (;;) {
          const next = page.pageToken ? fetchPage(page.pageToken, pageSignal) : undefined;
          // Awaited below in order; this only keeps a failure after an early stop from going unhandled.
          next?.catch(() => undefined);
          yield restPage(page);
          if (!next) return;
          page = await next;
        }
      } finally {
        stop.abort(new Error('the reader stopped'));
      }
    },
  };
}

/** Rows of a query: awaitable (all rows) and async-iterable (streamed). */
export class QueryRows<Row = Record<string, unknown>> implements PromiseLike<Row[]>, AsyncIterable<Row> {
  #source: Promise<ResultSource> | undefined;
  #all: Promise<Row[]> | undefined;

  /** @internal */
  constructor(
    private readonly start: () => Promise<ResultSource>,
    private readonly mapping: TypeMapping,
  ) {}

  private source(): Promise<ResultSource> {
    this.#source ??= this.start();
    return this.#source;
  }

  /** The result's columns, with their BigQuery types (standard SQL names). */
  async columns(): Promise<readonly ResultColumn[]> {
    return (await this.source()).columns;
  }

  /** Rows in the whole result, as BigQuery counts them (a direct table read with `rowRestriction`: the read session's estimate). */
  async totalRows(): Promise<number> {
    return (await this.source()).totalRows;
  }

  /** Every page in BigQuery's JSON wire shape, in order; each page is fetched (and retried) on its own. */
  async *pages(): AsyncGenerator<WirePage> {
    for await (const page of this.resultPages()) yield page.wire();
  }

  /** Every page as read, for downloads. @internal */
  async *resultPages(): AsyncGenerator<ResultPage> {
    yield* (await this.source()).pages();
  }

  /**
   * The rows one by one. A hand-written iterator rather than an async
   * generator: a row already converted is handed over in one resolved promise
   * (a generator's `yield` costs several microtask turns per row, a third of a
   * fast read). Leaving the loop early (`break`, `return`, an exception) stops
   * the read: the pages' generator is returned, which cancels what is in flight.
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<Row> {
    const pages = this.resultPages();
    const mapping = this.mapping;
    let rows: readonly Row[] = [];
    let index = 0;
    let finished = false;
    // The next page, while it is awaited: concurrent calls wait for the same one.
    let refill: Promise<void> | undefined;
    const iterator: AsyncIterableIterator<Row> = {
      [Symbol.asyncIterator]: () => iterator,
      next(): Promise<IteratorResult<Row>> {
        if (index < rows.length) return Promise.resolve({ value: rows[index++]!, done: false });
        if (finished) return Promise.resolve({ value: undefined, done: true });
        refill ??= pages.next().then(
          (page) => {
            refill = undefined;
            if (page.done) finished = true;
            else {
              rows = page.value.rows(mapping) as Row[];
              index = 0;
            }
          },
          (error: unknown) => {
            refill = undefined;
            finished = true;
            throw error;
          },
        );
        return refill.then(() => iterator.next());
      },
      async return(value?: unknown): Promise<IteratorResult<Row>> {
        finished = true;
        rows = [];
        await pages.return(undefined);
        return { value: value as Row, done: true };
      },
    };
    return iterator;
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
      for await (const page of this.resultPages()) {
        for (const row of page.rows(this.mapping)) rows.push(row as Row);
      }
      return rows;
    })();
    return this.#all;
  }
}
