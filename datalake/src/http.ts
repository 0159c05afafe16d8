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

export class BodyError extends Error {}

const MAX_BODY = 16 * 1024 * 1024;

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BodyError('request body too large');
    chunks.push(chunk as Buffer);
  }
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
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body), 'utf8');
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
