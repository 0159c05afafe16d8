/**
 * The spec's runtime tables (x-bd-retry, x-bd-errors, x-bd-pagination), camelCased
 * as the generated code will pass them, and hand-written operation specs mirroring
 * the spec's list and get operations.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

import { API_SPEC } from '../../../../sdk-ts/src/generated/spec.js';
import type { ErrorKindSpec, OperationSpec, PaginationSpec, ParamSpec, RetryPolicy } from '../../../../sdk-ts/src/core/index.js';

const specPath = fileURLToPath(new URL('../../../../spec/datalake.yaml', import.meta.url));
const spec = parse(readFileSync(specPath, 'utf8')) as Record<string, unknown>;

function camelCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCase);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), camelCase(inner)]),
    );
  }
  return value;
}

export const SPEC_RETRY = camelCase(spec['x-bd-retry']) as RetryPolicy;
/** The generated error table: x-bd-errors with one generated class per kind, as the SDK hands it to the runtime. */
export const SPEC_ERRORS: readonly ErrorKindSpec[] = API_SPEC.errors;
export const SPEC_PAGINATION = camelCase(spec['x-bd-pagination']) as PaginationSpec;

/** A policy with tiny waits, so retry tests stay fast. */
export const FAST_RETRY: RetryPolicy = { ...SPEC_RETRY, initialDelayMs: 5, maxDelayMs: 20, jitter: 0 };

const ID = { type: 'string', pattern: '^[a-z0-9_]+$', minLength: 1, maxLength: 128 } as const;

export const DATASET_ID: ParamSpec = { name: 'dataset_id', label: 'datasetId', in: 'path', required: true, ...ID };
export const TABLE_ID: ParamSpec = { name: 'table_id', label: 'tableId', in: 'path', required: true, ...ID };
export const Q: ParamSpec = { name: 'q', label: 'q', in: 'query', required: false, type: 'string', minLength: 1, maxLength: 200 };
export const ORGANIZATION: ParamSpec = { name: 'organization', label: 'organization', in: 'query', required: false, ...ID };
export const PAGE: ParamSpec = { name: 'page', label: 'page', in: 'query', required: false, type: 'integer', minimum: 1, maximum: 100000 };
export const PAGE_SIZE: ParamSpec = {
  name: 'page_size',
  label: 'pageSize',
  in: 'query',
  required: false,
  type: 'integer',
  minimum: 1,
  maximum: 100,
};

export const LIST_DATASETS: OperationSpec = {
  id: 'listDatasets',
  method: 'GET',
  path: '/datasets',
  params: [Q, ORGANIZATION, PAGE, PAGE_SIZE],
  paginated: true,
};

export const GET_DATASET: OperationSpec = {
  id: 'getDataset',
  method: 'GET',
  path: '/datasets/{dataset_id}',
  params: [DATASET_ID],
  paginated: false,
};

export const GET_TABLE: OperationSpec = {
  id: 'getTable',
  method: 'GET',
  path: '/datasets/{dataset_id}/tables/{table_id}',
  params: [DATASET_ID, TABLE_ID],
  paginated: false,
};
