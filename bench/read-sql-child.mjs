#!/usr/bin/env node
/**
 * The measured side of bench/read-sql.mjs: a process of its own that talks to
 * a local datalake running in the parent, so the figures below (and a
 * --cpu-prof of this process) are the client's alone. It prints one JSON line
 * on stdout and nothing else there.
 *
 *   node bench/read-sql-child.mjs throughput '<json: {url, runs, rows, page}>'
 *   node bench/read-sql-child.mjs baseline   '<json: {url}>'
 *   node bench/read-sql-child.mjs duckdb     '<json: {url}>'
 *   node bench/read-sql-child.mjs download   '<json: {url, rows, page, format, path}>'
 */
const PROJECT = 'projeto-bench';
const tableSql = (rows) => `SELECT * FROM \`basedosdados.br_bd_sintetico.linhas_${rows}\``;

const [mode, json] = process.argv.slice(2);
const args = JSON.parse(json ?? '{}');
const emit = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
const maxRssKiB = () => process.resourceUsage().maxRSS; // KiB on Linux

const { BaseDosDados } = await import('@basedosdados/sdk');
const bd = new BaseDosDados({ bigqueryEndpoint: args.url, billingProjectId: PROJECT, pageSize: args.page });

if (mode === 'baseline') {
  emit({ maxRssKiB: maxRssKiB() });
} else if (mode === 'duckdb') {
  // What DuckDB itself costs once loaded and opened, as a Parquet download loads it.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run('SELECT 42');
  connection.closeSync();
  instance.closeSync();
  emit({ maxRssKiB: maxRssKiB() });
} else if (mode === 'download') {
  const started = performance.now();
  const result = await bd.download(tableSql(args.rows), args.path, { format: args.format });
  const ms = performance.now() - started;
  emit({ maxRssKiB: maxRssKiB(), ms, rows: result.rows, bytes: result.bytes });
} else if (mode === 'throughput') {
  emit(await throughput(args));
} else {
  throw new Error(`unknown mode ${mode}`);
}

async function throughput({ url, runs, rows, page }) {
  const { BigQuery } = await import('@google-cloud/bigquery');
  const { PassThroughClient } = await import('google-auth-library');
  const sql = tableSql(rows);
  const bigquery = new BigQuery({ projectId: PROJECT, apiEndpoint: url, authClient: new PassThroughClient(), autoRetry: false });
  const rest = `${url}/bigquery/v2/projects/${PROJECT}/queries`;
  const expectedSum = (rows * (rows + 1)) / 2;

  /**
   * A top-level string field of a response, found without parsing the body:
   * jobReference comes first and pageToken last in the datalake's responses,
   * and no synthetic value contains these keys.
   */
  const field = (text, key, fromEnd) => {
    const marker = `"${key}":"`;
    const at = fromEnd ? text.lastIndexOf(marker) : text.indexOf(marker);
    return at < 0 ? undefined : text.slice(at + marker.length, text.indexOf('"', at + marker.length));
  };

  /** Every result page's body as text, exactly as the server sent it (the server's page size: no maxResults). */
  async function fetchPages() {
    const post = await fetch(rest, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: sql, useLegacySql: false, formatOptions: { useInt64Timestamp: true } }),
    });
    if (!post.ok) throw new Error(`jobs.query: ${post.status} ${await post.text()}`);
    const texts = [await post.text()];
    const jobId = field(texts[0], 'jobId', false);
    for (let token = field(texts[0], 'pageToken', true); token; token = field(texts.at(-1), 'pageToken', true)) {
      const next = await fetch(`${rest}/${jobId}?pageToken=${encodeURIComponent(token)}&formatOptions.useInt64Timestamp=true`);
      if (!next.ok) throw new Error(`jobs.getQueryResults: ${next.status} ${await next.text()}`);
      texts.push(await next.text());
    }
    return texts;
  }

  // The ceiling's input: fetched once, kept in memory.
  const pages = await fetchPages();
  const pageRows = pages.map((text, i) => {
    const body = JSON.parse(text); // checks only, untimed; no parsed page is kept
    if (body.pageToken !== field(text, 'pageToken', true)) throw new Error(`page ${i}: the page token found by search differs from the parsed one`);
    return body.rows?.length ?? 0;
  });
  const wireBytes = pages.reduce((sum, t) => sum + Buffer.byteLength(t), 0);
  if (pageRows.reduce((a, b) => a + b, 0) !== rows) throw new Error(`the REST pages hold ${pageRows.reduce((a, b) => a + b, 0)} rows, not ${rows}`);

  const contenders = {
    'SDK readSql, for await': async () => {
      let n = 0, sum = 0;
      for await (const row of bd.readSql(sql)) { n++; sum += row.id; }
      return { n, sum };
    },
    'SDK readSql, await (array)': async () => {
      const all = await bd.readSql(sql);
      let sum = 0;
      for (const row of all) sum += row.id;
      return { n: all.length, sum };
    },
    '@google-cloud/bigquery query()': async () => {
      const [all] = await bigquery.query(sql);
      let sum = 0;
      for (const row of all) sum += row.id;
      return { n: all.length, sum };
    },
    'REST pages fetched, not parsed': async () => {
      const texts = await fetchPages();
      return { n: texts.length === pageRows.length ? rows : -1, sum: expectedSum };
    },
    'JSON.parse of the pages (no network)': async () => {
      let n = 0;
      for (const text of pages) n += JSON.parse(text).rows?.length ?? 0;
      return { n, sum: expectedSum };
    },
  };
  const names = Object.keys(contenders);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  const requests = {};

  const stats = async (method) => {
    const response = await fetch(`${url}/__datalake/stats`, { method });
    return method === 'GET' ? response.json() : undefined;
  };
  async function once(name, record) {
    await stats('DELETE');
    globalThis.gc?.();
    const started = performance.now();
    const { n, sum } = await contenders[name]();
    const ms = performance.now() - started;
    const ops = (await stats('GET')).operations;
    if (n !== rows || sum !== expectedSum) throw new Error(`${name}: read ${n} rows summing ids to ${sum}, expected ${rows} and ${expectedSum}`);
    requests[name] = Object.entries(ops).filter(([, c]) => c > 0).map(([op, c]) => `${c} ${op}`).join(', ') || 'none';
    if (record) samples[name].push(ms);
  }

  for (const name of names) await once(name, false); // warm up JIT, sockets and the synthetic view
  for (let i = 0; i < runs; i++) {
    // Alternate, and rotate who goes first, so drift and GC debt hit everyone alike.
    for (let j = 0; j < names.length; j++) await once(names[(i + j) % names.length], true);
  }
  return { samples, requests, pages: pages.length, pageRows, wireBytes, maxRssKiB: maxRssKiB() };
}
