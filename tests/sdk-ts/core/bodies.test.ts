/**
 * Request bodies of every kind, header and cookie parameters, every method and
 * every response kind, against a loopback server that records the exact bytes
 * and headers it received; and which bodies a retry may resend.
 */
import { Readable } from 'node:stream';

import { afterEach, describe, expect, it } from 'vitest';

import {
  HttpClient,
  type BodySpec,
  type HttpMethod,
  type OperationSpec,
  type ResponseKind,
} from '../../../sdk-ts/src/core/index.js';
import { ConnectionError, ServerError, ValidationError } from '../../../sdk-ts/src/generated/errors.js';
import { sendJson, startServer, type Handler, type RecordedRequest, type TestServer } from './helpers/server.js';
import { FAST_RETRY, SPEC_ERRORS, SPEC_PAGINATION } from './helpers/spec.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A server that answers 200 `{}` once it has the whole body (or `handler` for other answers). */
async function serve(handler?: Handler): Promise<TestServer> {
  const server = await startServer((req, res, recorded, index) => {
    void recorded.body.then(() => (handler ? handler(req, res, recorded, index) : sendJson(res, 200, {})));
  });
  servers.push(server);
  return server;
}

const client = (url: string) => new HttpClient({ baseUrl: url }, { retry: FAST_RETRY, errors: SPEC_ERRORS, pagination: SPEC_PAGINATION });

function operation(body: BodySpec | undefined, method: HttpMethod = 'POST', response?: ResponseKind): OperationSpec {
  return { id: 'upload', method, path: '/upload', params: [], paginated: false, ...(body ? { body } : {}), ...(response ? { response } : {}) };
}

const bodyOf = (type: string, kind: BodySpec['media'][number]['kind'], required = true): BodySpec => ({ required, label: 'body', media: [{ type, kind }] });

async function received(server: TestServer, index = 0): Promise<{ request: RecordedRequest; bytes: Buffer }> {
  const request = server.requests[index]!;
  return { request, bytes: await request.body };
}

describe('json, form, text and binary bodies: the exact bytes and headers sent', () => {
  it('json: the value as JSON text, UTF-8, with its declared media type', async () => {
    const server = await serve();
    await client(server.url).call(operation(bodyOf('application/json', 'json')), { body: { name: 'ação', n: 1, tags: ['a'], none: null } });
    const { request, bytes } = await received(server);
    const want = Buffer.from('{"name":"ação","n":1,"tags":["a"],"none":null}', 'utf8');
    expect(bytes.equals(want)).toBe(true);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['content-length']).toBe(String(want.length));
    expect(request.method).toBe('POST');
  });

  it('form: URLSearchParams encoding, arrays repeated, objects exploded (form, explode)', async () => {
    const server = await serve();
    await client(server.url).call(operation(bodyOf('application/x-www-form-urlencoded', 'form')), {
      body: { q: 'a b&c=d', n: 2, on: true, tag: ['x', 'y'], point: { lat: -23.5 }, skipped: undefined, gone: null, acento: 'é' },
    });
    const { request, bytes } = await received(server);
    expect(bytes.toString('latin1')).toBe('q=a+b%26c%3Dd&n=2&on=true&tag=x&tag=y&lat=-23.5&acento=%C3%A9');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers['content-length']).toBe(String(bytes.length));
  });

  it('text: UTF-8 bytes, the charset added to the media type', async () => {
    const server = await serve();
    await client(server.url).call(operation(bodyOf('text/csv', 'text')), { body: 'sigla,nome\nSP,São Paulo\n' });
    const { request, bytes } = await received(server);
    expect(bytes.equals(Buffer.from('sigla,nome\nSP,São Paulo\n', 'utf8'))).toBe(true);
    expect(request.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(request.headers['content-length']).toBe('25');
  });

  it.each([
    ['a Uint8Array', new Uint8Array([0, 1, 2, 254, 255])],
    ['an ArrayBuffer', new Uint8Array([0, 1, 2, 254, 255]).buffer],
    ['a Blob', new Blob([new Uint8Array([0, 1, 2, 254, 255])])],
  ])('binary from %s: the bytes as they are', async (_name, value) => {
    const server = await serve();
    await client(server.url).call(operation(bodyOf('application/octet-stream', 'binary'), 'PUT'), { body: value });
    const { request, bytes } = await received(server);
    expect([...bytes]).toEqual([0, 1, 2, 254, 255]);
    expect(request.headers['content-type']).toBe('application/octet-stream');
    expect(request.headers['content-length']).toBe('5');
    expect(request.method).toBe('PUT');
  });

  it('binary from a stream: sent chunked, as it comes', async () => {
    const server = await serve();
    await client(server.url).call(operation(bodyOf('image/png', 'binary')), { body: Readable.from([Buffer.from([1, 2]), Buffer.from([3])]) });
    const { request, bytes } = await received(server);
    expect([...bytes]).toEqual([1, 2, 3]);
    expect(request.headers['content-type']).toBe('image/png');
    expect(request.headers['transfer-encoding']).toBe('chunked');
  });
});

