/**
 * Abort and timeout in flight for the data functions, against the local
 * datalake holding requests open (its `delayMs` fault): an abort cuts the
 * pending request at once, whichever it is (job insert, a result page, a poll,
 * a dry run, a download's page), and a try that takes longer than `timeoutMs`
 * ends, after the policy's retries, in a TimeoutError.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BaseDosDados, TimeoutError } from '../../../sdk-ts/src/index.js';

const BILLING = 'projeto-de-teste';
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

/** Runs `run` and resolves with how it settled and after how many milliseconds. */
async function settle(run: () => PromiseLike<unknown>): Promise<{ value?: unknown; error?: unknown; ms: number }> {
  const started = performance.now();
  try {
    const value = await run();
    return { value, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

const abortAfter = (ms: number): AbortSignal => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms);
  return controller.signal;
};

describe('an abort stops the request in flight', () => {
  const slow = (path: string, method?: string) => ({ rules: [{ scope: 'bigquery', path, ...(method ? { method } : {}), delayMs: 15_000 }] });
  const cases: { name: string; faults: object; run: (signal: AbortSignal) => PromiseLike<unknown> }[] = [
    { name: 'a 15 s result page (readSql)', faults: slow('/queries/'), run: (signal) => bd.readSql('SELECT 1 AS x', { signal }) },
    { name: 'a 15 s job insert', faults: slow('/jobs', 'POST'), run: (signal) => bd.readSql('SELECT 1 AS x', { signal }) },
    { name: 'a 15 s dry run', faults: slow('/jobs', 'POST'), run: (signal) => bd.estimateQuery('SELECT 1', { signal }) },
    { name: 'a 15 s page of readTable', faults: slow('/queries/'), run: (signal) => bd.readTable('br_bd_diretorios_brasil', 'uf', { signal }) },
  ];

  it.each(cases)('$name: AbortError at once, no rows', async ({ faults, run }) => {
    datalake.faults.set(faults as never);
    const outcome = await settle(() => run(abortAfter(300)));
    expect(outcome.value).toBeUndefined();
    expect(outcome.error).toMatchObject({ name: 'AbortError' });
    expect(outcome.ms).toBeLessThan(2_000);
    expect(datalake.stats().faults.delayed).toBeGreaterThan(0);
  });

  it('a later page of a streamed read, mid-iteration', async () => {
    // The third result page is held open; the loop has rows of the first two.
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/queries/', nth: [3], delayMs: 15_000 }] });
    const signal = abortAfter(500);
    let rows = 0;
    const outcome = await settle(async () => {
      for await (const _row of bd.readSql('SELECT * FROM `basedosdados.br_bd_sintetico.linhas_3000` ORDER BY id', { pageSize: 1_000, signal })) rows += 1;
    });
    expect(outcome.error).toMatchObject({ name: 'AbortError' });
    expect(rows).toBe(2_000);
    expect(outcome.ms).toBeLessThan(2_500);
  });

  it('a download whose page is pending leaves no file', async () => {
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/queries/', nth: [2], delayMs: 15_000 }] });
    const dir = mkdtempSync(join(tmpdir(), 'bd-abort-'));
    const outcome = await settle(() => bd.download('SELECT * FROM `basedosdados.br_bd_sintetico.linhas_3000`', join(dir, 'x.csv'), { pageSize: 1_000, signal: abortAfter(400) }));
    expect(outcome.error).toMatchObject({ name: 'AbortError' });
    expect(outcome.ms).toBeLessThan(2_000);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an already aborted signal sends nothing', async () => {
    datalake.resetStats();
    await expect(bd.readSql('SELECT 1', { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(datalake.stats().requests.bigquery).toBe(0);
  });
});

describe('timeoutMs bounds each try of each request', () => {
  it('a page that takes too long: retried as the policy says, then TimeoutError', async () => {
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/queries/', delayMs: 15_000 }] });
    datalake.resetStats();
    const outcome = await settle(() => bd.readSql('SELECT 1 AS x', { timeoutMs: 200 }));
    expect(outcome.error).toBeInstanceOf(TimeoutError);
    expect(outcome.error).toMatchObject({ kind: 'timeout', attempts: 4 });
    expect((outcome.error as Error).message).toMatch(/^BigQuery jobs\.getQueryResults to http:\/\/127\.0\.0\.1:\d+ timed out \(200 ms per attempt\) after 4 attempts$/);
    expect(datalake.stats().operations['jobs.getQueryResults']).toBe(4);
    expect(outcome.ms).toBeLessThan(3_000);
  });

  it('a slow try is retried, and a later try can succeed', async () => {
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/queries/', nth: [1], delayMs: 15_000 }] });
    const outcome = await settle(() => bd.readSql<{ x: number }>('SELECT 1 AS x', { timeoutMs: 300 }));
    expect(outcome.value).toEqual([{ x: 1 }]);
  });

  it('the client option applies to every call; the call option overrides it', async () => {
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/jobs', method: 'POST', delayMs: 1_000 }] });
    const quick = new BaseDosDados({ bigqueryEndpoint: datalake.url, billingProjectId: BILLING, timeoutMs: 150, retry: { maxAttempts: 1 } });
    await expect(quick.estimateQuery('SELECT 1')).rejects.toBeInstanceOf(TimeoutError);
    await expect(quick.estimateQuery('SELECT 1', { timeoutMs: 5_000 })).resolves.toMatchObject({ bytes_processed: 0 });
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
