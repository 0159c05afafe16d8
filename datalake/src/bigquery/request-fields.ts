// The fields of jobs.query bodies, jobs.insert configurations and query
// strings, checked before use: a field of the wrong type or range is a 400
// `invalid` naming it (`Invalid value at 'queryParameters[0]' ...`), as
// BigQuery's front end answers, never a 500 from deeper down.
import { invalidField } from './errors.js';
import type { QueryConfig, QueryParameter } from './plan.js';

type Body = Record<string, unknown>;

const UINT32_MAX = 4_294_967_295;
const isObject = (v: unknown): v is Body => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An object field (absent: `{}`). */
export function objectField(body: Body, name: string, path = name): Body {
  const v = body[name];
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw invalidField(path, 'an object', v);
  return v;
}

export function stringField(body: Body, name: string, path = name): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidField(path, 'TYPE_STRING', v);
  return v;
}

export function boolField(body: Body, name: string, path = name): boolean | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidField(path, 'TYPE_BOOL', v);
  return v;
}

/** A whole number in [0, max]; int64 fields arrive as strings or numbers. */
export function countField(body: Body, name: string, path = name, max = UINT32_MAX): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n > max) {
    throw invalidField(path, max === UINT32_MAX ? 'TYPE_UINT32' : 'TYPE_INT64', v);
  }
  return n;
}

/** A whole number in the query string (`maxResults`, `startIndex`, `timeoutMs`). */
export function countParam(query: URLSearchParams, name: string, max = UINT32_MAX): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const n = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n > max) throw invalidField(name, max === UINT32_MAX ? 'TYPE_UINT32' : 'TYPE_UINT64', raw);
  return n;
}

function scalarValue(v: unknown, path: string): void {
  if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
    throw invalidField(path, 'a scalar value', v);
  }
}

function queryParameter(v: unknown, path: string): QueryParameter {
  if (!isObject(v)) throw invalidField(path, 'QueryParameter', v);
  stringField(v, 'name', `${path}.name`);
  const type = objectField(v, 'parameterType', `${path}.parameterType`);
  stringField(type, 'type', `${path}.parameterType.type`);
  stringField(objectField(type, 'arrayType', `${path}.parameterType.arrayType`), 'type', `${path}.parameterType.arrayType.type`);
  const value = objectField(v, 'parameterValue', `${path}.parameterValue`);
  scalarValue(value.value, `${path}.parameterValue.value`);
  const items = value.arrayValues;
  if (items !== undefined && items !== null) {
    if (!Array.isArray(items)) throw invalidField(`${path}.parameterValue.arrayValues`, 'a list of QueryParameterValue', items);
    items.forEach((item, i) => {
      if (!isObject(item)) throw invalidField(`${path}.parameterValue.arrayValues[${i}]`, 'QueryParameterValue', item);
      scalarValue(item.value, `${path}.parameterValue.arrayValues[${i}].value`);
    });
  }
  return v as QueryParameter;
}

/**
 * The query settings of a jobs.query body or a jobs.insert `configuration.query`
 * (`prefix` names where they sit), checked; `jobTimeoutMs` comes from `limits`
 * (the body for jobs.query, `configuration` for jobs.insert).
 */
export function queryConfig(body: Body, prefix = '', limits: Body = body, limitsPrefix = prefix): QueryConfig {
  const at = (name: string): string => `${prefix}${name}`;
  const config: QueryConfig = {};
  const query = body.query;
  if (query !== undefined && query !== null && typeof query !== 'string') throw invalidField(at('query'), 'TYPE_STRING', query);
  if (typeof query === 'string') config.query = query;
  const legacy = boolField(body, 'useLegacySql', at('useLegacySql'));
  if (legacy !== undefined) config.useLegacySql = legacy;
  const mode = stringField(body, 'parameterMode', at('parameterMode'));
  if (mode !== undefined) config.parameterMode = mode;
  const params = body.queryParameters;
  if (params !== undefined && params !== null) {
    if (!Array.isArray(params)) throw invalidField(at('queryParameters'), 'a list of QueryParameter', params);
    config.queryParameters = params.map((p, i) => queryParameter(p, at(`queryParameters[${i}]`)));
  }
  if (body.defaultDataset !== undefined && body.defaultDataset !== null) {
    const ds = objectField(body, 'defaultDataset', at('defaultDataset'));
    const datasetId = stringField(ds, 'datasetId', at('defaultDataset.datasetId'));
    if (datasetId === undefined || datasetId === '') throw invalidField(at('defaultDataset.datasetId'), 'TYPE_STRING', ds.datasetId);
    const projectId = stringField(ds, 'projectId', at('defaultDataset.projectId'));
    config.defaultDataset = projectId === undefined ? { datasetId } : { projectId, datasetId };
  }
  const maxBilled = countField(body, 'maximumBytesBilled', at('maximumBytesBilled'), Number.MAX_SAFE_INTEGER);
  if (maxBilled !== undefined) config.maximumBytesBilled = String(maxBilled);
  const jobTimeoutMs = countField(limits, 'jobTimeoutMs', `${limitsPrefix}jobTimeoutMs`, Number.MAX_SAFE_INTEGER);
  if (jobTimeoutMs !== undefined) config.jobTimeoutMs = jobTimeoutMs;
  return config;
}
