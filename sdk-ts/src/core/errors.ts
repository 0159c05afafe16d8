/**
 * Typed errors of the SDK.
 *
 * Every failure the SDK raises is a {@link BaseDosDadosError} whose `kind` says
 * what went wrong. Which HTTP statuses and BigQuery reasons map to which kind is
 * not hard-coded here: it comes from the spec's `x-bd-errors` table, which the
 * generated code passes in as {@link ErrorKindSpec}[].
 *
 * @module
 */

import { redactText, safeCause } from './redact.js';

/**
 * What kind of failure an error is: any kind the spec's `x-bd-errors` declares
 * (`not_found`, `rate_limited`, ...), or `unknown`. The kinds the runtime raises on
 * its own are the constants of {@link ERROR_KINDS}.
 */
export type ErrorKind = string;

/** The kinds the runtime itself raises, whatever the spec declares besides. */
export const ERROR_KINDS = Object.freeze({
  validation: 'validation',
  notFound: 'not_found',
  accessDenied: 'access_denied',
  invalidQuery: 'invalid_query',
  rateLimited: 'rate_limited',
  server: 'server',
  connection: 'connection',
  redirect: 'redirect',
  timeout: 'timeout',
  billingProject: 'billing_project',
  filesystem: 'filesystem',
  cancelled: 'cancelled',
  unknown: 'unknown',
} as const);

/** One entry of the spec's `x-bd-errors`, camelCased: which statuses and BigQuery reasons mean this kind. */
export interface ErrorKindSpec {
  /** The kind this entry describes. */
  readonly kind: ErrorKind;
  /** The spec's short name of the kind (`NotFound`); the error class is this name plus `Error`. */
  readonly name: string;
  /** HTTP statuses that mean this kind. */
  readonly statuses: readonly number[];
  /** BigQuery error `reason` values that mean this kind. */
  readonly bigqueryReasons?: readonly string[];
  /** What the kind means, in words. */
  readonly description?: string;
  /**
   * The class errors of this kind are built with (generated from the spec); when
   * absent, the runtime's own class of the kind, else {@link APIError} carrying the kind.
   */
  readonly errorClass?: ErrorClass;
}

/** One parameter that broke a constraint, as in a problem's `invalid_params`. */
export interface InvalidParam {
  /** The parameter's wire name (`page_size`). */
  readonly name: string;
  /** Where the parameter goes. */
  readonly in?: string;
  /** Which constraint it broke, in words. */
  readonly reason: string;
  /** JSON pointer to the constraint in the spec, when the server gives one. */
  readonly pointer?: string;
  /** The name the TypeScript caller used (`pageSize`), for errors raised before the request. */
  readonly label?: string;
}

/** An error response body in RFC 9457 problem details form (`application/problem+json`). */
export interface ProblemDetails {
  /** A URI naming the kind of problem. */
  readonly type?: string;
  /** A short summary of the kind of problem. */
  readonly title?: string;
  /** The HTTP status the server sent. */
  readonly status?: number;
  /** What went wrong this time, in words. */
  readonly detail?: string;
  /** The path of the request. */
  readonly instance?: string;
  /** The server's id of this request. */
  readonly request_id?: string;
  /** The parameters that broke a constraint. */
  readonly invalid_params?: readonly InvalidParam[];
  /** Extension members. */
  readonly [member: string]: unknown;
}

/** What an error is built from; every field is optional so errors raised before any request fit too. */
export interface BaseDosDadosErrorInit {
  /** HTTP status of the response that failed, if there was one. */
  readonly status?: number;
  /** The server's request id (`X-Request-Id` header, else `problem.request_id`). */
  readonly requestId?: string;
  /** The problem details the server sent. */
  readonly problem?: ProblemDetails;
  /** How many tries were made before giving up; 0 when the error was raised before any request. */
  readonly attempts?: number;
  /** The underlying error (a socket error, a BigQuery error...); kept only as a copy without credentials. */
  readonly cause?: unknown;
  /** How long the server asked to wait (`Retry-After`), in milliseconds. */
  readonly retryAfterMs?: number;
  /** The parameters that broke a constraint (else taken from `problem`). */
  readonly invalidParams?: readonly InvalidParam[];
  /** The machine-readable reason the server gave (BigQuery's `notFound`, `invalidQuery`...). */
  readonly reason?: string;
  /** The kind, for a kind of the spec that has no class of its own (see {@link createError}). */
  readonly kind?: ErrorKind;
  /**
   * Credentials the request carried (header values, tokens): blanked out of the
   * message, the problem and the cause in case the server echoed them. Not stored.
   */
  readonly secrets?: readonly string[];
}

