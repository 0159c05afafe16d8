// Small HTTP helpers shared by both faces: JSON bodies, request ids, and the
// "cut mid-body" fault applied where the response is written.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestContext {
  id: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  method: string;
  /** Set by fault injection: write half the body, then drop the connection. */
  cut: boolean;
}

/** A request body that cannot be read; `closeConnection` when the rest of it was not read. */
export class BodyError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly closeConnection = false,
  ) {
    super(message);
  }

  /** Headers its answer needs: the unread rest of an over-large body must not reach the next request. */
  get headers(): Record<string, string> {
    return this.closeConnection ? { Connection: 'close' } : {};
  }
}

/** JSON text already written (pages are written row by row, see bigquery/pages.ts). */
export class RawJson {
  constructor(readonly text: string) {}
}

export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function readJson(req: IncomingMessage): Promise<unknown> {
  // Events, not `for await`: leaving an async iterator early destroys the
  // socket, and the answer would never reach the client.
  const chunks = await new Promise<Buffer[]>((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        parts.push(chunk);
        return;
      }
      // The rest of the body is read and dropped; the answer closes the connection.
      req.off('data', onData);
      req.resume();
      reject(new BodyError(`Request payload size exceeds the limit: ${MAX_BODY_BYTES} bytes.`, 413, true));
    };
    req.on('data', onData);
    req.once('end', () => resolve(parts));
    req.once('error', reject);
  });
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError('request body is not valid JSON');
  }
}

export function send(
  ctx: RequestContext,
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json; charset=utf-8',
  headers: Record<string, string> = {},
): void {
  const payload =
    body === undefined ? Buffer.alloc(0) : Buffer.from(body instanceof RawJson ? body.text : JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': String(payload.length),
    'X-Request-Id': ctx.id,
    ...headers,
  });
  if (ctx.cut && payload.length > 0) {
    // Half the promised bytes, then a reset: the client sees a broken body.
    res.write(payload.subarray(0, Math.max(1, Math.floor(payload.length / 2))), () => {
      res.socket?.destroy();
    });
    return;
  }
  res.end(payload);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
