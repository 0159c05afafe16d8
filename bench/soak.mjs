#!/usr/bin/env node
/**
 * bench/soak (issue 8): one local datalake in a child process
 * (bench/soak-server.mjs) under --minutes of mixed traffic from --clients
 * concurrent clients, with faults on (a seeded fraction of 503/429 answers and
 * of bodies cut in half). Each client loops over: the catalogue calls of the
 * packages (the spec's GraphQL documents and the backend's REST views on the
 * datalake's replica, bench/catalogue-requests.mjs), jobs.query and paging of synthetic tables of various sizes (row count and
 * sum of ids checked), dry runs, download-style reads of a job's result table
 * with tabledata.list, jobs.insert + jobs.get polling, bad queries, and hostile
 * probes (file functions, DuckDB statements, foreign Host/Origin, text/plain
 * bodies). Faulted answers are retried as the SDKs would.
 *
 * It samples the datalake's VmRSS/VmHWM (/proc/<pid>/status) every second and
 * times every request, then prints peak RSS, p50/p95/p99 latency (all and per
 * kind), request and error counts. It fails (exit 1) when the RSS keeps growing
 * (a leak), a request hangs (no answer in --hang-seconds), a read loses or
 * repeats rows, or an answer is not the one expected.
 *
 *   node bench/soak.mjs [--minutes 10] [--clients 6] [--seed 7] [--fault-fraction 0.04] [--hang-seconds 60] [--result-mib 256]
 *
 * --result-mib is the datalake's maxResultBytes: held results fill it within
 * minutes and then stay at it, so the RSS the leak check watches is RSS minus
 * the held results' bytes (both are printed).
 *
 * Not part of npm test.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { catalogueTables, pickCatalogueRequest } from './catalogue-requests.mjs';
import { median, takeOption } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const minutes = Number(takeOption(argv, 'minutes', 10));
const clients = Number(takeOption(argv, 'clients', 6));
const seed = Number(takeOption(argv, 'seed', 7));
const faultFraction = Number(takeOption(argv, 'fault-fraction', 0.04));
const hangMs = Number(takeOption(argv, 'hang-seconds', 60)) * 1000;
const resultMiB = Number(takeOption(argv, 'result-mib', 256));
for (const [name, v] of Object.entries({ minutes, clients, seed, faultFraction, hangMs, resultMiB })) {
  if (!Number.isFinite(v) || v < 0) throw new Error(`bad --${name}: ${v}`);
}
const PROJECT = 'projeto-soak';

// --- the datalake ---------------------------------------------------------------------
const faults = {
  seed,
  rules: [
    { scope: 'all', fraction: faultFraction * 0.75, status: [503, 429], retryAfter: 0 },
    { scope: 'all', fraction: faultFraction * 0.25, cut: true },
  ],
};
const child = spawn(process.execPath, ['--import', 'tsx', 'bench/soak-server.mjs', JSON.stringify({ faults, seed, maxResultBytes: resultMiB * 1024 * 1024 })], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
const { url, pid } = await new Promise((resolve, reject) => {
  child.once('exit', (code) => reject(new Error(`datalake exited ${code} before listening`)));
  createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
});
let childExited = false;
child.on('exit', () => (childExited = true));
const origin = new URL(url);

// --- figures ----------------------------------------------------------------------------
const latencies = new Map(); // kind -> ms[]
const counts = new Map(); // kind -> n
const outcomes = new Map(); // "status reason" -> n
const failures = [];
let hangs = 0;
let lastAnswer = performance.now();
const fail = (what) => {
  if (failures.length < 50) failures.push(what);
};
const bump = (map, key, n = 1) => map.set(key, (map.get(key) ?? 0) + n);

// Seeded choices (mulberry32), one stream per client.
function random(s) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One HTTP request, timed; resolves {status, json, text} (json undefined for a page that is not JSON) or {error} (a cut body, a reset). */
async function call(kind, method, path, body, headers = {}) {
  const started = performance.now();
  bump(counts, kind);
  try {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(hangMs),
    });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      // An HTML page: the backend replica's error pages (Django's, nginx's), or an injected fault's.
    }
    return { status: res.status, json, text };
  } catch (e) {
    if (e.name === 'TimeoutError') {
      hangs++;
      fail(`${kind} ${method} ${path.slice(0, 100)} hung for ${hangMs / 1000} s`);
    }
    return { error: String(e.cause?.code ?? e.message) };
  } finally {
    const ms = performance.now() - started;
    lastAnswer = performance.now();
    if (!latencies.has(kind)) latencies.set(kind, []);
    latencies.get(kind).push(ms);
  }
}

