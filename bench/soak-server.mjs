#!/usr/bin/env node
/**
 * The server side of bench/soak.mjs and bench/soak-stall.mjs: one local
 * datalake in a process of its own, so its RSS (/proc/<pid>/status) and its
 * event loop are its alone. Prints one JSON line `{url, pid}` on stdout once it
 * listens, then serves until SIGTERM/SIGINT (or its parent goes away).
 *
 *   node --import tsx bench/soak-server.mjs '<json: DatalakeOptions>' [path/to/datalake/src/index.ts]
 *
 * The second argument points at another checkout's datalake (to measure the
 * code before a change); the default is this checkout's.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [json, entry] = process.argv.slice(2);
const options = JSON.parse(json ?? '{}');
const index = entry ? pathToFileURL(resolve(entry)).href : new URL('../datalake/src/index.ts', import.meta.url).href;
const { startDatalake } = await import(index);
const datalake = await startDatalake({ port: 0, host: '127.0.0.1', ...options });
process.stdout.write(`${JSON.stringify({ url: datalake.url, pid: process.pid })}\n`);

// SOAK_MEMORY=<seconds>: where the memory is, on stderr (JS heap, buffers, DuckDB's own accounting).
const every = Number(process.env.SOAK_MEMORY ?? 0);
if (every > 0) {
  setInterval(async () => {
    const m = process.memoryUsage();
    const duck = await datalake.sql('SELECT tag, memory_usage_bytes FROM duckdb_memory() WHERE memory_usage_bytes > 0').catch(() => []);
    const mib = (n) => Math.round(Number(n) / 2 ** 20);
    const tags = duck.map(([tag, bytes]) => `${tag} ${mib(bytes)}`).join(', ');
    process.stderr.write(`memory: rss ${mib(m.rss)} heapUsed ${mib(m.heapUsed)} external ${mib(m.external)} arrayBuffers ${mib(m.arrayBuffers)} MiB; duckdb: ${tags}\n`);
  }, every * 1000).unref();
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await datalake.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The parent closes our stdin when it exits, even when it is killed.
process.stdin.on('end', stop);
process.stdin.resume();
