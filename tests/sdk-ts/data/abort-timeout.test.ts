/**
 * Abort and timeout in flight for the data functions, against the local
 * datalake holding requests open for ten minutes (its `delayMs` fault), far
 * longer than a test may run: an abort cuts the pending request, whichever it
 * is (job insert, a result page, a poll, a dry run, a download's page), with
 * the `cancelled` kind, and a try that takes longer than `timeoutMs` ends,
 * after the policy's retries, in a TimeoutError. That the call settles at all
 * proves the request was cut; no test measures elapsed time.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../../sdk-ts/src/core/retry.js';
import { BaseDosDados, CancelledError, TimeoutError } from '../../../sdk-ts/src/index.js';

const BILLING = 'projeto-de-teste';
/** A request held this long is never answered while a test runs. */
const FOREVER_MS = 600_000;
let datalake: Datalake;
let bd: BaseDosDados;

beforeAll(async () => {
  datalake = await startDatalake({ port: 0 });
  bd = new BaseDosDados({ bigqueryEndpoint: datalake.url, billingProjectId: BILLING, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
});
afterEach(() => datalake.faults.clear());
afterAll(async () => {
  await datalake?.close();
});

/** Runs `run` and resolves with how it settled. */
async function settle(run: () => PromiseLike<unknown>): Promise<{ value?: unknown; error?: unknown }> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error };
  }
}

/** A signal aborted once the datalake holds a request open (its `delayed` count grows past `held`). */
function abortWhenHeld(held = 0): AbortSignal {
  const controller = new AbortController();
  const check = setInterval(() => {
    if (datalake.stats().faults.delayed > held) {
      clearInterval(check);
      controller.abort();
    }
  }, 5);
  controller.signal.addEventListener('abort', () => clearInterval(check));
  return controller.signal;
}

