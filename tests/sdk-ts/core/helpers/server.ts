/**
 * A real HTTP server on 127.0.0.1, port 0 (so test files can run in parallel),
 * that records every request it receives.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  /** performance.now() when the request arrived. */
  readonly at: number;
  /** The request body's exact bytes, once it has been received in full. */
  readonly body: Promise<Buffer>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, request: RecordedRequest, index: number) => void;

export interface TestServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    const body = new Promise<Buffer>((resolve) => {
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('close', () => resolve(Buffer.concat(chunks)));
    });
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      at: performance.now(),
      body,
    };
    requests.push(recorded);
    handler(req, res, recorded, requests.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Sends a JSON body (or problem details when `type` says so). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  type = status >= 400 ? 'application/problem+json' : 'application/json',
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * A `serve(handler)` for one test file: each server it starts is closed after
 * the test that started it.
 */
export function serversClosedAfterEach(): (handler: Handler) => Promise<TestServer> {
  const started: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return async (handler) => {
    const server = await startServer(handler);
    started.push(server);
    return server;
  };
}

/** What `run` (or the promise) rejects with; fails the test when it resolves. */
export async function rejection(run: PromiseLike<unknown> | (() => PromiseLike<unknown>)): Promise<Error> {
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, but the call succeeded');
}
