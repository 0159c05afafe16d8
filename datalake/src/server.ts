// One node:http server with two faces (a replica of the Base dos Dados backend:
// its REST views and GraphQL; and BigQuery REST v2), fault injection in front
// of both, and a control API under /__datalake.
import { STATUS_CODES, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { BigQueryFace, isBigQueryPath, BIGQUERY_PREFIX } from './bigquery/routes.js';
import { BigQueryError } from './bigquery/errors.js';
import { JobStore } from './bigquery/jobs.js';
import { Engine } from './data/engine.js';
import { answerFault } from './fault-answers.js';
import { FaultController, FaultError, type FaultConfig, type FaultStats } from './faults.js';
import { startForeignOrigin, type ForeignOrigin } from './foreign.js';
import { allowedHostNames, refusal, type Refusal } from './guard.js';
import { startStorageServer, type StorageServer } from './storage/service.js';
import { BodyError, RawJson, readJson, send, type RequestContext } from './http.js';
import { DEFAULT_CATALOGUE_PATH, loadCatalogue } from './data/catalogue.js';
import { BackendFace } from './backend/routes.js';
import { djangoServerError } from './backend/django.js';
import { viewError } from './backend/error-answers.js';

export interface DatalakeOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; loopback only by default. Requests must name it (or `allowedHosts`) in Host. */
  host?: string;
  /** More Host names accepted (e.g. a name of this machine on the LAN when `host` is 0.0.0.0), with or without a port. */
  allowedHosts?: string[];
  /** The catalogue fixture (default datalake/fixtures/catalogue.json). */
  cataloguePath?: string;
  /** Seed of the sample rows and of fault decisions (default 20240601). */
  seed?: number;
  /** Billing projects refused with accessDenied (default ["projeto-sem-permissao"]). */
  deniedProjects?: string[];
  /** Rows per result page when the client gives no maxResults (default 20,000). */
  defaultPageRows?: number;
  /** Most rows per page whatever the client asks (default 100,000). */
  maxPageRows?: number;
  /** How long jobs.query / getQueryResults wait for a running job by default (ms, default 10,000). */
  defaultTimeoutMs?: number;
  /** Jobs remembered (default 500); the oldest finished ones are forgotten beyond it. */
  maxJobs?: number;
  /** Bytes all held results may take together (default 512 MiB); DuckDB's memory limit is this plus 1 GiB. */
  maxResultBytes?: number;
  /** Finished jobs (and their results) are forgotten after this long (ms, default 1 hour). */
  maxResultAgeMs?: number;
  /** Longest a query may run (ms, default 30,000); BigQuery's timeout error after it. */
  queryTimeoutMs?: number;
  /** Bytes of JSON a result page may take (default 10 MiB, like BigQuery); pages are cut to fit. */
  maxPageBytes?: number;
  /** Port of the BigQuery Storage Read API (gRPC, same host); 0 (the default) picks a free one. */
  storagePort?: number;
  /** Read sessions of the Storage Read API expire after this long (ms, default 6 hours, like BigQuery's). */
  maxSessionAgeMs?: number;
  /** Read sessions held at once (default 1,000); expired ones are forgotten first, then the oldest. */
  maxReadSessions?: number;
  /** A read session gets at most one stream per this many rows (default 1,000). */
  minRowsPerStream?: number;
  /** Faults active from the start. */
  faults?: FaultConfig;
  /** Called with one line per request (method, path, status, ms). */
  log?: (line: string) => void;
}

export interface DatalakeStats {
  /**
   * `metadata`: every request to the backend replica (any path that is neither BigQuery's nor the control API's);
   * `foreign`: requests that reached the other origin of redirect faults (a client followed a redirect there);
   * `storage`: calls of the Storage Read API (gRPC).
   */
  requests: { total: number; metadata: number; bigquery: number; control: number; foreign: number; storage: number };
  /** Requests per operation: the replica's views (backend.graphql, backend.search, ...), BigQuery method names (jobs.query, tabledata.list, ...) and storage.<RPC>. */
  operations: Record<string, number>;
  faults: FaultStats;
  /** Jobs created since the last reset; results held now and the bytes they take. */
  jobs: { created: number; held: number; heldBytes: number };
}