function redactProblem(problem: ProblemDetails | undefined, secrets: readonly string[]): ProblemDetails | undefined {
  if (problem === undefined) return undefined;
  const text = JSON.stringify(problem);
  const redacted = redactText(text, secrets);
  return redacted === text ? problem : (JSON.parse(redacted) as ProblemDetails);
}

/**
 * The base class of every error the SDK raises. Check `kind`, or use `instanceof`
 * with a subclass such as {@link NotFoundError}.
 *
 * No error carries a credential: the message and the problem are redacted, and
 * the `cause` is the underlying error only when it holds no request; otherwise a
 * copy keeping its name, message, stack, code and status (see `redact.ts`).
 */
export class BaseDosDadosError extends Error {
  /** The kind this class stands for; read by the constructor to set `kind`. */
  static readonly kind: ErrorKind = ERROR_KINDS.unknown;

  override name = 'BaseDosDadosError';
  /** What kind of failure this is. */
  readonly kind: ErrorKind;
  /** HTTP status of the failed response, if there was one. */
  readonly status: number | undefined;
  /** The server's request id, to quote when reporting the problem. */
  readonly requestId: string | undefined;
  /** The RFC 9457 problem details the server sent, if any. */
  readonly problem: ProblemDetails | undefined;
  /** How many tries were made; 0 when raised before any request. */
  readonly attempts: number;
  /** The machine-readable reason the server gave (BigQuery's `notFound`...), if any. */
  readonly reason: string | undefined;
  /** The parameters that broke a constraint, from the local check or the problem's `invalid_params`. */
  readonly invalidParams: readonly InvalidParam[];
  /** How long the server's last `Retry-After` asked to wait, in milliseconds, if it sent one. */
  readonly retryAfterMs: number | undefined;

