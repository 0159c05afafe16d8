/** `_spec.py`: what the spec declares for the runtime, as the runtime's records. */
import { BODY_KEY } from '../../../emit/labels.js';
import type { IRGraphql, IROperation } from '../../../ir/types.js';
import { errorName, importLine, type Context } from '../context.js';
import { pyCall, pyNumber, pyString, pyTuple, pyTupleBlock } from '../doc.js';
import { pyParams, renderParamSpec } from '../params.js';
import { envVar, RUNTIME_ENV_PREFIX } from '../brand.js';
import { aliasRecords } from './aliases.js';
import { requirementsValue, securitySchemesBlock } from './security.js';

function bodySpec(op: IROperation, label: string, indent: string): string {
  const body = op.body!;
  return pyCall('BodySpec', [
    ['required', () => (body.required ? 'True' : 'False')],
    ['label', () => pyString(label)],
    ['media', (i) => pyTupleBlock(body.media.map((m) => (j: string) => pyCall('MediaSpec', [['type', () => pyString(m.type)], ['kind', () => pyString(m.kind)]], j)), i)],
  ], indent);
}

type Arg = [string, (indent: string) => string];

/** A path through a GraphQL answer: keys as strings, list indexes as numbers. */
const pyPath = (path: readonly (string | number)[]) => pyTuple(path.map((step) => (typeof step === 'number' ? String(step) : pyString(step))));

/** A multi-line text as implicitly joined string literals, one per line of the text, so the document reads as written. */
function pyLines(text: string, indent: string): string {
  const lines = text.split(/(?<=\n)/);
  if (lines.length <= 1) return pyString(text);
  return `(\n${lines.map((line) => `${indent}    ${pyString(line)}`).join('\n')}\n${indent})`;
}

/** The `graphql` record of a function of `x-bd-graphql` (docs/architecture.md). */
function graphqlSpec(g: IRGraphql, indent: string): string {
  const optional: Arg[] = [
    ...(g.exists ? [['exists', () => pyPath(g.exists!)] as Arg] : []),
    ...(g.connection
      ? [['connection', (i: string) => pyCall('ConnectionSpec', [
        ['first', () => pyString(g.connection!.first)],
        ['offset', () => pyString(g.connection!.offset)],
        ['default_page_size', () => String(g.connection!.defaultPageSize)],
      ], i)] as Arg]
      : []),
    ...(g.pluck.length > 0 ? [['pluck', (i: string) => pyTupleBlock(g.pluck.map((p) => () => pyTuple([pyString(p.field), pyPath(p.path)])), i)] as Arg] : []),
    ...(g.locale ? [['locale', (i: string) => pyCall('LocaleSpec', [['param', () => pyString(g.locale!.param)], ['locales', () => pyTuple(g.locale!.locales.map(pyString))]], i)] as Arg] : []),
  ];
  return pyCall('GraphqlSpec', [
    ['query', (i) => pyLines(g.query, i)],
    ['operation_name', () => pyString(g.operationName)],
    ['variables', (i) => pyTupleBlock(g.variables.map((v) => () => pyTuple([pyString(v.variable), pyString(v.param)])), i)],
    ['result', () => pyPath(g.result)],
    ...optional,
  ], indent);
}