export interface Datalake {
  /** Base URL, e.g. http://127.0.0.1:8787 (BigQuery clients: apiEndpoint = url). */
  url: string;
  /** Base URL of the BigQuery routes (`${url}/bigquery/v2`, for BIGQUERY_EMULATOR_HOST). */
  bigqueryUrl: string;
  /** `host:port` of the BigQuery Storage Read API (gRPC, insecure; BASEDOSDADOS_BIGQUERY_STORAGE_ENDPOINT). */
  storageEndpoint: string;
  host: string;
  port: number;
  /** The Host header values requests may carry (see guard.ts). */
  allowedHosts: string[];
  seed: number;
  faults: FaultController;
  stats(): DatalakeStats;
  resetStats(): void;
  /** Runs DuckDB SQL directly (tables are "basedosdados"."<dataset>"."<table>"); for tests and checks. */
  sql(query: string): Promise<unknown[][]>;
  close(): Promise<void>;
}

export const DEFAULT_SEED = 20240601;
export const DEFAULT_DENIED_PROJECTS = ['projeto-sem-permissao'];
export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESULT_BYTES = 512 * 1024 ** 2;
export const DEFAULT_MAX_RESULT_AGE_MS = 60 * 60 * 1000;
export const DEFAULT_MAX_PAGE_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_SESSION_AGE_MS = 6 * 60 * 60 * 1000;
const CONTROL_PREFIX = '/__datalake';
const JSON_UTF8 = 'application/json; charset=utf-8';

const isControlPath = (path: string): boolean => path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);

/** A request target (origin-form or absolute-form) as a URL; the root when it cannot be read. */
function targetUrl(target: string | undefined): URL {
  try {
    return new URL(target ?? '/', 'http://local.datalake');
  } catch {
    return new URL('http://local.datalake/');
  }
}

/** The BigQuery method a request calls, for stats. */
function bigqueryOperation(method: string, path: string): string {
  const p = path.startsWith(BIGQUERY_PREFIX) ? path.slice(BIGQUERY_PREFIX.length) : path;
  const seg = p.split('/').filter((s) => s !== '');
  const [, , kind, id, sub, table, leaf] = seg;
  if (kind === 'queries') return id === undefined ? 'jobs.query' : 'jobs.getQueryResults';
  if (kind === 'jobs') {
    if (id === undefined) return method === 'POST' ? 'jobs.insert' : 'jobs.list';
    return sub === 'cancel' ? 'jobs.cancel' : 'jobs.get';
  }
  if (kind === 'datasets') {
    if (id === undefined) return 'datasets.list';
    if (sub === undefined) return 'datasets.get';
    if (table === undefined) return 'tables.list';
    return leaf === 'data' ? 'tabledata.list' : 'tables.get';
  }
  return 'unknown';
}

