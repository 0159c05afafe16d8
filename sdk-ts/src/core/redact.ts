/**
 * Keeping credentials out of errors.
 *
 * The libraries under the SDK (gaxios, google-auth-library, undici) attach their
 * request to the errors they throw: headers with `Authorization: Bearer ...`, a
 * refresh token in a request body, whole config objects. `util.inspect` and Node's
 * uncaught-exception report print all of it. Every error the SDK raises passes its
 * message and cause through this module, so what reaches the caller is a copy that
 * keeps what explains the failure (name, message, code, status, reason) and none
 * of the request.
 *
 * @module
 */

/** What replaces a credential in text. */
export const REDACTED = '[redacted]';

/** Headers whose values are never credentials; every other header the caller configures is treated as one. */
const PLAIN_HEADERS: ReadonlySet<string> = new Set(['accept', 'content-type', 'user-agent', 'content-length']);

/** Object keys never copied into an error's cause: credentials, and the request and config objects that hold them. */
const SECRET_KEY =
  /auth|token|secret|passw|credential|cookie|api[-_]?key|private|session|signature|^(headers?|config|request|response|res|req|options|opts|body|data|agent|socket|_.*)$/i;

/** Credentials that look like one wherever they appear: bearer tokens, OAuth fields, Google keys, JWTs, PEM keys. */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic|Token)(\s+)[A-Za-z0-9._~+/=-]+/gi, `$1$2${REDACTED}`],
  [/\b(access_token|refresh_token|id_token|client_secret|api_key|apikey|key|token|password|assertion)=[^&\s"']+/gi, `$1=${REDACTED}`],
  [/("(?:access_token|refresh_token|id_token|client_secret|private_key|password|assertion)"\s*:\s*)"[^"]*"/gi, `$1"${REDACTED}"`],
  [/\bya29\.[A-Za-z0-9._-]+/g, REDACTED],
  [/\bAIza[A-Za-z0-9_-]{20,}/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
];

/** Deeper cause chains than this are cut: a cycle or a hostile object cannot make redaction loop. */
const MAX_DEPTH = 6;
/** Arrays in a cause are cut to this many items. */
const MAX_ITEMS = 20;

/** The values of the `name=value` pairs of a `Cookie` header, or of the cookie a `Set-Cookie` header sets. */
function cookieValues(header: string, setCookie: boolean): string[] {
  const pairs = setCookie ? header.split(';').slice(0, 1) : header.split(';');
  return pairs.flatMap((pair) => {
    const equals = pair.indexOf('=');
    return equals < 0 ? [] : [pair.slice(equals + 1).trim()];
  });
}

/**
 * The values to blank out of errors, should a server echo them: the value of
 * every header in `headers` (those the caller configured on the client or the
 * call, header and cookie parameters, an auth client's headers, cookies a server
 * set) except `Accept`, `Content-Type`, `Content-Length` and `User-Agent`; the
 * bare token after an `Authorization` scheme; and each cookie's value.
 */
export function credentialValues(headers: Readonly<Record<string, string | readonly string[] | undefined>>): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (PLAIN_HEADERS.has(lower) || value === undefined) continue;
    for (const item of typeof value === 'string' ? [value] : value) {
      values.push(item);
      if (lower === 'authorization' || lower === 'proxy-authorization') {
        const token = /^\S+\s+(\S+)$/.exec(item.trim())?.[1];
        if (token) values.push(token);
      }
      if (lower === 'cookie' || lower === 'set-cookie') values.push(...cookieValues(item, lower === 'set-cookie'));
    }
  }
  return values;
}

/** `text` with every credential blanked out: the known `secrets` (values the caller sent) and anything shaped like one. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Longest first, so a bare token inside "Bearer <token>" does not leave "Bearer " half-replaced.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A copy of `value` fit to sit in an error: strings redacted, credential keys and request objects left out. */
function safeValue(value: unknown, secrets: readonly string[], depth: number, seen: Set<object>): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  if (depth > MAX_DEPTH || seen.has(value)) return undefined;
  seen.add(value);
  try {
    if (value instanceof Error) return safeErrorCopy(value, secrets, depth, seen);
    if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => safeValue(item, secrets, depth + 1, seen));
    if (!isPlainObject(value)) return undefined; // Headers, streams, agents, sockets, class instances
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (SECRET_KEY.test(key)) continue;
      const safe = safeValue(inner, secrets, depth + 1, seen);
      if (safe !== undefined) copy[key] = safe;
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}

/** An `Error` holding only what explains `error`: its name, message, stack and plain fields, and a safe copy of its cause. */
function safeErrorCopy(error: Error, secrets: readonly string[], depth: number, seen: Set<object>): Error {
  let name = 'Error';
  let message = '';
  let stack: string | undefined;
  try {
    name = String(error.name);
    message = String(error.message);
    stack = typeof error.stack === 'string' ? error.stack : undefined;
  } catch {
    // A hostile getter: keep the defaults.
  }
  const copy = new Error(redactText(message, secrets));
  Object.defineProperty(copy, 'name', { value: name, enumerable: false, writable: true, configurable: true });
  Object.defineProperty(copy, 'stack', {
    value: stack === undefined ? `${name}: ${copy.message}` : redactText(stack, secrets),
    enumerable: false,
    writable: true,
    configurable: true,
  });
  for (const key of Object.keys(error)) {
    if (SECRET_KEY.test(key) || key === 'name' || key === 'message' || key === 'stack' || key === 'cause') continue;
    let inner: unknown;
    try {
      inner = (error as unknown as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    const safe = safeValue(inner, secrets, depth + 1, seen);
    if (safe !== undefined) (copy as unknown as Record<string, unknown>)[key] = safe;
  }
  let cause: unknown;
  try {
    cause = error.cause;
  } catch {
    cause = undefined;
  }
  if (cause !== undefined) {
    const safeCause = safeValue(cause, secrets, depth + 1, seen);
    if (safeCause !== undefined) Object.defineProperty(copy, 'cause', { value: safeCause, enumerable: false, writable: true, configurable: true });
  }
  return copy;
}

/** Whether `value` already is safe to keep as it is: nothing in it would be dropped or rewritten by {@link safeCause}. */
function alreadySafe(value: unknown, secrets: readonly string[], depth: number): boolean {
  if (typeof value === 'string') return redactText(value, secrets) === value;
  if (value === null || typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol';
  if (depth > MAX_DEPTH) return false;
  if (!(value instanceof Error)) return false;
  try {
    if (!alreadySafe(value.message, secrets, depth) || !alreadySafe(value.stack ?? '', secrets, depth)) return false;
    for (const key of Object.keys(value)) {
      if (key === 'name' || key === 'message' || key === 'stack') continue;
      const inner = (value as unknown as Record<string, unknown>)[key];
      if (SECRET_KEY.test(key) || (inner !== null && typeof inner === 'object') || !alreadySafe(inner, secrets, depth + 1)) return false;
    }
    return value.cause === undefined || alreadySafe(value.cause, secrets, depth + 1);
  } catch {
    return false;
  }
}

/**
 * The cause to attach to an SDK error: `cause` itself when nothing in it is a
 * credential or a request (a plain socket error keeps its identity), otherwise a
 * copy keeping name, message, stack, code, status and reason, its own cause
 * copied the same way, with `secrets` and anything shaped like a credential
 * blanked out of every string.
 */
export function safeCause(cause: unknown, secrets: readonly string[] = []): unknown {
  if (cause === undefined) return undefined;
  if (alreadySafe(cause, secrets, 0)) return cause;
  return safeValue(cause, secrets, 0, new Set());
}
