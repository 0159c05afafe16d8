#!/usr/bin/env node
// How fast the datalake serves the Storage Read API: one datalake in this
// process, the official Node client (@google-cloud/bigquery-storage) in a child
// process reading every stream of linhas_<rows> in parallel and decoding each
// stream's Arrow bytes with apache-arrow; then the same bytes decoded again from
// memory (the ceiling). With --result it reads instead the destination table of
// a query job selecting those rows (a DuckDB base table, read by rowid ranges).
// The datalake's CPU time per run is printed last. A measurement, not a test: it
// prints figures only.
//
//   node --import tsx datalake/scripts/storage-throughput.mjs [ROWS=1000000] [STREAMS=4] [RUNS=3] [--result]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [rows = '1000000', streams = '4', runs = '3'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));

async function client(endpoint) {
  const { BigQueryReadClient } = await import('@google-cloud/bigquery-storage');
  const { credentials } = await import('@grpc/grpc-js');
  const { tableFromIPC } = await import('apache-arrow');
  const { PassThroughClient } = await import('google-auth-library');
  const port = Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
  const bq = new BigQueryReadClient({ apiEndpoint: '127.0.0.1', port, sslCreds: credentials.createInsecure(), authClient: new PassThroughClient() });
  const table = process.env.STORAGE_TABLE ?? `projects/basedosdados/datasets/br_bd_sintetico/tables/linhas_${rows}`;
  for (let run = 0; run < Number(runs); run++) {
    const started = performance.now();
    const [session] = await bq.createReadSession({ parent: 'projects/bench', readSession: { table, dataFormat: 'ARROW' }, maxStreamCount: Number(streams) });
    const schema = session.arrowSchema.serializedSchema;
    const parts = await Promise.all(
      session.streams.map(async (s) => {
        const batches = [schema];
        for await (const r of bq.readRows({ readStream: s.name, offset: 0 })) batches.push(r.arrowRecordBatch.serializedRecordBatch);
        return batches;
      }),
    );
    const read = parts.map((p) => tableFromIPC(Buffer.concat(p))).reduce((n, t) => n + t.numRows, 0);
    const seconds = (performance.now() - started) / 1000;
    const decodeStarted = performance.now();
    const again = parts.map((p) => tableFromIPC(Buffer.concat(p))).reduce((n, t) => n + t.numRows, 0);
    const decodeSeconds = (performance.now() - decodeStarted) / 1000;
    if (read !== Number(rows) || again !== read) throw new Error(`read ${read} rows, expected ${rows}`);
    console.log(
      `run ${run + 1}: ${read} rows in ${seconds.toFixed(2)} s = ${Math.round(read / seconds)} rows/s over gRPC (${session.streams.length} streams); ` +
        `the same bytes decoded from memory: ${Math.round(read / decodeSeconds)} rows/s`,
    );
  }
  await bq.close();
}

/** The destination table of a finished query job selecting every row of linhas_<rows>. */
async function resultTable(url) {
  const post = await fetch(`${url}/bigquery/v2/projects/bench/queries`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: `SELECT * FROM basedosdados.br_bd_sintetico.linhas_${rows}`, useLegacySql: false, maxResults: 0, timeoutMs: 60_000 }),
  });
  const { jobReference, jobComplete } = await post.json();
  if (!jobComplete) throw new Error('the query did not finish in 60 s');
  const job = await (await fetch(`${url}/bigquery/v2/projects/bench/jobs/${jobReference.jobId}`)).json();
  const dest = job.configuration.query.destinationTable;
  return `projects/${dest.projectId}/datasets/${dest.datasetId}/tables/${dest.tableId}`;
}

if (process.env.STORAGE_ENDPOINT) {
  await client(process.env.STORAGE_ENDPOINT);
} else {
  const { startDatalake } = await import('../src/index.ts');
  const dl = await startDatalake();
  try {
    const env = { ...process.env, STORAGE_ENDPOINT: dl.storageEndpoint };
    if (process.argv.includes('--result')) env.STORAGE_TABLE = await resultTable(dl.url);
    // The datalake's CPU (its JS thread and DuckDB's), less bent by a busy machine than wall time.
    const cpuBefore = process.cpuUsage();
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), rows, streams, runs], {
      env,
      stdio: 'inherit',
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    const cpu = process.cpuUsage(cpuBefore);
    console.log(`datalake CPU: ${((cpu.user + cpu.system) / 1e6 / Number(runs)).toFixed(2)} s per run (its sessions and reads)`);
    process.exitCode = code ?? 1;
  } finally {
    await dl.close();
  }
}
