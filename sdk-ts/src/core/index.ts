/**
 * The hand-written runtime of the SDK: errors, retries, argument checks, the HTTP
 * client and pagination. Generated resources only describe operations and delegate here.
 *
 * @module
 */

export {
  APIError,
  AccessDeniedError,
  BaseDosDadosError,
  BillingProjectError,
  FileSystemError,
  ConnectionError,
  InvalidQueryError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
  createError,
  describeFailure,
  errorClassByKind,
  errorClassForStatus,
  errorFromResponse,
  errorKindForBigQueryReason,
  errorKindForStatus,
  type BaseDosDadosErrorInit,
  type ErrorClass,
  type ErrorKind,
  type ErrorKindSpec,
  type FailedResponse,
  type InvalidParam,
  type ProblemDetails,
} from './errors.js';
export {
  abortError,
  backoffDelayMs,
  parseRetryAfter,
  resolveRetryPolicy,
  retryDelayMs,
  shouldRetry,
  sleep,
  type AttemptFailure,
  type Clock,
  type RandomSource,
  type RetryDelaySources,
  type RetryPolicy,
} from './retry.js';
export {
  buildPath,
  buildQuery,
  checkParam,
  validateArgs,
  type CallArgs,
  type OperationSpec,
  type ParamSpec,
} from './params.js';
export {
  Page,
  PagePromise,
  createPagePromise,
  type PageContext,
  type PageFetcher,
  type PaginationSpec,
} from './pagination.js';
export {
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  HttpClient,
  type ApiSpec,
  type HttpClientOptions,
  type RequestOptions,
} from './http.js';
