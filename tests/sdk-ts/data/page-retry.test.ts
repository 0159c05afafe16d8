/**
 * Per-page retry, proven (issue 10): a 503 on the second result page of a
 * 50,000-row read is retried on its own. One job is created (the datalake's
 * own count), and every row arrives exactly once (count and checksums equal
 * DuckDB's own computation of the same table).
 */
import { startDatalake, syntheticSelect, type Datalake } from '@basedosdados/datalake';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseDosDados } from '../../../sdk-ts/src/index.js';

const N = 50_000;
let datalake: Datalake;

beforeAll(async () => {
  datalake = await startDatalake({ port: 0 });
});
afterAll(async () => {
  await datalake?.close();
});

interface Checksum { rows: number; distinct: number; sumId: bigint; sumIdTimesQuantidade: bigint; siglaChars: number }

async function duckdbChecksum(): Promise<Checksum> {
  const [row] = await datalake.sql(`SELECT count(*), count(DISTINCT id), sum(id), sum(id * quantidade), sum(length(sigla_uf)) FROM (${syntheticSelect(N)})`);
  const [rows, distinct, sumId, product, chars] = row as unknown[];
  return { rows: Number(rows), distinct: Number(distinct), sumId: BigInt(String(sumId)), sumIdTimesQuantidade: BigInt(String(product)), siglaChars: Number(chars) };
}

describe('a 503 on the second result page of a 50,000-row read', () => {
  it('retries that page alone: one job, every row exactly once', async () => {
    const bd = new BaseDosDados({ bigqueryEndpoint: datalake.url, billingProjectId: 'projeto-de-teste', retry: { initialDelayMs: 1, maxDelayMs: 5 } });
    // getQueryResults is the only request under /queries/: its 2nd is the 2nd page.
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/queries/', nth: [2], status: 503, retryAfter: 0 }] });
    datalake.resetStats();
    const seen = new Set<number>();
    const got: Checksum = { rows: 0, distinct: 0, sumId: 0n, sumIdTimesQuantidade: 0n, siglaChars: 0 };
    for await (const row of bd.readSql<{ id: number; quantidade: number; sigla_uf: string }>(`SELECT * FROM \`basedosdados.br_bd_sintetico.linhas_${N}\``, { pageSize: 10_000 })) {
      got.rows += 1;
      got.sumId += BigInt(row.id);
      got.sumIdTimesQuantidade += BigInt(row.id) * BigInt(row.quantidade);
      got.siglaChars += row.sigla_uf.length;
      seen.add(row.id);
    }
    got.distinct = seen.size;
    const stats = datalake.stats();
    expect(stats.faults.byStatus['503']).toBe(1);
    expect(stats.jobs.created).toBe(1);
    expect(stats.operations['jobs.getQueryResults']).toBe(6); // 5 pages + the one retry
    expect(got).toEqual(await duckdbChecksum());
    expect(got.rows).toBe(N);
  });
});
