#!/usr/bin/env node
/**
 * The measured side of bench/storage-read.mjs: one read (or one download, or
 * one DuckDB COPY) in a process of its own, against the datalake running in the
 * driver. Prints one JSON line on stdout: the call's time, what it read (rows,
 * sum of `id`) and the process's peak RSS (VmHWM).
 *
 *   node bench/storage-read-child.mjs read     '<json: {sdk, url, project, sql, page, options}>'
 *   node bench/storage-read-child.mjs download '<json: {sdk, url, project, sql, page, options, format, path}>'
 *   node --import tsx bench/storage-read-child.mjs ceiling '<json: {storageEndpoint, project, table, arrowValues}>'
 *   node bench/storage-read-child.mjs copy     '<json: {sql, format, path}>'
 *
 * `sdk` is the path of an SDK build (today's, from the baseline worktree, or
 * this tree's); `options` go to its constructor (readApi, storageEndpoint...).
 * The ceiling fetches every ReadRows message of a read session on the table once
 * with the raw @google-cloud/bigquery-storage client (untimed), then times
 * decoding those bytes from memory into row objects with the SDK's own code:
 * the IPC framing storage-read.ts uses (schema message + batch message through
 * apache-arrow's RecordBatchReader) and arrow-values.ts's decodeBatch + batchRows.
 */
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [mode, json] = process.argv.slice(2);
const args = JSON.parse(json ?? '{}');
const emit = (value) => process.stdout.write(`${JSON.stringify({ ...value, rssKiB: peakRssKiB() })}\n`);

/** VmHWM of this process (not ru_maxrss, which Linux carries over from the parent). */
function peakRssKiB() {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return line ? Number(line.split(/\s+/)[1]) : process.resourceUsage().maxRSS;
}

let importedKiB;
async function sdkClient() {
  const { BaseDosDados } = await import(pathToFileURL(args.sdk).href);
  importedKiB = peakRssKiB();
  return new BaseDosDados({ bigqueryEndpoint: args.url, billingProjectId: args.project, pageSize: args.page, ...args.options });
}

if (mode === 'read') {
  const bd = await sdkClient();
  const started = performance.now();
  let rows = 0;
  let idSum = 0;
  for await (const row of bd.readSql(args.sql, args.callOptions ?? {})) {
    rows++;
    idSum += row.id;
  }
  emit({ ms: performance.now() - started, rows, idSum, importedKiB });
} else if (mode === 'download') {
  const bd = await sdkClient();
  const started = performance.now();
  const result = await bd.download(args.sql, args.path, { format: args.format, ...(args.callOptions ?? {}) });
  emit({ ms: performance.now() - started, rows: result.rows, bytes: statSync(args.path).size, importedKiB });
} else if (mode === 'copy') {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const started = performance.now();
  await connection.run(`COPY (${args.sql}) TO '${args.path.replaceAll("'", "''")}' (FORMAT ${args.format}${args.format === 'csv' ? ', HEADER true' : ''})`);
  const ms = performance.now() - started;
  connection.closeSync();
  instance.closeSync();
  emit({ ms, rows: args.rows, bytes: statSync(args.path).size });
} else if (mode === 'ceiling') {
  emit(await ceiling());
} else {
  throw new Error(`unknown mode ${mode}`);
}

async function ceiling() {
  const { BigQueryReadClient } = await import('@google-cloud/bigquery-storage');
  const { grpc, googleAuthLibrary } = await import('google-gax');
  const { RecordBatchReader } = await import('apache-arrow');
  const { decodeBatch, batchRows } = await import(pathToFileURL(args.arrowValues).href);
  const at = args.storageEndpoint.lastIndexOf(':');
  const client = new BigQueryReadClient({
    apiEndpoint: args.storageEndpoint.slice(0, at),
    port: Number(args.storageEndpoint.slice(at + 1)),
    sslCreds: grpc.credentials.createInsecure(),
    authClient: new googleAuthLibrary.PassThroughClient(),
  });
  // Untimed: the session's bytes, every stream's messages in stream order, kept in memory.
  const fetchStarted = performance.now();
  const [session] = await client.createReadSession({
    parent: `projects/${args.project}`,
    readSession: { table: args.table, dataFormat: 'ARROW' },
    maxStreamCount: args.maxStreams ?? 4,
  });
  const schemaBytes = Buffer.from(session.arrowSchema.serializedSchema);
  const messages = [];
  for (const stream of session.streams) {
    for await (const response of client.readRows({ readStream: stream.name, offset: 0 })) {
      const bytes = response.arrowRecordBatch?.serializedRecordBatch;
      if (bytes?.length) messages.push(Buffer.from(bytes));
    }
  }
  const fetchMs = performance.now() - fetchStarted;
  await client.close();
  const wireBytes = messages.reduce((sum, m) => sum + m.length, schemaBytes.length);

  globalThis.gc?.();
  const started = performance.now();
  let rows = 0;
  let idSum = 0;
  for (const message of messages) {
    for (const batch of RecordBatchReader.from(Buffer.concat([schemaBytes, message]))) {
      for (const row of batchRows(decodeBatch(batch, {}))) {
        rows++;
        idSum += row.id;
      }
    }
  }
  return { ms: performance.now() - started, rows, idSum, fetchMs, wireBytes, messages: messages.length, streams: session.streams.length };
}