describe('multipart/form-data', () => {
  it('fields, files, bytes, JSON parts and repeated parts, byte for byte', async () => {
    const server = await serve();
    await client(server.url).call(operation(bodyOf('multipart/form-data', 'multipart')), {
      body: {
        nome: 'ação',
        count: 3,
        flag: false,
        photo: new File([new Uint8Array([137, 80, 78, 71])], 'foto "1".png', { type: 'image/png' }),
        raw: new Uint8Array([0, 255]),
        notes: { data: 'olá', filename: 'notes.txt', contentType: 'text/plain' },
        meta: { a: 1, b: [true] },
        tag: ['x', 'y'],
        skipped: undefined,
      },
    });
    const { request, bytes } = await received(server);
    const contentType = String(request.headers['content-type']);
    const boundary = /^multipart\/form-data; boundary=(bdgen-[0-9a-f]{32})$/.exec(contentType)?.[1];
    expect(boundary, contentType).toBeDefined();
    const part = (headers: string, content: string | Buffer) => [Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(content), Buffer.from('\r\n')];
    const want = Buffer.concat([
      ...part('Content-Disposition: form-data; name="nome"', 'ação'),
      ...part('Content-Disposition: form-data; name="count"', '3'),
      ...part('Content-Disposition: form-data; name="flag"', 'false'),
      ...part('Content-Disposition: form-data; name="photo"; filename="foto %221%22.png"\r\nContent-Type: image/png', Buffer.from([137, 80, 78, 71])),
      ...part('Content-Disposition: form-data; name="raw"; filename="blob"\r\nContent-Type: application/octet-stream', Buffer.from([0, 255])),
      ...part('Content-Disposition: form-data; name="notes"; filename="notes.txt"\r\nContent-Type: text/plain', 'olá'),
      ...part('Content-Disposition: form-data; name="meta"\r\nContent-Type: application/json', '{"a":1,"b":[true]}'),
      ...part('Content-Disposition: form-data; name="tag"', 'x'),
      ...part('Content-Disposition: form-data; name="tag"', 'y'),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    expect(bytes.toString('latin1')).toBe(want.toString('latin1'));
    expect(request.headers['content-length']).toBe(String(want.length));
  });

  it('quotes hostile field names so they cannot add headers or parts', async () => {
    const server = await serve();
    await client(server.url).call(operation(bodyOf('multipart/form-data', 'multipart')), { body: { 'a"\r\nX-Evil: 1': 'v' } });
    const { bytes } = await received(server);
    expect(bytes.toString('utf8')).toContain('Content-Disposition: form-data; name="a%22%0D%0AX-Evil: 1"\r\n\r\nv\r\n');
  });
});

describe('choosing and checking the body before any request', () => {
  const twoTypes: BodySpec = { required: true, label: 'body', media: [{ type: 'application/json', kind: 'json' }, { type: 'application/x-www-form-urlencoded', kind: 'form' }] };

  it('contentType picks another declared media type', async () => {
    const server = await serve();
    await client(server.url).call(operation(twoTypes), { body: { a: '1' } }, { contentType: 'application/x-www-form-urlencoded' });
    const { request, bytes } = await received(server);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(bytes.toString()).toBe('a=1');
  });

  it.each([
    ['an undeclared content type', operation(twoTypes), { body: {} }, { contentType: 'text/plain' }, /contentType must be one of the media types upload declares/],
    ['a missing required body', operation(twoTypes), {}, {}, /body is required/],
    ['a number for a text body', operation(bodyOf('text/plain', 'text')), { body: 12 }, {}, /body must be a string for a text body/],
    ['a bigint in a JSON body', operation(bodyOf('application/json', 'json')), { body: { n: 1n } }, {}, /body must be JSON-serialisable/],
    ['a nested object in a form body', operation(bodyOf('application/x-www-form-urlencoded', 'form')), { body: { a: { b: { c: 1 } } } }, {}, /field "b" must be a string/],
    ['a function in a multipart body', operation(bodyOf('multipart/form-data', 'multipart')), { body: { f: () => 1 } }, {}, /part "f" must be/],
    ['a body for an operation without one', operation(undefined), {}, { contentType: 'application/json' }, /takes no body/],
  ])('%s is a ValidationError and sends nothing', async (_name, op, args, options, message) => {
    const server = await serve();
    const error = await client(server.url).call(op, args, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });
});

describe('header and cookie parameters on the wire', () => {
  it('sends them with the client headers, cookies merged into one header', async () => {
    const server = await serve();
    const op: OperationSpec = {
      id: 'withHeaders',
      method: 'GET',
      path: '/h',
      paginated: false,
      params: [
        { name: 'X-Trace-Id', label: 'traceId', in: 'header', required: true, type: 'string' },
        { name: 'X-Ids', label: 'ids', in: 'header', required: false, type: 'array' },
        { name: 'session', label: 'session', in: 'cookie', required: false, type: 'string' },
        { name: 'lang', label: 'lang', in: 'cookie', required: false, type: 'string' },
      ],
    };
    await client(server.url).call(op, { traceId: 'abc-1', ids: [1, 2], session: 's 1', lang: 'pt-BR' }, { headers: { Cookie: 'theme=dark' } });
    const { headers } = server.requests[0]!;
    expect(headers['x-trace-id']).toBe('abc-1');
    expect(headers['x-ids']).toBe('1,2');
    expect(headers.cookie).toBe('session=s%201; lang=pt-BR; theme=dark');
  });

  it('a missing required header parameter is a ValidationError naming it', async () => {
    const server = await serve();
    const op: OperationSpec = { id: 'h', method: 'GET', path: '/h', paginated: false, params: [{ name: 'X-Trace-Id', label: 'traceId', in: 'header', required: true, type: 'string' }] };
    await expect(client(server.url).call(op, {})).rejects.toThrow(/traceId \(X-Trace-Id\) is required/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('every method and every response kind', () => {
  it.each(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const)('%s reaches the server as itself', async (method) => {
    const server = await serve((_req, res) => res.end());
    await expect(client(server.url).call(operation(undefined, method, 'empty'))).resolves.toBeUndefined();
    expect(server.requests[0]?.method).toBe(method);
  });

  it('binary: a Uint8Array of the exact bytes', async () => {
    const server = await serve((_req, res) => res.end(Buffer.from([0, 128, 255, 10])));
    const got = await client(server.url).call<Uint8Array>(operation(undefined, 'GET', 'binary'));
    expect(got).toBeInstanceOf(Uint8Array);
    expect([...got]).toEqual([0, 128, 255, 10]);
    expect(server.requests[0]?.headers.accept).toBe('*/*');
  });

  it('text: a string, in the charset the answer names', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' });
      res.end(Buffer.from([0x61, 0xe7, 0xe3, 0x6f])); // "ação" in ISO-8859-1
    });
    await expect(client(server.url).call(operation(undefined, 'GET', 'text'))).resolves.toBe('ação');
  });

  it('text: JSON-looking text stays text', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { a: 1 }));
    await expect(client(server.url).call(operation(undefined, 'GET', 'text'))).resolves.toBe('{"a":1}');
  });

  it('empty: undefined whatever the server sends', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { ignored: true }));
    await expect(client(server.url).call(operation(undefined, 'DELETE', 'empty'))).resolves.toBeUndefined();
  });
});