const retryable = (r) => r.error !== undefined || r.status === 503 || r.status === 429 || (r.status === 500 && /injected fault/.test(r.text));
/** What an answer was, for the outcome counts: BigQuery's reason, GraphQL errors, a page, ok. */
const outcome = (r) => r.json?.error?.errors?.[0]?.reason ?? (r.json?.errors ? 'graphql errors' : r.json === undefined ? 'page' : r.status < 300 ? 'ok' : '?');
/** A call retried through injected faults, as the SDKs' retry loop does. */
async function reliable(kind, method, path, body, headers) {
  for (let attempt = 1; ; attempt++) {
    const r = await call(kind, method, path, body, headers);
    if (!retryable(r)) {
      bump(outcomes, `${r.status} ${outcome(r)}`);
      return r;
    }
    bump(outcomes, r.error !== undefined ? 'fault: cut/reset' : `fault: ${r.status}`);
    if (attempt >= 8) {
      fail(`${kind} ${path.slice(0, 80)}: still failing after ${attempt} attempts (${r.error ?? r.status})`);
      return r;
    }
    await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
  }
}

/** A raw request with chosen Host/Origin (fetch sets its own Host). */
function rawCall(kind, method, path, headers, body) {
  const started = performance.now();
  bump(counts, kind);
  return new Promise((resolve) => {
    const req = httpRequest({ hostname: origin.hostname, port: origin.port, method, path, headers, setHost: false, timeout: hangMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', () => resolve(0));
    });
    req.on('timeout', () => {
      hangs++;
      fail(`${kind} ${path} hung`);
      req.destroy();
    });
    req.on('error', () => resolve(0));
    req.end(body);
  }).finally(() => {
    if (!latencies.has(kind)) latencies.set(kind, []);
    latencies.get(kind).push(performance.now() - started);
    lastAnswer = performance.now();
  });
}

// --- the traffic --------------------------------------------------------------------------
const tables = await catalogueTables(async (path, body) => (await reliable('catalogue', 'POST', path, body)).json);
const queries = `/bigquery/v2/projects/${PROJECT}/queries`;
const synthetic = (n) => `basedosdados.br_bd_sintetico.linhas_${n}`;

/** Every page of a query's result through getQueryResults; checks count and sum of ids. */
async function queryAndPage(rand, kind, rows, pageRows) {
  const requestId = `soak-${Math.floor(rand() * 2 ** 48).toString(36)}`;
  const first = await reliable(kind, 'POST', queries, { query: `SELECT id, sigla_uf, valor FROM ${synthetic(rows)}`, useLegacySql: false, maxResults: pageRows, requestId, formatOptions: { useInt64Timestamp: true } });
  if (first.status !== 200) return fail(`${kind} of ${rows} rows: ${first.status} ${JSON.stringify(first.json).slice(0, 200)}`);
  const jobId = first.json.jobReference.jobId;
  let page = first.json;
  while (!page.jobComplete) page = (await reliable(kind, 'GET', `${queries}/${jobId}?maxResults=${pageRows}&timeoutMs=10000`)).json;
  let count = 0;
  let sum = 0;
  for (;;) {
    for (const row of page.rows ?? []) {
      count++;
      sum += Number(row.f[0].v);
    }
    if (!page.pageToken) break;
    const next = await reliable(kind, 'GET', `${queries}/${jobId}?maxResults=${pageRows}&pageToken=${page.pageToken}`);
    if (next.status !== 200) return fail(`${kind} page of job ${jobId}: ${next.status} ${JSON.stringify(next.json).slice(0, 200)}`);
    page = next.json;
  }
  if (count !== rows || sum !== (rows * (rows + 1)) / 2) fail(`${kind} of ${rows} rows read ${count} rows, sum ${sum}`);
  return jobId;
}

/** A job's result table read with tabledata.list, as download paths do. */
async function download(rand) {
  const rows = 100_000 + Math.floor(rand() * 300_000);
  const job = await reliable('download', 'POST', queries, { query: `SELECT * FROM ${synthetic(rows)}`, useLegacySql: false, maxResults: 0, timeoutMs: 60_000 });
  if (job.status !== 200) return fail(`download job: ${job.status}`);
  const info = await reliable('download', 'GET', `/bigquery/v2/projects/${PROJECT}/jobs/${job.json.jobReference.jobId}`);
  const dest = info.json.configuration.query.destinationTable;
  const base = `/bigquery/v2/projects/${dest.projectId}/datasets/${dest.datasetId}/tables/${dest.tableId}/data?maxResults=100000`;
  let token;
  let count = 0;
  let sum = 0;
  do {
    const page = await reliable('download', 'GET', token ? `${base}&pageToken=${token}` : base);
    if (page.status !== 200) return fail(`download page: ${page.status} ${JSON.stringify(page.json).slice(0, 200)}`);
    for (const row of page.json.rows ?? []) {
      count++;
      sum += Number(row.f[0].v);
    }
    token = page.json.pageToken;
  } while (token);
  if (count !== rows || sum !== (rows * (rows + 1)) / 2) fail(`download of ${rows} rows read ${count}, sum ${sum}`);
}

