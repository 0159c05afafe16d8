// BigQuery's JSON error shape: {error: {code, message, status, errors: [{reason, message, domain, location?}]}}.

export type BigQueryReason =
  | 'invalid'
  | 'invalidQuery'
  | 'notFound'
  | 'duplicate'
  | 'accessDenied'
  | 'rateLimitExceeded'
  | 'backendError'
  | 'internalError'
  | 'stopped'
  | 'timeout'
  | 'responseTooLarge'
  | 'resourcesExceeded';

const STATUS_TEXT: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  413: 'INVALID_ARGUMENT',
  415: 'INVALID_ARGUMENT',
  431: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export interface ErrorProto {
  reason: BigQueryReason;
  message: string;
  domain: 'global';
  location?: string;
  locationType?: string;
}

export class BigQueryError extends Error {
  constructor(
    readonly code: number,
    readonly reason: BigQueryReason,
    message: string,
    readonly location?: string,
  ) {
    super(message);
  }

  /** The entry of `errors[]` and of a job's `status.errorResult`. */
  proto(): ErrorProto {
    const p: ErrorProto = { reason: this.reason, message: this.message, domain: 'global' };
    if (this.location !== undefined) p.location = this.location;
    return p;
  }

  body(): { error: { code: number; message: string; status: string; errors: ErrorProto[] } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        status: STATUS_TEXT[this.code] ?? 'UNKNOWN',
        errors: [this.proto()],
      },
    };
  }
}

export const notFound = (message: string): BigQueryError => new BigQueryError(404, 'notFound', `Not found: ${message}`);
export const invalid = (message: string): BigQueryError => new BigQueryError(400, 'invalid', message);
export const invalidQuery = (message: string): BigQueryError => new BigQueryError(400, 'invalidQuery', message, 'query');
export const accessDenied = (message: string): BigQueryError => new BigQueryError(403, 'accessDenied', `Access Denied: ${message}`);
/** A request field of the wrong type or range, named the way BigQuery's front end names it. */
export const invalidField = (field: string, expected: string, value: unknown): BigQueryError =>
  new BigQueryError(400, 'invalid', `Invalid value at '${field}' (${expected}), ${shown(value)}`, field);
/** BigQuery's answer when a result (or one of its rows) cannot be returned within the response size limit. */
export const responseTooLarge = (detail: string): BigQueryError =>
  new BigQueryError(403, 'responseTooLarge', `Response too large to return. Consider specifying a destination table in your job configuration. (${detail})`);
/** A job stopped by its time limit (jobTimeoutMs, or the datalake's own query time limit). */
export const jobTimedOut = (ms: number): BigQueryError =>
  new BigQueryError(400, 'timeout', `Job execution was cancelled: Job timed out after ${ms / 1000} sec`);
export const resourcesExceeded = (detail: string): BigQueryError =>
  new BigQueryError(400, 'resourcesExceeded', `Resources exceeded during query execution: ${detail}`);

/** A value as it appears in an error message: JSON, cut short. */
function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The error an injected fault answers on a BigQuery route. */
export function faultError(status: number): BigQueryError {
  if (status === 429) return new BigQueryError(429, 'rateLimitExceeded', 'Exceeded rate limits: too many api requests per user per method for this user_method (injected fault)');
  if (status === 503) return new BigQueryError(503, 'backendError', 'Error encountered during execution. Retrying may solve the problem (injected fault)');
  if (status === 500) return new BigQueryError(500, 'internalError', 'An internal error occurred and the request could not be completed (injected fault)');
  return new BigQueryError(status, 'backendError', `Injected fault ${status}`);
}