export async function startDatalake(options: DatalakeOptions = {}): Promise<Datalake> {
  const seed = options.seed ?? DEFAULT_SEED;
  const host = options.host ?? '127.0.0.1';
  const catalogue = loadCatalogue(options.cataloguePath ?? DEFAULT_CATALOGUE_PATH);
  const maxResultBytes = options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
  const engine = await Engine.create(catalogue, seed, { memoryLimitBytes: maxResultBytes + 1024 ** 3 });
  const faults = new FaultController(seed);
  if (options.faults) faults.set(options.faults);
  const jobs = new JobStore(engine, {
    deniedProjects: options.deniedProjects ?? DEFAULT_DENIED_PROJECTS,
    maxJobs: options.maxJobs ?? 500,
    maxResultBytes,
    maxResultAgeMs: options.maxResultAgeMs ?? DEFAULT_MAX_RESULT_AGE_MS,
    queryTimeoutMs: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
  });
  const bigquery = new BigQueryFace(engine, jobs, {
    defaultPageRows: options.defaultPageRows ?? 20_000,
    maxPageRows: options.maxPageRows ?? 100_000,
    maxPageBytes: options.maxPageBytes ?? DEFAULT_MAX_PAGE_BYTES,
    defaultTimeoutMs: options.defaultTimeoutMs ?? 10_000,
    incompletePolls: () => faults.incompletePolls,
  });
  const backend = new BackendFace(catalogue, engine);

  const counts = { total: 0, metadata: 0, bigquery: 0, control: 0, storage: 0 };
  /** Known once the server listens (its port), before any request is handled. */
  let allowedHosts: ReadonlySet<string> = new Set();
  let operations: Record<string, number> = {};
  let jobsBaseline = 0;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  const sockets = new Set<Socket>();
  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  /** The other origin of `redirect: {to: foreign}` faults, started when a rule first needs it. */
  let foreign: Promise<ForeignOrigin> | undefined;
  let foreignStarted: ForeignOrigin | undefined;
  const foreignOrigin = (): Promise<ForeignOrigin> =>
    (foreign ??= startForeignOrigin().then((f) => (foreignStarted = f)));

  const stats = (): DatalakeStats => ({
    requests: { ...counts, foreign: foreignStarted?.requests() ?? 0 },
    operations: { ...operations },
    faults: faults.stats,
    jobs: { created: jobs.created - jobsBaseline, held: jobs.heldCount, heldBytes: jobs.heldBytes },
  });
  const resetStats = (): void => {
    counts.total = counts.metadata = counts.bigquery = counts.control = counts.storage = 0;
    operations = {};
    jobsBaseline = jobs.created;
    faults.resetStats();
    foreignStarted?.reset();
  };

  async function control(ctx: RequestContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = `${ctx.method} ${ctx.path.replace(/\/$/, '')}`;
    try {
      switch (route) {
        case `GET ${CONTROL_PREFIX}/health`:
          return send(ctx, res, 200, { ok: true, seed });
        case `GET ${CONTROL_PREFIX}/faults`:
          return send(ctx, res, 200, faults.config);
        case `POST ${CONTROL_PREFIX}/faults`:
        case `PUT ${CONTROL_PREFIX}/faults`:
          faults.set((await readJson(req)) as FaultConfig);
          return send(ctx, res, 200, faults.config);
        case `POST ${CONTROL_PREFIX}/faults/rules`:
          faults.add((await readJson(req)) as never);
          return send(ctx, res, 200, faults.config);
        case `DELETE ${CONTROL_PREFIX}/faults`:
          faults.clear();
          return send(ctx, res, 200, faults.config);
        case `GET ${CONTROL_PREFIX}/stats`:
          return send(ctx, res, 200, stats());
        case `DELETE ${CONTROL_PREFIX}/stats`:
          resetStats();
          return send(ctx, res, 200, stats());
        default:
          return send(ctx, res, 404, { error: `no control route ${route}` });
      }
    } catch (e) {
      if (e instanceof BodyError) return send(ctx, res, e.status, { error: e.message }, undefined, e.headers);
      if (e instanceof FaultError) return send(ctx, res, 400, { error: e.message });
      throw e;
    }
  }

  /**
   * A refusal in the words of the face `path` belongs to: the control API's `{error}`, BigQuery's
   * error, or the backend's (the GraphQL view's errors, a REST view's `{"error"}`, else Django's page).
   */
  function refusalAnswer(path: string, status: number, message: string): { contentType: string; text: string } {
    if (isControlPath(path)) return { contentType: JSON_UTF8, text: JSON.stringify({ error: message }) };
    if (isBigQueryPath(path)) return { contentType: JSON_UTF8, text: JSON.stringify(new BigQueryError(status, status === 403 ? 'accessDenied' : 'invalid', message).body()) };
    return viewError(backend.errorStyle(path), status, message);
  }

  /** Refuses a request before routing; the connection closes (an unread body stays unread). */
  function refuse(ctx: RequestContext, res: ServerResponse, r: Refusal): void {
    const { contentType, text } = refusalAnswer(ctx.path, r.status, r.message);
    send(ctx, res, r.status, new RawJson(text), contentType, { Connection: 'close' });
  }

  async function handle(ctx: RequestContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    if (options.log) {
      res.on('finish', () => options.log!(`${ctx.method} ${req.url} -> ${res.statusCode} ${(performance.now() - started).toFixed(0)}ms`));
    }
    counts.total++;
    const refused = refusal(req, allowedHosts);
    if (refused) return refuse(ctx, res, refused);
    if (isControlPath(ctx.path)) {
      counts.control++;
      return control(ctx, req, res);
    }
    const scope = isBigQueryPath(ctx.path) ? 'bigquery' : 'metadata';
    counts[scope]++;
    const operation = scope === 'bigquery' ? bigqueryOperation(ctx.method, ctx.path) : backend.operation(ctx.path);
    operations[operation] = (operations[operation] ?? 0) + 1;

    const decision = faults.decide(scope, ctx.method, ctx.path);
    if (decision.delayMs > 0) await delay(decision.delayMs);
    if (res.destroyed) return;
    ctx.cut = decision.cut;
    const foreignUrl = decision.redirect?.to === 'foreign' ? (await foreignOrigin()).origin : '';
    if (answerFault(ctx, req, res, scope, backend.errorStyle(ctx.path), decision, foreignUrl, (values) => faults.recordEcho(values))) return;
    if (scope === 'bigquery') return bigquery.handle(ctx, req, res);
    return backend.handle(ctx, req, res);
  }

  /** A bug's answer: BigQuery's internalError or the backend's 500 page, never the exception's text (DuckDB's names paths of this machine). */
  function internalError(ctx: RequestContext, res: ServerResponse): void {
    if (isControlPath(ctx.path)) return send(ctx, res, 500, { error: 'Internal error of the datalake.' });
    if (isBigQueryPath(ctx.path)) return send(ctx, res, 500, new BigQueryError(500, 'internalError', 'An internal error occurred and the request could not be completed.').body());
    djangoServerError(ctx, res);
  }

  // requireHostHeader off: a request without Host gets the guard's 403 with a body, not Node's bare 400.
  const server: Server = createServer({ requireHostHeader: false }, (req, res) => {
    const url = targetUrl(req.url);
    const ctx: RequestContext = { id: randomBytes(6).toString('hex'), path: url.pathname, query: url.searchParams, method: (req.method ?? 'GET').toUpperCase(), cut: false };
    const p = handle(ctx, req, res)
      .catch(() => {
        ctx.cut = false;
        if (!res.headersSent) internalError(ctx, res);
        else res.destroy();
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  });
  server.keepAliveTimeout = 5_000;
  // Requests Node cannot parse (headers over its 16 KiB limit, bad request lines)
  // get an error body too, instead of Node's bare status line.
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'HPE_REQUEST_TIMEOUT' ? 408 : 400;
    const message = status === 431 ? 'Request header fields too large: at most 16 KiB of headers.' : 'Malformed HTTP request.';
    const target = /^[A-Z]+ (\S+)/.exec(err.rawPacket?.subarray(0, 2048).toString('latin1') ?? '')?.[1];
    const { contentType, text } = refusalAnswer(targetUrl(target).pathname, status, message);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    jobs.close();
    engine.close();
    throw e;
  }
  let storage: StorageServer;
  try {
    storage = await startStorageServer(
      engine,
      jobs,
      {
        host,
        port: options.storagePort ?? 0,
        maxSessionAgeMs: options.maxSessionAgeMs ?? DEFAULT_MAX_SESSION_AGE_MS,
        maxSessions: options.maxReadSessions ?? 1_000,
        minRowsPerStream: options.minRowsPerStream ?? 1_000,
        deniedProjects: options.deniedProjects ?? DEFAULT_DENIED_PROJECTS,
      },
      {
        faults,
        delay,
        count: (operation) => {
          counts.total++;
          counts.storage++;
          operations[operation] = (operations[operation] ?? 0) + 1;
        },
      },
    );
  } catch (e) {
    server.close();
    jobs.close();
    engine.close();
    throw e;
  }
  const address = server.address() as AddressInfo;
  allowedHosts = allowedHostNames(host, address.address, address.port, options.allowedHosts);
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      });
      await storage.close();
      if (foreign) await (await foreign).close();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      jobs.close();
      engine.interrupt();
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 2_000).unref())]);
      engine.close();
    })();
    return closing;
  };

  return {
    url,
    bigqueryUrl: `${url}${BIGQUERY_PREFIX}`,
    storageEndpoint: storage.endpoint,
    host: address.address,
    port: address.port,
    allowedHosts: [...allowedHosts],
    seed,
    faults,
    stats,
    resetStats,
    sql: (query) => engine.rows(query),
    close,
  };
}