/** A catalogue call of a package; every answer is a success without GraphQL errors. */
async function catalogue(rand) {
  const [label, method, path, body] = pickCatalogueRequest(rand, tables);
  const r = await reliable('catalogue', method, path, body);
  if (r.status !== 200 || r.json === undefined || r.json.errors) fail(`catalogue ${label} ${path}: ${r.status ?? r.error} ${(r.text ?? '').slice(0, 150)}`);
}

async function insertAndPoll(rand) {
  const rows = Math.floor(rand() * 20_000);
  const jobId = `soak_${Math.floor(rand() * 2 ** 48).toString(36)}`;
  const made = await reliable('jobs.insert', 'POST', `/bigquery/v2/projects/${PROJECT}/jobs`, { jobReference: { jobId }, configuration: { query: { query: `SELECT count(*) AS n FROM ${synthetic(rows)}`, useLegacySql: false } } });
  // 409: a retried insert whose first attempt had reached the server; the job exists all the same.
  if (made.status !== 200 && made.status !== 409) return fail(`jobs.insert: ${made.status}`);
  for (let i = 0; i < 50; i++) {
    const got = await reliable('jobs.insert', 'GET', `/bigquery/v2/projects/${PROJECT}/jobs/${jobId}`);
    if (got.json?.status?.state === 'DONE') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const res = await reliable('jobs.insert', 'GET', `${queries}/${jobId}`);
  if (res.status !== 200 || res.json.rows?.[0]?.f[0].v !== String(rows)) fail(`count of a jobs.insert job: ${res.status} ${JSON.stringify(res.json).slice(0, 150)}`);
}

// [SQL, status, reason, refused by a dry run too]
const BAD = [
  ['SELECT FROM WHERE', 400, 'invalidQuery', true],
  ['SELECT * FROM basedosdados.nada.nada', 404, 'notFound', true],
  ['SELECT 1/0', 400, 'invalidQuery', false],
  ['SELECT * FROM outro.projeto.tabela', 403, 'accessDenied', true],
  ["SELECT * FROM read_text('/etc/passwd')", 400, 'invalidQuery', true],
  ["ATTACH '/tmp/x.duckdb' AS x", 400, 'invalidQuery', true],
  ["SELECT repeat('x', 11 * 1024 * 1024)", 403, 'responseTooLarge', false],
];
async function badQuery(rand) {
  const [text, status, reason, atPlan] = BAD[Math.floor(rand() * BAD.length)];
  const r = await reliable('bad query', 'POST', queries, { query: text, useLegacySql: false, dryRun: atPlan && rand() < 0.3 });
  if (r.status !== status || r.json?.error?.errors?.[0]?.reason !== reason) fail(`bad query ${text}: ${r.status} ${JSON.stringify(r.json).slice(0, 150)}`);
}

async function hostile(rand) {
  const pick = Math.floor(rand() * 4);
  const body = JSON.stringify({ query: 'SELECT 1', useLegacySql: false });
  const length = String(Buffer.byteLength(body));
  const [headers, expected] = [
    [{ host: 'evil.example', 'content-type': 'application/json', 'content-length': length }, 403],
    [{ host: origin.host, origin: 'https://evil.example', 'content-type': 'application/json', 'content-length': length }, 403],
    [{ host: origin.host, 'content-type': 'text/plain', 'content-length': length }, 415],
    [{ host: origin.host, 'content-type': 'application/json', 'content-length': length }, 200],
  ][pick];
  const status = await rawCall('hostile', 'POST', queries, headers, body);
  // 0: a cut answer; 503/429: an injected fault (faults come after the guard only for allowed requests).
  if (status !== expected && !(expected === 200 && [0, 429, 503].includes(status))) fail(`hostile probe ${pick}: ${status}, expected ${expected}`);
  bump(outcomes, `${status} hostile`);
}

async function client(index, until) {
  const rand = random(seed * 1000 + index);
  while (performance.now() < until && !childExited) {
    const x = rand();
    if (x < 0.3) await catalogue(rand);
    else if (x < 0.55) await queryAndPage(rand, 'query+pages', Math.floor(rand() * 60_000), 1_000 + Math.floor(rand() * 19_000));
    else if (x < 0.65) {
      const r = await reliable('dry run', 'POST', queries, { query: `SELECT id, valor FROM ${synthetic(Math.floor(rand() * 1e6))}`, useLegacySql: false, dryRun: true });
      if (r.status !== 200 || r.json.totalBytesProcessed === undefined) fail(`dry run: ${r.status}`);
    } else if (x < 0.72) await download(rand);
    else if (x < 0.8) await insertAndPoll(rand);
    else if (x < 0.9) await badQuery(rand);
    else await hostile(rand);
  }
}

// --- memory samples -----------------------------------------------------------------------
const samples = []; // {t, rss, hwm, held}
/** VmRSS and VmHWM of the datalake, in MiB (/proc gives KiB). */
const status = () => {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
};
const started = performance.now();
const until = started + minutes * 60_000;
const sampler = setInterval(async () => {
  if (childExited) return;
  try {
    const s = status();
    const stats = await fetch(`${url}/__datalake/stats`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.json()).catch(() => undefined);
    samples.push({ t: (performance.now() - started) / 1000, ...s, held: stats?.jobs?.heldBytes ?? NaN });
  } catch {
    // the child is gone; reported below
  }
  if (performance.now() - lastAnswer > hangMs) fail(`no request answered for ${hangMs / 1000} s`);
}, 1_000);
const progress = setInterval(() => {
  const s = samples.at(-1);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.error(`soak: ${((performance.now() - started) / 60_000).toFixed(1)} min, ${total} requests, RSS ${s?.rss.toFixed(0)} MiB, held results ${(s?.held / 2 ** 20).toFixed(0)} MiB, ${failures.length} failures`);
}, 30_000);

let exitCode = 0;
try {
  console.error(`soak: datalake ${url} (pid ${pid}), ${clients} clients for ${minutes} min, faults ${JSON.stringify(faults.rules)}`);
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i, until)));
} finally {
  clearInterval(sampler);
  clearInterval(progress);
  const final = childExited ? undefined : status();
  child.kill('SIGTERM');

  // --- the report ----------------------------------------------------------------------------
  const percentile = (values, p) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  };
  const all = [...latencies.values()].flat();
  const line = (name, values) =>
    `  ${name.padEnd(12)} ${String(values.length).padStart(7)} req   p50 ${percentile(values, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(values, 95).toFixed(1).padStart(7)} ms   p99 ${percentile(values, 99).toFixed(1).padStart(7)} ms   max ${Math.max(...values).toFixed(0).padStart(6)} ms`;
  console.log(`soak: ${minutes} min, ${clients} clients, fault fraction ${faultFraction} (seed ${seed}), ${((performance.now() - started) / 60_000).toFixed(1)} min run`);
  console.log('latency per HTTP request (retries included):');
  console.log(line('all', all));
  for (const [kind, values] of [...latencies].sort()) console.log(line(kind, values));
  console.log(`answers: ${[...outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`).join(', ')}`);

  // Leak: after a warm-up fifth, the median of each third of the rest, of the RSS less the held results
  // (which fill their budget and stay there); growing all along and by over 20% (and 100 MiB) between the
  // first and last third is a leak, not a plateau.
  const rest = samples.filter((s) => s.t > (minutes * 60) / 5 && Number.isFinite(s.held));
  const third = Math.floor(rest.length / 3);
  const thirds = (f) => (third > 0 ? [0, 1, 2].map((k) => median(rest.slice(k * third, (k + 1) * third).map(f))) : []);
  const rss = thirds((s) => s.rss);
  const unexplained = thirds((s) => s.rss - s.held / 2 ** 20);
  const peakHeld = Math.max(0, ...samples.map((s) => s.held).filter(Number.isFinite));
  const shown = (values) => values.map((m) => m.toFixed(0)).join(' -> ');
  console.log(
    `datalake RSS: peak (VmHWM) ${(final?.hwm ?? Math.max(...samples.map((s) => s.hwm))).toFixed(0)} MiB, last ${samples.at(-1)?.rss.toFixed(0)} MiB; ` +
      `median per third after warm-up ${shown(rss)} MiB, less held results ${shown(unexplained)} MiB; peak held results ${(peakHeld / 2 ** 20).toFixed(0)} MiB of ${resultMiB}`,
  );
  const [a, b, c] = unexplained;
  if (unexplained.length === 3 && a < b && b < c && c - a > Math.max(100, 0.2 * a)) fail(`RSS keeps growing: ${shown(unexplained)} MiB (less held results)`);
  if (childExited && performance.now() < until) fail('the datalake exited during the run');
  if (hangs > 0) fail(`${hangs} request(s) hung`);
  if (failures.length > 0) {
    console.log(`SOAK FAILED (${failures.length} failures):\n  ${failures.join('\n  ')}`);
    exitCode = 1;
  } else console.log('soak passed: no hang, no leak, every read complete and every answer as expected');
}
process.exit(exitCode);