describe('retrying requests with bodies', () => {
  const unavailableOnce: Handler = (_req, res, _r, index) =>
    index === 0 ? sendJson(res, 503, { title: 'Service unavailable', status: 503 }, { 'retry-after': '0' }) : sendJson(res, 200, {});

  it('a buffered multipart body is resent identically, boundary included', async () => {
    const server = await serve(unavailableOnce);
    await client(server.url).call(operation(bodyOf('multipart/form-data', 'multipart')), { body: { f: new Uint8Array([1, 2, 3]), t: 'x' } });
    expect(server.requests).toHaveLength(2);
    const [first, second] = [await received(server, 0), await received(server, 1)];
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(second.request.headers['content-type']).toBe(first.request.headers['content-type']);
  });

  it('a stream body is not resent, even on a retryable status', async () => {
    const server = await serve(unavailableOnce);
    const error = await client(server.url)
      .call(operation(bodyOf('application/octet-stream', 'binary')), { body: Readable.from([Buffer.from('abc')]) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  const cutOnce: Handler = (req, res, _r, index) => (index === 0 ? req.socket.destroy() : sendJson(res, 200, {}));

  it('a PUT with a buffered body is repeated after a network failure, with the same bytes', async () => {
    const server = await serve(cutOnce);
    await client(server.url).call(operation(bodyOf('application/json', 'json'), 'PUT'), { body: { a: 1 } });
    expect(server.requests).toHaveLength(2);
    expect((await received(server, 1)).bytes.toString()).toBe('{"a":1}');
  });

  it('a POST is not repeated after a network failure (it may have been applied)', async () => {
    const server = await serve(cutOnce);
    const error = await client(server.url).call(operation(bodyOf('application/json', 'json')), { body: { a: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(1);
  });
});
