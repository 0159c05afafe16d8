// Shared helpers of the datalake tests: the official BigQuery client pointed at
// the local server, and raw requests that send exactly the headers given.
import { request as httpRequest, type Agent } from 'node:http';
import { connect } from 'node:net';
import { BigQuery } from '@google-cloud/bigquery';
import { PassThroughClient } from 'google-auth-library';

export const BILLING_PROJECT = 'projeto-de-teste';

/** The real Node client, no credentials, retries as asked (none by default: a 503 would wait ~16 s). */
export function bigQueryClient(url: string, retries: { maxRetries?: number } = {}): BigQuery {
  const maxRetries = retries.maxRetries ?? 0;
  return new BigQuery({
    projectId: BILLING_PROJECT,
    apiEndpoint: url,
    authClient: new PassThroughClient(),
    // Only retryOptions: giving autoRetry/maxRetries as well makes the client throw, uncaught.
    // Retry delays capped at 10 ms: the server says Retry-After 0 and tests must stay fast.
    retryOptions: { autoRetry: maxRetries > 0, maxRetries, maxRetryDelay: 0.01, retryDelayMultiplier: 1, totalTimeout: 120 },
  });
}

/** A raw BigQuery REST call, to see the exact wire values. */
export async function rest(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; json: any }> {
  const res = await fetch(`${url}/bigquery/v2${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/**
 * One request over node:http with exactly the headers given (Host and Origin
 * included; `host: null` sends none), so that tests can send what browsers and
 * attackers send. `body` objects are JSON; strings and Buffers go as they are.
 */
export function rawRequest(
  url: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string | null>; body?: unknown; agent?: Agent | false } = {},
): Promise<RawResponse> {
  const target = new URL(url);
  const body =
    options.body === undefined ? undefined : typeof options.body === 'string' || Buffer.isBuffer(options.body) ? options.body : JSON.stringify(options.body);
  const headers: Record<string, string> = { host: target.host };
  if (body !== undefined) headers['content-type'] = 'application/json';
  for (const [k, v] of Object.entries(options.headers ?? {})) {
    if (v === null) delete headers[k.toLowerCase()];
    else headers[k.toLowerCase()] = v;
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname: target.hostname, port: target.port, method, path, headers, setHost: false, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: any;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sends `text` as it is over a TCP socket to the server of `url` and reads the
 * answer until the server closes: what node:http cannot send (two Host headers,
 * an absolute-form request target). `text` should ask for `Connection: close`.
 */
export function socketRequest(url: string, text: string): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: target.hostname, port: Number(target.port) }, () => socket.end(text));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = raw.slice(0, split < 0 ? raw.length : split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const text = split < 0 ? '' : raw.slice(split + 4);
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, text, json });
    });
  });
}
