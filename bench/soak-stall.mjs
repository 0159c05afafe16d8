#!/usr/bin/env node
/**
 * How long the datalake's event loop stalls while it serves large result
 * pages (issue 8): one datalake in a child process (bench/soak-server.mjs),
 * three getQueryResults pages of --page rows asked at once, and a catalogue
 * call (the spec's listDatasets on the backend replica's GraphQL) every 20 ms
 * meanwhile. Prints the slowest listDatasets answer and the p99 of those answers, per round and over all rounds (the median of
 * the rounds' slowest), beside how long the three pages took.
 *
 *   node bench/soak-stall.mjs [--rounds 5] [--page 100000] [--datalake path/to/datalake/src/index.ts]
 *
 * A measurement, not a test: it prints figures and never fails on them.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { graphqlRequest } from './catalogue-requests.mjs';
import { median, takeOption } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const rounds = Number(takeOption(argv, 'rounds', 5));
const page = Number(takeOption(argv, 'page', 100_000));
const entry = takeOption(argv, 'datalake', undefined);
const PROJECT = 'projeto-stall';

const child = spawn(process.execPath, ['--import', 'tsx', 'bench/soak-server.mjs', JSON.stringify({ maxPageRows: page }), ...(entry ? [entry] : [])], {
  cwd: root,
  stdio: ['pipe', 'pipe', 'inherit'],
});
const { url } = await new Promise((resolve, reject) => {
  child.once('exit', (code) => reject(new Error(`datalake exited ${code} before listening`)));
  createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
});

const post = async (path, body) => {
  const res = await fetch(`${url}/bigquery/v2${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return res.json();
};
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

try {
  const first = await post(`/projects/${PROJECT}/queries`, {
    query: `SELECT * FROM basedosdados.br_bd_sintetico.linhas_${page * 3}`,
    useLegacySql: false,
    maxResults: 0,
    timeoutMs: 60_000,
  });
  const jobId = first.jobReference.jobId;
  const getPage = (k) => fetch(`${url}/bigquery/v2/projects/${PROJECT}/queries/${jobId}?startIndex=${k * page}&maxResults=${page}`).then((r) => r.arrayBuffer());
  await Promise.all([0, 1, 2].map(getPage)); // warm-up
  const worst = [];
  for (let round = 1; round <= rounds; round++) {
    const latencies = [];
    let done = false;
    const [, method, path, body] = graphqlRequest('listDatasets', { page_size: 5 });
    const pinger = (async () => {
      while (!done) {
        const t = performance.now();
        await fetch(`${url}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.arrayBuffer());
        latencies.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const t = performance.now();
    const sizes = await Promise.all([0, 1, 2].map(getPage));
    const pagesMs = performance.now() - t;
    done = true;
    await pinger;
    const max = Math.max(...latencies);
    worst.push(max);
    console.log(
      `round ${round}: 3 pages of ${page} rows (${sizes.map((s) => `${(s.byteLength / 1e6).toFixed(1)} MB`).join(', ')}) in ${pagesMs.toFixed(0)} ms; ` +
        `listDatasets: ${latencies.length} answers, slowest ${max.toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, median ${median(latencies).toFixed(0)} ms`,
    );
  }
  console.log(`median of the rounds' slowest listDatasets answer: ${median(worst).toFixed(0)} ms (${entry ?? 'this checkout'})`);
} finally {
  child.kill('SIGTERM');
}
