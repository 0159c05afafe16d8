/**
 * The official @google-cloud/bigquery client, set up for this SDK: pointed at
 * BigQuery or at a local datalake, its own retries off so the spec's one
 * policy (x-bd-retry) applies, and its errors turned into the SDK's.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { PassThroughClient } from 'google-auth-library';
import {
  BaseDosDadosError,
  createError,
  errorKindForBigQueryReason,
  errorKindForStatus,
  type ErrorKindSpec,
} from '../core/errors.js';
import { abortError, retryDelayMs, shouldRetry, sleep, type AttemptFailure, type RetryPolicy } from '../core/retry.js';

/** Where BigQuery is, from the option, else `BASEDOSDADOS_BIGQUERY_ENDPOINT`, else `BIGQUERY_EMULATOR_HOST`; undefined for Google's. */
export function resolveEndpoint(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = option || env.BASEDOSDADOS_BIGQUERY_ENDPOINT || env.BIGQUERY_EMULATOR_HOST?.replace(/\/bigquery\/v2\/?$/, '');
  return value ? value.replace(/\/+$/, '') : undefined;
}

/**
 * A client billed to `billingProject`. Against a local endpoint it sends no
 * credentials; against Google it uses Application Default Credentials.
 */
export function createBigQuery(billingProject: string, endpoint: string | undefined): BigQuery {
  return new BigQuery({
    projectId: billingProject,
    ...(endpoint ? { apiEndpoint: endpoint, authClient: new PassThroughClient() } : {}),
    autoRetry: false,
    maxRetries: 0,
    userAgent: 'basedosdados-sdk-ts',
  });
}

interface GoogleApiError {
  code?: number | string;
  message?: string;
  errors?: { reason?: string; message?: string; location?: string }[];
  response?: { headers?: Record<string, string | string[] | undefined> };
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET']);

/** What kind of failure this was, for the retry decision. */
export function classifyFailure(error: unknown): AttemptFailure | null {
  const e = error as GoogleApiError & { name?: string; type?: string };
  const reason = e.errors?.[0]?.reason;
  if (typeof e.code === 'number') return reason ? { type: 'bigquery', reason } : { type: 'status', status: e.code };
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return { type: 'network' };
  if (e.type === 'system' || /socket hang up|ECONNRESET|premature close|terminated|other side closed/i.test(e.message ?? '')) return { type: 'network' };
  return null;
}

/** A BigQuery failure as the SDK's typed error, keeping BigQuery's message and reason. */
export function toSdkError(error: unknown, table: readonly ErrorKindSpec[], attempts: number): BaseDosDadosError {
  if (error instanceof BaseDosDadosError) return error;
  const e = error as GoogleApiError;
  const failure = classifyFailure(error);
  const reason = e.errors?.[0]?.reason;
  const status = typeof e.code === 'number' ? e.code : undefined;
  const byReason = reason ? errorKindForBigQueryReason(reason, table) : 'unknown';
  const byStatus = status !== undefined ? errorKindForStatus(status, table) : failure?.type === 'network' ? 'connection' : 'unknown';
  const kind = byReason !== 'unknown' ? byReason : byStatus;
  const location = e.errors?.[0]?.location;
  const message = `BigQuery: ${e.message ?? String(error)}${reason ? ` (reason: ${reason}${location ? `, location: ${location}` : ''})` : ''}`;
  return createError(kind, message, { ...(status !== undefined ? { status } : {}), attempts, cause: error });
}

function retryAfterHeader(error: unknown): string | undefined {
  const headers = (error as GoogleApiError).response?.headers;
  const value = headers?.['retry-after'];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Runs one BigQuery request with the spec's retry policy. Callers retry one
 * request at a time (one page, one job insert), so a retry never repeats or
 * skips rows.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  table: readonly ErrorKindSpec[],
  signal: AbortSignal | undefined,
  request: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortError(signal);
    try {
      return await request();
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      const failure = classifyFailure(error);
      if (!failure || !shouldRetry(policy, failure, attempt)) throw toSdkError(error, table, attempt);
      await sleep(retryDelayMs(policy, attempt, retryAfterHeader(error)), signal);
    }
  }
}
