/**
 * A loopback proxy in front of Prism that records what each client sent and
 * what Prism answered. Each language calls its own prefix (`/ts`, `/python`,
 * `/r`) as its base URL; the prefix is removed before forwarding, so the
 * three clients share one Prism and their requests stay apart.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';

export interface RecordedExchange {
  readonly prefix: string;
  readonly method: string;
  /** The path and query Prism saw. */
  readonly path: string;
  readonly status: number;
  /** Prism's `sl-violations`: what the request (or answer) broke, empty when it was accepted. */
  readonly violations: readonly { readonly location?: readonly string[]; readonly code?: unknown; readonly message?: string }[];
  /** Names of the request's headers, never their values: they may be credentials. */
  readonly headerNames: readonly string[];
  /** The start of the answer's body when it is an error (4xx, 5xx), else empty. */
  readonly errorBody: string;
}

export interface RecordingProxy {
  readonly url: string;
  readonly exchanges: RecordedExchange[];
  readonly close: () => Promise<void>;
}

function violationsOf(header: string | string[] | undefined): RecordedExchange['violations'] {
  const text = Array.isArray(header) ? header.join('') : header;
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : [{ message: text }];
  } catch {
    return [{ message: text }];
  }
}

export async function startRecordingProxy(target: string, prefixes: readonly string[]): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const exchanges: RecordedExchange[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = req.url ?? '/';
    const prefix = prefixes.find((p) => url === `/${p}` || url.startsWith(`/${p}/`) || url.startsWith(`/${p}?`));
    if (!prefix) {
      res.writeHead(404).end(`no client prefix in ${url}`);
      return;
    }
    const path = url.slice(prefix.length + 1) || '/';
    const headers = { ...req.headers, host: upstream.host };
    const forward = httpRequest({ hostname: upstream.hostname, port: upstream.port, method: req.method, path, headers }, (answer) => {
      const status = answer.statusCode ?? 0;
      let body = '';
      // The start of an error answer says why (Prism's problem details), for a failure's message.
      if (status >= 400) answer.on('data', (chunk: Buffer) => (body = (body + chunk.toString('utf8')).slice(0, 600)));
      answer.once('end', () => exchanges.push({
        prefix,
        method: req.method ?? 'GET',
        path,
        status,
        violations: violationsOf(answer.headers['sl-violations']),
        headerNames: Object.keys(req.headers).sort(),
        errorBody: body,
      }));
      res.writeHead(status || 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', (error) => {
      exchanges.push({ prefix, method: req.method ?? 'GET', path, status: 0, violations: [{ message: `proxy: ${error.message}` }], headerNames: [], errorBody: '' });
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
