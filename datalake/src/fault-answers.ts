// What an injected fault answers, in the shape of the face it hits (BigQuery's
// errors; on the backend replica what the real backend would answer there, see
// backend/error-answers.ts): an error status (optionally quoting every request
// header back, as a careless server does), a redirect (to this server or to a
// foreign origin), a cookie.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BigQueryError, faultError, type BigQueryReason } from './bigquery/errors.js';
import type { FaultDecision } from './faults.js';
import { RawJson, send, type RequestContext } from './http.js';
import { djangoRedirect } from './backend/django.js';
import { failureAnswer, type ErrorStyle } from './backend/error-answers.js';

/** Every header of the request as `name: value`, cookies split into their pairs too. */
export function requestHeaderLines(req: IncomingMessage): { lines: string[]; values: string[] } {
  const lines: string[] = [];
  const values: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const value = req.rawHeaders[i + 1]!;
    lines.push(`${name}: ${value}`);
    values.push(value);
    if (name.toLowerCase() === 'cookie') for (const pair of value.split(';')) values.push(pair.slice(pair.indexOf('=') + 1).trim());
  }
  return { lines, values };
}

const ECHO_REASONS: Record<number, BigQueryReason> = { 400: 'invalid', 401: 'accessDenied', 403: 'accessDenied', 404: 'notFound', 429: 'rateLimitExceeded' };

/** Where a redirect of `req` points: the same path and query on this origin or on the foreign one. */
function redirectLocation(req: IncomingMessage, to: 'same' | 'foreign', foreignOrigin: string): string {
  const target = req.url ?? '/';
  return to === 'same' ? `http://${req.headers.host ?? '127.0.0.1'}${target}` : `${foreignOrigin}${target}`;
}

/**
 * Sends what `decision` says instead of the real answer, and returns true; false
 * when the decision only delays or cuts (the real answer then goes out, cut).
 * `foreignOrigin` is where `redirect.to: foreign` points; `errorStyle`, how the
 * backend's view at the path writes its errors (for the `metadata` scope).
 */
export function answerFault(
  ctx: RequestContext,
  req: IncomingMessage,
  res: ServerResponse,
  scope: 'metadata' | 'bigquery',
  errorStyle: ErrorStyle,
  decision: FaultDecision,
  foreignOrigin: string,
  recordEcho: (values: readonly string[]) => void,
): boolean {
  const headers: Record<string, string> = {};
  if (decision.setCookie !== undefined) headers['Set-Cookie'] = `${decision.setCookie}; Path=/; HttpOnly`;
  if (decision.redirect) {
    const location = redirectLocation(req, decision.redirect.to, foreignOrigin);
    if (scope === 'bigquery') send(ctx, res, decision.redirect.status, { redirect: location }, 'application/json; charset=utf-8', { ...headers, Location: location });
    else djangoRedirect(ctx, res, decision.redirect.status, location, headers);
    req.resume();
    return true;
  }
  if (decision.status === undefined) return false;
  const status = decision.status;
  if (status === 429 || status === 503) headers['Retry-After'] = String(decision.retryAfter ?? 0);
  const sendBackend = (detail: string): void => {
    const { contentType, text } = failureAnswer(errorStyle, status, detail);
    send(ctx, res, status, new RawJson(text), contentType, headers);
  };
  if (decision.echo) {
    const { lines, values } = requestHeaderLines(req);
    recordEcho(values);
    const quoted = `request headers were: ${lines.join('; ')}`;
    if (scope === 'bigquery') {
      const reason = ECHO_REASONS[status] ?? (status >= 500 ? 'internalError' : 'invalid');
      send(ctx, res, status, new BigQueryError(status, reason, `Injected fault ${status}; ${quoted}`).body(), 'application/json; charset=utf-8', headers);
    } else {
      sendBackend(`injected fault; ${quoted}`);
    }
  } else if (scope === 'bigquery') {
    send(ctx, res, status, faultError(status).body(), 'application/json; charset=utf-8', headers);
  } else {
    sendBackend('injected fault');
  }
  req.resume();
  return true;
}
