/**
 * The REST path prefetches the next page while this one is consumed: proven
 * by events (the page-2 request reaches the dispatcher while the reader still
 * holds row 1 of page 1), with the prefetched page's errors in order and an
 * early stop leaving nothing behind.
 */
import { startDatalake, type Datalake } from '../../../datalake/src/index.js';
import { Agent, type Dispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BaseDosDados } from '../../../sdk-ts/src/index.js';

const SQL = 'SELECT id FROM `basedosdados.br_bd_sintetico.linhas_3000` ORDER BY id';
let datalake: Datalake;

/** An undici agent that reports each getQueryResults request carrying a page token. */
class PageSpy extends Agent {
  readonly tokens: string[] = [];
  #waiting: (() => void) | undefined;

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const token = /[?&]pageToken=([^&]+)/.exec(String(options.path))?.[1];
    if (token) {
      this.tokens.push(token);
      this.#waiting?.();
    }
    return super.dispatch(options, handler);
  }

  /** Resolves once a page-token request has been dispatched (never, without prefetch, while page 1 is held). */
  pageRequested(): Promise<void> {
    return this.tokens.length > 0 ? Promise.resolve() : new Promise((resolve) => (this.#waiting = resolve));
  }
}

beforeAll(async () => {
  datalake = await startDatalake({ port: 0 });
});
afterEach(() => datalake.faults.clear());
afterAll(async () => {
  await datalake?.close();
});

function client(dispatcher: Dispatcher): BaseDosDados {
  return new BaseDosDados({ baseUrl: datalake.url, bigqueryEndpoint: datalake.url, billingProjectId: 'projeto-de-teste', pageSize: 1000, dispatcher, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
}

describe('REST prefetch', () => {
  it('requests page 2 while row 1 of page 1 is still being consumed', async () => {
    const spy = new PageSpy();
    const rows = client(spy).readSql<{ id: number }>(SQL, { readApi: 'rest' })[Symbol.asyncIterator]();
    const first = await rows.next();
    expect(first.value).toEqual({ id: 1 });
    await spy.pageRequested();
    expect(spy.tokens).toHaveLength(1);
    const ids = [1];
    for (let next = await rows.next(); !next.done; next = await rows.next()) ids.push(next.value.id);
    expect(ids).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
    // One page ahead, no more: pages 2 and 3, each requested once.
    expect(spy.tokens).toHaveLength(2);
    await spy.close();
  });

  it("surfaces a prefetched page's failure after the rows before it, in order", async () => {
    // getQueryResults: 1 = page 1, 2 = page 2 (prefetched), then its retries: refused for good.
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/queries/', nth: [2, 3, 4, 5, 6], status: 404 }] });
    const spy = new PageSpy();
    const ids: number[] = [];
    const error = await (async () => {
      for await (const row of client(spy).readSql<{ id: number }>(SQL, { readApi: 'rest' })) ids.push(row.id);
    })().then(() => undefined, (e: unknown) => e);
    expect(ids).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(error).toMatchObject({ status: 404, message: expect.stringMatching(/Injected fault 404/) as unknown });
    await spy.close();
  });

  it('an early stop aborts the prefetched page without an unhandled rejection', async () => {
    const spy = new PageSpy();
    for await (const row of client(spy).readSql<{ id: number }>(SQL, { readApi: 'rest' })) {
      expect(row).toEqual({ id: 1 });
      await spy.pageRequested();
      break;
    }
    // Vitest fails the run on an unhandled rejection; a later read on the same dispatcher still works.
    expect(await client(spy).readSql(SQL, { readApi: 'rest' })).toHaveLength(3000);
    await spy.close();
  });
});
