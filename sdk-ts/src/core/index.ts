/**
 * The hand-written runtime of the SDK: errors, retries, argument checks, the HTTP
 * client, pagination, GraphQL functions and where the catalogue is. Generated resources only describe operations and delegate here.
 *
 * @module
 */

export {
  APIError,
  BaseDosDadosError,
  ERROR_KINDS,
  cancelledError,
  createError,
  describeFailure,
  errorClassForKind,
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
  Authenticator,
  withAuthHeaders,
  withAuthQuery,
  basicAuthorization,
  type AppliedAuth,
  type AuthHeadersHook,
  type AuthRequest,
  type BasicCredentials,
  type ClientCredentials,
  type Credential,
  type Credentials,
  type SecurityRequirementSpec,
  type SecuritySchemeKind,
  type SecuritySchemeSpec,
} from './auth.js';
export { OAuthTokens, TOKEN_REFRESH_MARGIN_MS, type TokenTransport } from './oauth.js';
export { REDACTED, credentialValues, redactText, safeCause } from './redact.js';
export {
  backoffDelayMs,
  parseRetryAfter,
  resolveRetryPolicy,
  retryDelayMs,
  shouldRetry,
  sleep,
  withRetries,
  type AttemptFailure,
  type Clock,
  type FailedTry,
  type RandomSource,
  type RetriedCall,
  type RetryDelaySources,
  type RetryPolicy,
} from './retry.js';
export {
  checkParam,
  invalidArguments,
  validateArgs,
  type BodyKind,
  type BodyMedia,
  type BodySpec,
  type CallArgs,
  type HttpMethod,
  type OperationSpec,
  type ParamLocation,
  type ParamSpec,
  type ParamStyle,
  type ResponseKind,
  type ValueRules,
  type ValueType,
} from './params.js';
export { buildHeaders, buildPath, buildQuery, styledPairs } from './serialize.js';
export { encodeBody, type EncodedBody, type FilePart } from './body.js';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  IDEMPOTENT_METHODS,
  MAX_REDIRECTS,
  checkTimeout,
  defaultDispatcher,
  describeNotJson,
  describeRedirect,
  sendOnce,
  type OutgoingRequest,
  type RedirectRefusal,
  type TryResult,
} from './transport.js';
export {
  Page,
  PagePromise,
  createPagePromise,
  type PageContext,
  type PageFetcher,
  type PageFields,
  type PaginationSpec,
} from './pagination.js';
export { graphqlErrorMessages, graphqlRequestBody, graphqlResult, type GraphqlAnswerContext, type GraphqlSpec } from './graphql.js';
export {
  flattenConnections,
  isConnection,
  localize,
  pluckFields,
  shapeResultObject,
  valueAt,
  type AnswerPath,
  type LocaleChoice,
  type PluckSpec,
} from './graphql-shape.js';
export {
  apiUrlVariable,
  environmentVariable,
  resolveBaseUrl,
  resolveEnvironment,
  type EnvironmentSpec,
  type PlaceSpec,
} from './environments.js';
export {
  DEFAULT_USER_AGENT,
  defaultUserAgent,
  HttpClient,
  type ApiSpec,
  type HttpClientOptions,
  type RequestOptions,
} from './http.js';
