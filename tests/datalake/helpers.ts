// Shared helpers of the datalake tests: the official BigQuery client pointed at
// the local server, and validation of metadata responses against the spec.
import { request as httpRequest, type Agent } from 'node:http';
import { connect } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { BigQuery } from '@google-cloud/bigquery';
import { PassThroughClient } from 'google-auth-library';
import { expect } from 'vitest';
import { loadSpec, type Spec } from '../../datalake/src/spec/load.js';

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

const SPEC_ID = 'https://local.datalake/test-spec.json';

export class SpecResponses {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();
  /** The spec as the datalake compiles it (the generator's compile step). */
  static async load(): Promise<SpecResponses> {
    return new SpecResponses(await loadSpec());
  }

  private constructor(readonly spec: Spec) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    // ajv ships no formats; these three are the ones the spec uses.
    this.ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    this.ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    this.ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\/\/\S+$/i);
    this.ajv.addSchema({ $id: SPEC_ID, components: this.spec.document.components, paths: this.spec.document.paths });
  }

  /** Asserts that a response's status, content type and body are what the spec declares for the operation. */
  async check(method: string, path: string, res: Response): Promise<any> {
    const pathname = new URL(path, 'http://x').pathname;
    const op = this.spec.operations.find((o) => o.method === method && o.regex.test(pathname));
    expect(op, `an operation of the spec serves ${method} ${pathname}`).toBeDefined();
    const responsePointer = op!.responses[String(res.status)];
    expect(responsePointer, `${op!.operationId} declares status ${res.status}`).toBeDefined();
    const response = this.resolve(responsePointer!) as { content?: Record<string, unknown>; headers?: Record<string, unknown> };
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    expect(Object.keys(response.content ?? {})).toContain(contentType);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]+$/);
    if (response.headers?.['Retry-After']) expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = await res.json();
    const key = `${responsePointer}/content/${contentType.replace('/', '~1')}/schema`;
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${SPEC_ID}${key}` });
      this.cache.set(key, validate);
    }
    const ok = validate(body);
    expect(ok, `${op!.operationId} ${res.status} body matches the spec: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    return body;
  }

  private resolve(pointer: string): unknown {
    let node: any = this.spec.document;
    for (const part of pointer.slice(2).split('/')) node = node[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    while (node && typeof node.$ref === 'string') node = this.resolve(node.$ref);
    return node;
  }
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
