#!/usr/bin/env node
/**
 * The TS SDK reading one query through REST and through the Storage Read API,
 * side by side against the local datalake (rows/s; a figure, never a test).
 * The datalake runs in this process; each read runs in a child process of its
 * own (the SDK's sources through tsx), alternating rest/storage RUNS times.
 *
 *   node --import tsx bench/storage-read-ts.mjs [ROWS=1000000] [RUNS=1]
 *   node --cpu-prof --import tsx bench/storage-read-ts.mjs child <json>   (one read, to profile)
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

if (process.argv[2] === 'child') {
  const { url, storageEndpoint, readApi, sql } = JSON.parse(process.argv[3]);
  const { BaseDosDados } = await import(`${root}sdk-ts/src/index.ts`);
  const bd = new BaseDosDados({ bigqueryEndpoint: url, storageEndpoint, billingProjectId: 'projeto-de-teste' });
  const started = performance.now();
  let rows = 0;
  let idSum = 0;
  for await (const row of bd.readSql(sql, { readApi })) {
    rows++;
    idSum += row.id;
  }
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ readApi, rows, idSum, ms: Math.round(ms), rowsPerSecond: Math.round(rows / (ms / 1000)) })}\n`);
  process.exit(0);
}

const rowsWanted = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 1);
const { startDatalake } = await import(`${root}datalake/src/index.ts`);
const datalake = await startDatalake({ port: 0 });
const sql = `SELECT * FROM \`basedosdados.br_bd_sintetico.linhas_${rowsWanted}\``;
const results = { rest: [], storage: [] };
try {
  for (let run = 0; run < runs; run++) {
    for (const readApi of ['rest', 'storage']) {
      // Asynchronous: the datalake answers from this process's event loop.
      const child = await promisify(execFile)(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'child', JSON.stringify({ url: datalake.url, storageEndpoint: datalake.storageEndpoint, readApi, sql })], { cwd: root, maxBuffer: 1 << 20 });
      const result = JSON.parse(child.stdout.trim().split('\n').pop());
      console.log(JSON.stringify(result));
      results[readApi].push(result.rowsPerSecond);
    }
  }
} finally {
  await datalake.close();
}
const best = (xs) => Math.max(...xs);
console.log(`rest ${best(results.rest)} rows/s, storage ${best(results.storage)} rows/s: storage/rest ${(best(results.storage) / best(results.rest)).toFixed(2)}x (best of ${runs})`);
