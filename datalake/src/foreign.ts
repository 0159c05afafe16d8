// The "other origin" of redirect faults: a second loopback listener (another
// address, 127.0.0.2 where the system has it, and another port) that answers
// every request with a plausible 200 and counts what reaches it. A client that
// follows a redirect there returns its answer as a success and may have sent
// it the credentials meant for the datalake: the count shows both.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isBigQueryPath } from './bigquery/routes.js';
import { requestHeaderLines } from './fault-answers.js';

export interface ForeignOrigin {
  /** `http://host:port`, the origin redirects point at. */
  readonly origin: string;
  /** Requests it received since the last reset. */
  requests(): number;
  /** Header values it received since the last reset (any credential that leaked). */
  headerValues(): string[];
  reset(): void;
  close(): Promise<void>;
}

const CATALOGUE_PAGE = { items: [], page: 1, page_size: 10, count: 0, page_total: 0, note: 'answered by a foreign origin' };
const BIGQUERY_ANSWER = {
  kind: 'bigquery#queryResponse',
  jobReference: { projectId: 'foreign', jobId: 'foreign', location: 'US' },
  jobComplete: true,
  schema: { fields: [{ name: 'foreign', type: 'STRING', mode: 'NULLABLE' }] },
  rows: [{ f: [{ v: 'answered by a foreign origin' }] }],
  totalRows: '1',
};

async function listen(server: Server, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Starts the foreign origin on 127.0.0.2 (127.0.0.1 where that address is missing). */
export async function startForeignOrigin(): Promise<ForeignOrigin> {
  let count = 0;
  let values: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    count++;
    values.push(...requestHeaderLines(req).values);
    const body = JSON.stringify(isBigQueryPath(new URL(req.url ?? '/', 'http://foreign').pathname) ? BIGQUERY_ANSWER : CATALOGUE_PAGE);
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(body);
    req.resume();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  try {
    await listen(server, '127.0.0.2');
  } catch {
    await listen(server, '127.0.0.1');
  }
  const { address, port } = server.address() as AddressInfo;
  return {
    origin: `http://${address}:${port}`,
    requests: () => count,
    headerValues: () => [...values],
    reset: () => {
      count = 0;
      values = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
