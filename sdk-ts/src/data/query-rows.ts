/**
 * The rows of one query, read page by page through jobs.getQueryResults.
 * `await` collects every row; `for await` streams them so memory stays flat;
 * `pages()` gives the raw pages (wire rows), which downloads write as they come.
 */
import type { Job } from '@google-cloud/bigquery';
import { convertRow, toColumns, type ResultColumn, type TypeMapping, type WireRow } from './values.js';

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

/** What a jobs.getQueryResults answer holds that the SDK reads. */
interface QueryResultsBody {
  jobComplete?: boolean;
  schema?: { fields?: [] };
  totalRows?: string;
  pageToken?: string;
  rows?: WireRow[];
}

/** A BigQuery error answer, shaped like the client's ApiError so the same mapping applies. */
function apiError(status: number, headers: Record<string, string | string[] | undefined>, text: string): Error {
  let body: { error?: { message?: string; errors?: { reason?: string; message?: string; location?: string }[] } } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON: keep the status and the text
  }
  return Object.assign(new Error(body.error?.message ?? (text.slice(0, 200) || `HTTP ${status}`)), {
    code: status,
    errors: body.error?.errors ?? [],
    response: { headers },
  });
}

/**
 * One jobs.getQueryResults call through the client's own authenticated
 * request stream (same endpoint, credentials and user agent as every other
 * call). Not `job.getQueryResults()`: that deep-copies each page of rows
 * (`extend(true, ...)` in @google-cloud/common), about a quarter of a read's
 * time (bench/read-sql.mjs).
 */
function fetchResults(job: Job, qs: Record<string, unknown>): Promise<QueryResultsBody> {
  return new Promise((resolve, reject) => {
    const stream = job.bigQuery.requestStream({ uri: `/queries/${job.id}`, qs });
    let status = 0;
    let headers: Record<string, string | string[] | undefined> = {};
    const chunks: Buffer[] = [];
    stream.on('response', (response: { statusCode?: number; headers?: typeof headers }) => {
      status = response.statusCode ?? 0;
      headers = response.headers ?? {};
    });
    stream.on('data', (chunk: Buffer | string) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    stream.on('error', reject);
    stream.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (status < 200 || status >= 300) {
        reject(apiError(status, headers, text));
        return;
      }
      try {
        resolve(JSON.parse(text) as QueryResultsBody);
      } catch (error) {
        // A body cut short parses as broken JSON: a network failure, retried like one.
        reject(Object.assign(new Error(`incomplete response from BigQuery: ${(error as Error).message}`), { code: 'ECONNRESET' }));
      }
    });
  });
}

/** Reads a job's result pages with jobs.getQueryResults, polling while the job runs. */
export function jobPages(job: Job, pageSize: number, retry: <T>(request: () => Promise<T>) => Promise<T>): PageSource {
  return async (pageToken) => {
    for (;;) {
      const body = await retry(() => fetchResults(job, {
        maxResults: pageSize,
        'formatOptions.useInt64Timestamp': true,
        ...(pageToken ? { pageToken } : {}),
        ...(job.location ? { location: job.location } : {}),
      }));
      if (body.jobComplete === false) continue; // the server waited timeoutMs already; ask again
      return {
        columns: toColumns(body.schema?.fields),
        rows: body.rows ?? [],
        totalRows: Number(body.totalRows ?? 0),
        ...(body.pageToken ? { pageToken: body.pageToken } : {}),
      };
    }
  };
}