  /**
   * @param message - What went wrong; {@link describeFailure} builds one from a response.
   * @param init - Status, problem, request id, attempts and cause.
   */
  constructor(message: string, init: BaseDosDadosErrorInit = {}) {
    const secrets = init.secrets ?? [];
    const cause = safeCause(init.cause, secrets);
    super(redactText(message, secrets), cause === undefined ? undefined : { cause });
    this.kind = init.kind ?? (new.target as typeof BaseDosDadosError).kind;
    this.status = init.status;
    this.problem = redactProblem(init.problem, secrets);
    this.requestId = init.requestId ?? init.problem?.request_id;
    this.attempts = init.attempts ?? 0;
    this.reason = init.reason;
    this.invalidParams = init.invalidParams ?? this.problem?.invalid_params ?? [];
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** An HTTP error whose status no kind of the spec claims. */
export class APIError extends BaseDosDadosError {
  static override readonly kind: ErrorKind = ERROR_KINDS.unknown;
  override name = 'APIError';
}

/** A constructor of one of the SDK's error classes. */
export type ErrorClass = new (message: string, init?: BaseDosDadosErrorInit) => BaseDosDadosError;

/**
 * The class errors of `kind` are built with: the `errorClass` of the kind's entry
 * in `table` (the spec's; generated code hands in one class per kind of its
 * `x-bd-errors`, src/generated/errors.ts), else {@link APIError} carrying the kind.
 */
export function errorClassForKind(kind: ErrorKind, table: readonly ErrorKindSpec[] = []): ErrorClass {
  return table.find((entry) => entry.kind === kind)?.errorClass ?? APIError;
}

/**
 * Builds an error of the given kind, its class resolved from `table` (see
 * {@link errorClassForKind}). A kind whose class stands for another kind (a kind
 * of the spec the runtime has no class for) still gets `kind` set to it.
 */
export function createError(
  kind: ErrorKind,
  message: string,
  init: BaseDosDadosErrorInit = {},
  table: readonly ErrorKindSpec[] = [],
): BaseDosDadosError {
  const ErrorOfKind = errorClassForKind(kind, table);
  const classKind = (ErrorOfKind as unknown as typeof BaseDosDadosError).kind;
  return new ErrorOfKind(message, classKind === kind ? init : { ...init, kind });
}

/**
 * The error a call rejects with when its `signal` aborts: the `cancelled` kind
 * (its class from `table`), the signal's reason as `cause`, so an abort never
 * surfaces as a bare `DOMException`.
 *
 * @param what - What was cancelled, for the message (`GET /search/`, `download`).
 */
export function cancelledError(signal: AbortSignal, table: readonly ErrorKindSpec[] = [], what = 'the call'): BaseDosDadosError {
  const reason: unknown = signal.reason;
  const why = reason instanceof Error ? reason.message : reason === undefined ? '' : String(reason);
  return createError(ERROR_KINDS.cancelled, `${what} was cancelled${why ? `: ${why}` : ''}`, { cause: reason }, table);
}

/**
 * The kind an HTTP status means according to `table` (the spec's `x-bd-errors`),
 * or `unknown` when no entry claims it. The first entry that lists the status wins.
 */
export function errorKindForStatus(status: number, table: readonly ErrorKindSpec[]): ErrorKind {
  return table.find((entry) => entry.statuses.includes(status))?.kind ?? ERROR_KINDS.unknown;
}

/** The error class for an HTTP status according to `table`; {@link APIError} when no kind claims it. */
export function errorClassForStatus(status: number, table: readonly ErrorKindSpec[]): ErrorClass {
  return errorClassForKind(errorKindForStatus(status, table), table);
}

/**
 * The kind a BigQuery error `reason` (`notFound`, `invalidQuery`...) means according
 * to the `bigqueryReasons` of `table`, or `unknown` when no entry lists it.
 */
export function errorKindForBigQueryReason(reason: string, table: readonly ErrorKindSpec[]): ErrorKind {
  return table.find((entry) => (entry.bigqueryReasons ?? []).includes(reason))?.kind ?? ERROR_KINDS.unknown;
}

/** What {@link describeFailure} and {@link errorFromResponse} need to know about a failed response. */
export interface FailedResponse {
  /** The HTTP status. */
  readonly status: number;
  /** The request, as `GET /search/`, so the message says which call failed. */
  readonly request?: string;
  /** The problem details the server sent, if the body was one. */
  readonly problem?: ProblemDetails;
  /** The `X-Request-Id` header. */
  readonly requestId?: string;
  /** The body's text when it was not problem details (quoted, shortened). */
  readonly bodyText?: string;
  /** How many tries were made. */
  readonly attempts?: number;
  /** The parsed `Retry-After`, in milliseconds. */
  readonly retryAfterMs?: number;
  /** Credentials the request carried, blanked out of the error if the server echoed them. */
  readonly secrets?: readonly string[];
  /** What the caller can do about it, appended to the message (the credentials a refused call lacked). */
  readonly hint?: string;
}

const MAX_QUOTED_BODY = 200;

/**
 * A one-line message for a failed response: status, the problem's title and detail
 * (or the start of the body), the request, the request id and how many tries were made.
 * For example `404 Not found: dataset x does not exist (GET /datasets/x, request id 7c9d22aa)`.
 */
export function describeFailure(response: FailedResponse): string {
  const { problem } = response;
  let summary = `${response.status}`;
  if (problem?.title) summary += ` ${problem.title}`;
  if (problem?.detail) summary += `: ${problem.detail}`;
  if (!problem?.title && !problem?.detail && response.bodyText) {
    // Redacted before it is cut short, so half a credential cannot survive the cut.
    const text = redactText(response.bodyText, response.secrets).trim().replace(/\s+/g, ' ');
    if (text) summary += `: ${text.length > MAX_QUOTED_BODY ? `${text.slice(0, MAX_QUOTED_BODY)}…` : text}`;
  }
  const context: string[] = [];
  if (response.request) context.push(response.request);
  const requestId = response.requestId ?? problem?.request_id;
  if (requestId) context.push(`request id ${requestId}`);
  if (response.attempts !== undefined && response.attempts > 1) context.push(`after ${response.attempts} attempts`);
  const described = context.length > 0 ? `${summary} (${context.join(', ')})` : summary;
  return response.hint ? `${described}. ${response.hint}` : described;
}

/** Builds the typed error for a failed response, choosing its class from `table` by status. */
export function errorFromResponse(response: FailedResponse, table: readonly ErrorKindSpec[]): BaseDosDadosError {
  return createError(errorKindForStatus(response.status, table), describeFailure(response), {
    status: response.status,
    problem: response.problem,
    requestId: response.requestId ?? response.problem?.request_id,
    attempts: response.attempts,
    retryAfterMs: response.retryAfterMs,
    ...(response.secrets ? { secrets: response.secrets } : {}),
  }, table);
}