describe('an abort stops the request in flight', () => {
  const slow = (path: string, method?: string) => ({ rules: [{ scope: 'bigquery', path, ...(method ? { method } : {}), delayMs: FOREVER_MS }] });
  const cases: { name: string; faults: object; run: (signal: AbortSignal) => PromiseLike<unknown> }[] = [
    { name: 'a held result page (readSql)', faults: slow('/queries/'), run: (signal) => bd.readSql('SELECT 1 AS x', { signal }) },
    { name: 'a held job insert', faults: slow('/jobs', 'POST'), run: (signal) => bd.readSql('SELECT 1 AS x', { signal }) },
    { name: 'a held dry run', faults: slow('/jobs', 'POST'), run: (signal) => bd.estimateQuery('SELECT 1', { signal }) },
    { name: 'a held page of readTable', faults: slow('/queries/'), run: (signal) => bd.readTable('br_bd_diretorios_brasil', 'uf', { signal }) },
  ];

  it.each(cases)('$name: the cancelled kind, no rows', async ({ faults, run }) => {
    datalake.faults.set(faults as never);
    datalake.resetStats();
    const signal = abortWhenHeld();
    const outcome = await settle(() => run(signal));
    expect(outcome.value).toBeUndefined();
    expect(outcome.error).toBeInstanceOf(CancelledError);
    expect(outcome.error).toMatchObject({ kind: 'cancelled' });
    expect((outcome.error as Error).cause).toBe(signal.reason);
    expect(datalake.stats().faults.delayed).toBe(1);
  });

  it('a later page of a streamed read, mid-iteration', async () => {
    // The third result page is held open; the loop has rows of the first two.
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/queries/', nth: [3], delayMs: FOREVER_MS }] });
    datalake.resetStats();
    const signal = abortWhenHeld();
    let rows = 0;
    const outcome = await settle(async () => {
      for await (const _row of bd.readSql('SELECT * FROM `basedosdados.br_bd_sintetico.linhas_3000` ORDER BY id', { pageSize: 1_000, signal })) rows += 1;
    });
    expect(outcome.error).toBeInstanceOf(CancelledError);
    expect(rows).toBe(2_000);
  });

  it('a download whose page is pending leaves no file', async () => {
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/queries/', nth: [2], delayMs: FOREVER_MS }] });
    datalake.resetStats();
    const dir = mkdtempSync(join(tmpdir(), 'bd-abort-'));
    const outcome = await settle(() => bd.download('SELECT * FROM `basedosdados.br_bd_sintetico.linhas_3000`', join(dir, 'x.csv'), { pageSize: 1_000, signal: abortWhenHeld() }));
    expect(outcome.error).toBeInstanceOf(CancelledError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a job that never completes: polled with a growing pause, never spinning, and stopped by the abort', async () => {
    datalake.faults.set({ incompletePolls: 1_000_000, rules: [] });
    datalake.resetStats();
    const controller = new AbortController();
    const pauses: number[] = [];
    // The pauses the poller asks for are recorded; the eighth is a real one, cut by the abort.
    const retry = {
      initialDelayMs: 1,
      maxDelayMs: 5,
      sleep: (ms: number, signal?: AbortSignal) => {
        pauses.push(ms);
        if (pauses.length < 8) return Promise.resolve();
        const waiting = sleep(FOREVER_MS, signal);
        controller.abort();
        return waiting;
      },
    };
    const polling = new BaseDosDados({ bigqueryEndpoint: datalake.url, billingProjectId: BILLING, retry });
    const outcome = await settle(() => polling.readSql('SELECT 1 AS x', { signal: controller.signal }));
    expect(outcome.error).toBeInstanceOf(CancelledError);
    expect(pauses).toEqual([50, 100, 200, 400, 800, 1_000, 1_000, 1_000]);
    expect(datalake.stats().operations['jobs.getQueryResults']).toBe(8);
  });

  it('an already aborted signal sends nothing', async () => {
    datalake.resetStats();
    await expect(bd.readSql('SELECT 1', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancelledError);
    expect(datalake.stats().requests.bigquery).toBe(0);
  });
});

describe('timeoutMs bounds each try of each request', () => {
  it('a page that is never answered: retried as the policy says, then TimeoutError', async () => {
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/queries/', delayMs: FOREVER_MS }] });
    datalake.resetStats();
    const outcome = await settle(() => bd.readSql('SELECT 1 AS x', { timeoutMs: 200 }));
    expect(outcome.error).toBeInstanceOf(TimeoutError);
    expect(outcome.error).toMatchObject({ kind: 'timeout', attempts: 4 });
    expect((outcome.error as Error).message).toMatch(/^BigQuery jobs\.getQueryResults to http:\/\/127\.0\.0\.1:\d+ timed out \(200 ms per attempt\) after 4 attempts$/);
    expect(datalake.stats().operations['jobs.getQueryResults']).toBe(4);
  });

  it('a try that is never answered is retried, and a later try can succeed', async () => {
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/queries/', nth: [1], delayMs: FOREVER_MS }] });
    const outcome = await settle(() => bd.readSql<{ x: number }>('SELECT 1 AS x', { timeoutMs: 300 }));
    expect(outcome.value).toEqual([{ x: 1 }]);
  });

  it('the client option applies to every call; the call option overrides it', async () => {
    // The first dry run is held for ever, the second answered at once.
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/jobs', method: 'POST', nth: [1], delayMs: FOREVER_MS }] });
    const quick = new BaseDosDados({ bigqueryEndpoint: datalake.url, billingProjectId: BILLING, timeoutMs: 150, retry: { maxAttempts: 1 } });
    await expect(quick.estimateQuery('SELECT 1')).rejects.toBeInstanceOf(TimeoutError);
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/jobs', method: 'POST', delayMs: 1_000 }] });
    await expect(quick.estimateQuery('SELECT 1', { timeoutMs: 60_000 })).resolves.toMatchObject({ bytes_processed: 0 });
  });

  it('a job that runs longer than one try is polled, each poll within the timeout', async () => {
    // Each poll of this job answers "not complete" three times before the rows.
    datalake.faults.set({ incompletePolls: 3, rules: [] });
    datalake.resetStats();
    const rows = await bd.readSql<{ x: number }>('SELECT 1 AS x', { timeoutMs: 2_000 });
    expect(rows).toEqual([{ x: 1 }]);
    expect(datalake.stats().operations['jobs.getQueryResults']).toBeGreaterThanOrEqual(3);
  });

  it('refuses a nonsensical timeout', () => {
    expect(() => bd.readSql('SELECT 1', { timeoutMs: 0 })).toThrow(RangeError);
    expect(() => bd.readSql('SELECT 1', { timeoutMs: -1 })).toThrow(/timeoutMs must be a positive number/);
  });
});