export function specView(ctx: Context) {
  const { ir, names } = ctx;
  const retry = ir.retry;
  const graphql = ir.operations.flatMap((op) => (op.graphql ? [op.graphql] : []));
  const server = ir.servers[0]?.url ?? 'http://127.0.0.1:8787';
  const operations = ir.operations.map((op) => {
    // Back in the spec's order (a path `id` and a query `id` are two parameters).
    const byWire = new Map(pyParams(ctx, op.id, op.params).map((p) => [`${p.location}:${p.wire}`, p]));
    const ordered = op.params.map((p) => byWire.get(`${p.in}:${p.name}`)!);
    const spec = pyCall('OperationSpec', [
      ['id', () => pyString(op.id)],
      ['method', () => pyString(op.httpMethod)],
      ['path', () => pyString(op.path)],
      ['params', (i) => pyTupleBlock(ordered.map((p) => (j: string) => renderParamSpec(p, j)), i)],
      ...(op.body ? [['body', (i: string) => bodySpec(op, names.param.get(op.id)!.get(BODY_KEY)!, i)] as Arg] : []),
      ...(op.pagination
        ? [['pagination', () => pyCall('PageShape', [['items', () => pyString(op.pagination!.items)], ['page_total', () => (op.pagination!.pageTotal === null ? 'None' : pyString(op.pagination!.pageTotal))]])] as Arg]
        : []),
      ...(op.success.kind !== 'json' ? [['response', () => pyString(op.success.kind)] as Arg] : []),
      ...(op.graphql ? [['graphql', (i: string) => graphqlSpec(op.graphql!, i)] as Arg] : []),
      ...(op.security.length > 0 ? [['security', (i: string) => requirementsValue(op.security, i)] as Arg] : []),
    ], '    ');
    return `    ${pyString(op.id)}: ${spec},`;
  });
  const errors = ir.errors.map((e) => (indent: string) => pyCall('ErrorKindSpec', [
    ['kind', () => pyString(e.kind)],
    ['name', () => pyString(errorName(e.words))],
    ['statuses', () => pyTuple(e.statuses.map(String))],
    ['bigquery_reasons', () => pyTuple(e.bigqueryReasons.map(pyString))],
    ['exception', () => `exceptions.${names.exception.get(e.kind)}`],
    ['description', () => pyString(e.description)],
  ], indent));
  const environments = ir.environments.map((e) => (indent: string) => pyCall('EnvironmentSpec', [
    ['name', () => pyString(e.name)],
    ['project', () => pyString(e.project)],
    ['is_default', () => (e.isDefault ? 'True' : 'False')],
    ['dataset_suffix', () => pyString(e.datasetSuffix)],
    ...(e.apiUrl ? [['api_url', () => pyString(e.apiUrl)] as Arg] : []),
  ], indent));
  const dataFunctions = ir.data.functions.map((fn) => (indent: string) => pyCall('DataFunctionSpec', [
    ['name', () => pyString(fn.name)],
    ['params', (i) => pyTupleBlock(pyParams(ctx, fn.name, fn.params).map((p) => (j: string) => renderParamSpec(p, j)), i)],
  ], indent));
  return {
    version: pyString(ctx.pkg.version),
    // Only a brand of its own is spelt out: the runtime's variables are Base dos Dados's otherwise.
    envPrefix: ir.brand.envPrefix !== RUNTIME_ENV_PREFIX ? pyString(ir.brand.envPrefix) : '',
    envApiUrl: envVar(ir, 'API_URL'),
    packageName: pyString(ctx.pkg.name),
    defaultBaseUrl: pyString(server),
    onDemandUsdPerTib: pyNumber(ir.data.onDemandUsdPerTib),
    retry: pyCall('RetryPolicy', [
      ['max_attempts', () => String(retry.maxAttempts)],
      ['statuses', () => pyTuple(retry.statuses.map(String))],
      ['network_errors', () => (retry.networkErrors ? 'True' : 'False')],
      ['initial_delay_ms', () => pyNumber(retry.initialDelayMs)],
      ['multiplier', () => pyNumber(retry.multiplier)],
      ['max_delay_ms', () => pyNumber(retry.maxDelayMs)],
      ['jitter', () => pyNumber(retry.jitter)],
      ['retry_after', () => (retry.retryAfter ? 'True' : 'False')],
      ['max_retry_after_ms', () => pyNumber(retry.maxRetryAfterMs)],
      ['bigquery_reasons', () => pyTuple(retry.bigqueryReasons.map(pyString))],
    ]),
    errors: pyTupleBlock(errors),
    pagination: pyCall('PaginationSpec', [
      ['page_param', () => pyString(ir.pagination.pageParam)],
      ['page_size_param', () => pyString(ir.pagination.pageSizeParam)],
      ['items', () => pyString(ir.pagination.items)],
      ['page_total', () => pyString(ir.pagination.pageTotal)],
      ['count', () => pyString(ir.pagination.count)],
    ]),
    operations: operations.join('\n'),
    // Only what the records spell: a spec whose operations take no parameter has no ParamSpec.
    paramsImport: importLine('._runtime.params', ir.operations.some((op) => op.params.length > 0) || ir.data.functions.some((fn) => fn.params.length > 0) ? ['ParamSpec', 'ValueRules'] : []),
    operationsImport: importLine('._runtime.operations', [
      'OperationSpec',
      ...(ir.operations.some((op) => op.body) ? ['BodySpec', 'MediaSpec'] : []),
      ...(ir.operations.some((op) => op.pagination) ? ['PageShape'] : []),
      ...(graphql.length > 0 ? ['GraphqlSpec'] : []),
      ...(graphql.some((g) => g.connection) ? ['ConnectionSpec'] : []),
      ...(graphql.some((g) => g.locale) ? ['LocaleSpec'] : []),
      ...(ir.operations.some((op) => op.security.length > 0) ? ['SchemeUse'] : []),
    ]),
    securitySchemes: securitySchemesBlock(ctx),
    environments: ir.environments.length > 0 ? pyTupleBlock(environments) : '',
    aliases: (ir.aliases.python ?? []).length > 0 ? aliasRecords(ctx) : '',
    data: ctx.hasData ? { functions: pyTupleBlock(dataFunctions, '    ') } : false,
  };
}

/** Whether an IR type names a component schema anywhere (then its alias must be quoted: it may not exist yet). */