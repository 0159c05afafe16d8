// Starting and stopping the datalake: ports, clean shutdown, request ids. How
// fast it starts is a figure of bench/datalake-start.mjs, never an assertion.
import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { hostname, networkInterfaces } from 'node:os';
import { allowedHostNames, serveBanner, serveDatalake, startDatalake } from '../../datalake/src/index.js';
import { TableViews } from '../../datalake/src/backend/table-views.js';
import { BigQueryFace } from '../../datalake/src/bigquery/routes.js';
import { BigQuery } from '@google-cloud/bigquery';
import { PassThroughClient } from 'google-auth-library';
import { until } from '../generators/helpers.js';
import { bigQueryClient, rawRequest } from './helpers.js';

const handles = (): string[] => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'Timeout');

describe('lifecycle', () => {
  it('starts on a free loopback port and closes every handle', async () => {
    const before = handles();
    const dl = await startDatalake();
    expect(dl.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(dl.bigqueryUrl).toBe(`${dl.url}/bigquery/v2`);
    // A client with a keep-alive connection and a query in flight when closing.
    const bq = bigQueryClient(dl.url);
    await bq.query('SELECT 1 AS x');
    const pending = bq.query('SELECT COUNT(*) FROM basedosdados.br_bd_sintetico.linhas_1000 a, basedosdados.br_bd_sintetico.linhas_200000 b').catch((e) => e);
    // Closed once the server has the query, whenever that is.
    await until(() => dl.stats().operations['jobs.query'] === 2);
    await dl.close();
    await pending;
    await dl.close(); // idempotent
    // The client's sockets close on their own events; wait for them, however slow the machine.
    const tcp = (list: string[]): number => list.filter((h) => h === 'TCPServerWrap' || h === 'TCPSocketWrap').length;
    await until(() => tcp(handles()) <= tcp(before));
    expect(tcp(handles())).toBeLessThanOrEqual(tcp(before));
    await expect(fetch(`${dl.url}/search/`)).rejects.toThrow();
  });

  it('listens on the port it is given and fails clearly when it is taken', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as { port: number }).port;
    await expect(startDatalake({ port })).rejects.toThrow(/EADDRINUSE/);
    await new Promise<void>((r) => probe.close(() => r()));
    const dl = await startDatalake({ port });
    expect(dl.port).toBe(port);
    await dl.close();
  });

  it('gives the same rows for the same seed and other rows for another seed', async () => {
    const sql = 'SELECT sum(populacao), max(nome) FROM basedosdados.br_ibge_populacao.municipio JOIN basedosdados.br_bd_diretorios_brasil.municipio USING (id_municipio)';
    const a = await startDatalake({ seed: 1 });
    const b = await startDatalake({ seed: 1 });
    const c = await startDatalake({ seed: 2 });
    try {
      const [ra, rb, rc] = await Promise.all([a.sql(sql), b.sql(sql), c.sql(sql)]);
      expect(ra).toEqual(rb);
      expect(ra).not.toEqual(rc);
      const [[capital]] = (await a.sql("SELECT id_municipio FROM basedosdados.br_bd_diretorios_brasil.municipio WHERE nome = 'São Paulo' AND sigla_uf = 'SP'")) as [[string]];
      expect(capital).toBe('3550308');
      const [[n]] = (await a.sql('SELECT count(*) FROM basedosdados.br_bd_diretorios_brasil.municipio')) as [[bigint]];
      expect(n).toBe(5570n);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('serveDatalake prints where it listens and how to point clients at it', async () => {
    const lines: string[] = [];
    const dl = await serveDatalake({ out: (l) => lines.push(l), handleSignals: false, verbose: true });
    try {
      expect(lines[0]).toBe(`Local Base dos Dados datalake listening on ${dl.url}`);
      const banner = lines.join('\n');
      expect(banner).toContain(`BIGQUERY_EMULATOR_HOST=${dl.url}/bigquery/v2`);
      // The paths it serves are the backend replica's, each of which answers.
      expect(banner).toContain(`GraphQL:      ${dl.url}/graphql, ${dl.url}/api/v1/graphql`);
      expect(banner).toContain(`REST views:   ${dl.url}/search/, /facet_values/, /tables/<uuid>/columns/, /tables/stats/, /export/catalog/`);
      expect(banner).not.toMatch(/\/datasets|metadata API/);
      expect(serveBanner(dl)).toEqual(lines);
      await (await fetch(`${dl.url}/tables/stats/`)).arrayBuffer();
      // The line is written when the server has finished the response, which may follow the client's read.
      const logged = () => lines.some((l) => /^GET \/tables\/stats\/ -> 200 \d+ms$/.test(l));
      await until(logged);
      expect(logged()).toBe(true);
    } finally {
      await dl.close();
    }
  });
});

describe('requests', () => {
  it('serves the Node client configured by BIGQUERY_EMULATOR_HOST (root routes, no /bigquery/v2)', async () => {
    const lines: string[] = [];
    const dl = await startDatalake({ log: (l) => lines.push(l) });
    const previous = process.env.BIGQUERY_EMULATOR_HOST;
    process.env.BIGQUERY_EMULATOR_HOST = dl.url;
    try {
      const bq = new BigQuery({ projectId: 'p-teste', authClient: new PassThroughClient(), retryOptions: { autoRetry: false } });
      const [rows] = await bq.query('SELECT nome FROM `basedosdados.br_bd_diretorios_brasil.uf` WHERE sigla = "SP"');
      expect(rows).toEqual([{ nome: 'São Paulo' }]);
      expect(dl.stats().operations['jobs.query']).toBe(1);
      expect(lines[0]).toMatch(/^POST \/projects\/p-teste\/queries/);
    } finally {
      if (previous === undefined) delete process.env.BIGQUERY_EMULATOR_HOST;
      else process.env.BIGQUERY_EMULATOR_HOST = previous;
      await dl.close();
    }
  });

  it('tags every response with X-Request-Id, on both faces', async () => {
    const dl = await startDatalake();
    try {
      const ids = new Set<string>();
      for (const path of ['/search/', '/nada', '/bigquery/v2/projects/p-teste/queries/nada', '/projects/p-teste/datasets']) {
        const res = await fetch(`${dl.url}${path}`);
        const id = res.headers.get('x-request-id');
        expect(id, path).toMatch(/^[0-9a-f]{12}$/);
        ids.add(id!);
        await res.arrayBuffer();
      }
      expect(ids.size).toBe(4);
      const health = await fetch(`${dl.url}/__datalake/health`);
      expect(await health.json()).toEqual({ ok: true, seed: dl.seed });
    } finally {
      await dl.close();
    }
  });

  it("answers a bug with the face's 500 (the backend's page, BigQuery's internalError), never the exception's text", async () => {
    const dl = await startDatalake();
    const secret = 'IO Error: cannot open /home/someone/.duckdb/segredo';
    const views = vi.spyOn(TableViews.prototype, 'stats').mockImplementation(() => {
      throw new Error(secret);
    });
    const bigquery = vi.spyOn(BigQueryFace.prototype, 'handle').mockRejectedValue(new Error(secret));
    try {
      const page = await rawRequest(dl.url, 'GET', '/tables/stats/');
      expect([page.status, page.headers['content-type']]).toEqual([500, 'text/html; charset=utf-8']);
      expect(page.text).toContain('Erro de servidor');
      const job = await rawRequest(dl.url, 'GET', '/bigquery/v2/projects/p-teste/queries/j1');
      expect([job.status, job.json.error.errors[0].reason]).toEqual([500, 'internalError']);
      for (const res of [page, job]) expect(res.text).not.toContain('segredo');
      expect([views.mock.calls.length, bigquery.mock.calls.length]).toEqual([1, 1]);
    } finally {
      views.mockRestore();
      bigquery.mockRestore();
      await dl.close();
    }
  });

  it('answers the Host names of the address it listens on and the allowedHosts it is given, nothing else', async () => {
    const dl = await startDatalake({ allowedHosts: ['datalake.test', 'Outro.Test:9999'] });
    try {
      const cases: Array<[string, number]> = [
        [`127.0.0.1:${dl.port}`, 200],
        [`datalake.test:${dl.port}`, 200],
        [`DATALAKE.TEST.:${dl.port}`, 200],
        ['outro.test:9999', 200],
        [`datalake.test:${dl.port + 1}`, 403],
        [`127.0.0.2:${dl.port}`, 403],
        [`evil.example:${dl.port}`, 403],
      ];
      for (const [host, status] of cases) {
        const res = await rawRequest(dl.url, 'GET', '/tables/stats/', { headers: { host } });
        expect(res.status, host).toBe(status);
      }
      expect(dl.allowedHosts).toEqual(expect.arrayContaining([`localhost:${dl.port}`, `[::1]:${dl.port}`, `datalake.test:${dl.port}`]));
    } finally {
      await dl.close();
    }
    // Listening on every interface: each interface's address, the loopback names and this machine's name.
    const everywhere = allowedHostNames('0.0.0.0', '0.0.0.0', 8080);
    const someAddress = Object.values(networkInterfaces()).flat().find((a) => a?.family === 'IPv4')!.address;
    expect([...everywhere]).toEqual(expect.arrayContaining(['127.0.0.1:8080', 'localhost:8080', `${someAddress}:8080`, `${hostname().toLowerCase()}:8080`]));
    expect(everywhere.has('evil.example:8080')).toBe(false);
    // Port 80: the bare name too, as clients leave the default port out.
    expect(allowedHostNames('127.0.0.1', '127.0.0.1', 80).has('localhost')).toBe(true);
    expect(allowedHostNames('127.0.0.1', '127.0.0.1', 8080).has('localhost')).toBe(false);
  });
});
