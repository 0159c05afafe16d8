/**
 * `R/spec.R`: the one record the runtime reads, `.bd_spec` (its shape is in
 * runtime/README.md), plus `exports`: which exported function serves each
 * operation and data function by its IR name, for the conformance runner.
 */
import type { IRGraphql, IROperation } from '../../../ir/types.js';
import { BODY_KEY } from '../../../emit/labels.js';
import { argKey, irName, type Context } from '../context.js';
import { rNamedList, rNumber, rNumbers, rString, rStrings, rTag } from '../doc.js';
import { hasShapeArgument } from '../old-names.js';
import { paramRecord } from '../params.js';
import { operationSecurity, securitySchemesRecord } from './security.js';

const bool = (value: boolean) => (value ? 'TRUE' : 'FALSE');

/** `list(a, b)` of already rendered items, one per line at `indent`; `list()` when empty. */
function block(items: readonly string[], indent: string): string {
  if (items.length === 0) return 'list()';
  return `list(\n${items.map((item) => `${indent}  ${item}`).join(',\n')}\n${indent})`;
}

/** A path inside a GraphQL answer: keys as strings, list indexes (from 0) as numbers. */
const rPath = (path: readonly (string | number)[]): string => `list(${path.map((step) => (typeof step === 'number' ? rNumber(step) : rString(step))).join(', ')})`;

/** The `graphql` record of an x-bd-graphql function (runtime/README.md): the document and how its answer becomes the result. */
function graphqlRecord(graphql: IRGraphql, indent: string): string {
  const { connection, locale } = graphql;
  return block([
    `query = ${rString(graphql.query)}`,
    `operation_name = ${rString(graphql.operationName)}`,
    `variables = ${rNamedList(graphql.variables.map((v) => [v.variable, rString(v.param)]))}`,
    `result = ${rPath(graphql.result)}`,
    ...(graphql.exists ? [`exists = ${rPath(graphql.exists)}`] : []),
    ...(connection ? [`connection = list(first = ${rString(connection.first)}, offset = ${rString(connection.offset)}, default_page_size = ${rNumber(connection.defaultPageSize)})`] : []),
    `pluck = ${rNamedList(graphql.pluck.map((p) => [p.field, rPath(p.path)]))}`,
    ...(locale ? [`locale = list(param = ${rString(locale.param)}, locales = ${rStrings(locale.locales)})`] : []),
  ], indent);
}

function operationRecord(ctx: Context, op: IROperation): string {
  const labels = ctx.names.param.get(op.id)!;
  const indent = '    ';
  const fields = [
    `id = ${rString(op.id)}`,
    `method = ${rString(op.httpMethod)}`,
    `path = ${rString(op.path)}`,
    `params = ${block(op.params.map((p) => paramRecord(p, labels.get(argKey(op.params, p))!, argKey(op.params, p))), `${indent}  `)}`,
    ...(op.body
      ? [`body = list(required = ${bool(op.body.required)}, label = ${rString(labels.get(BODY_KEY)!)}, media = list(${op.body.media.map((m) => `list(type = ${rString(m.type)}, kind = ${rString(m.kind)})`).join(', ')}))`]
      : []),
    `response = ${rString(op.success.kind)}`,
    ...(op.pagination
      ? [`pagination = list(items = ${rString(op.pagination.items)}${op.pagination.pageTotal === null ? '' : `, page_total = ${rString(op.pagination.pageTotal)}`})`]
      : []),
    ...(op.graphql ? [`graphql = ${graphqlRecord(op.graphql, `${indent}  `)}`] : []),
    ...[operationSecurity(ctx, op)].filter((field) => field !== null),
  ];
  return `${rTag(op.id)} = ${block(fields, indent)}`;
}

export function specView(ctx: Context) {
  const { ir, names } = ctx;
  const retry = ir.retry;
  const server = ir.servers[0]?.url ?? 'http://127.0.0.1:8787';
  const errors = ir.errors.map((e) => `list(${[
    `kind = ${rString(e.kind)}`,
    `name = ${rString(e.words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(''))}`,
    `statuses = ${rNumbers(e.statuses)}`,
    `bigquery_reasons = ${rStrings(e.bigqueryReasons)}`,
    `description = ${rString(e.description)}`,
  ].join(', ')})`);
  const environments = ir.environments.map((e) => `list(name = ${rString(e.name)}, project = ${rString(e.project)}, default = ${bool(e.isDefault)}, dataset_suffix = ${rString(e.datasetSuffix)}, api_url = ${rString(e.apiUrl)})`);
  const functions = ir.data.functions.map((fn) => {
    const labels = names.param.get(fn.name)!;
    return `${rTag(fn.name)} = list(name = ${rString(fn.name)}, params = ${block(fn.params.map((p) => paramRecord(p, labels.get(p.name)!)), '      ')})`;
  });
  const exports = [
    ...ir.operations.map((op) => `${rTag(irName(op.words))} = list(${[
      `export = ${rString(names.operation.get(op.id)!)}`,
      `operation = ${rString(op.id)}`,
      `result = ${rString(op.pagination ? 'page' : 'value')}`,
      ...(hasShapeArgument(ctx, op.id) ? ['arguments = list(as = "page")'] : []),
    ].join(', ')})`),
    ...ir.data.functions.map((fn) => `${rTag(irName(fn.words))} = list(export = ${rString(names.dataFunction.get(fn.name)!)}, data = ${rString(fn.name)}, result = ${rString(fn.returns === 'estimate' ? 'value' : fn.returns)})`),
  ];
  const fields = [
    `package = ${rString(ctx.pkg.name)}`,
    `version = ${rString(ctx.pkg.version)}`,
    `short = ${rString(ir.brand.short)}`,
    `env_prefix = ${rString(ir.brand.envPrefix)}`,
    `default_base_url = ${rString(server)}`,
    `retry = list(${[
      `max_attempts = ${rNumber(retry.maxAttempts)}`,
      `statuses = ${rNumbers(retry.statuses)}`,
      `network_errors = ${bool(retry.networkErrors)}`,
      `initial_delay_ms = ${rNumber(retry.initialDelayMs)}`,
      `multiplier = ${rNumber(retry.multiplier)}`,
      `max_delay_ms = ${rNumber(retry.maxDelayMs)}`,
      `jitter = ${rNumber(retry.jitter)}`,
      `retry_after = ${bool(retry.retryAfter)}`,
      `max_retry_after_ms = ${rNumber(retry.maxRetryAfterMs)}`,
      `bigquery_reasons = ${rStrings(retry.bigqueryReasons)}`,
    ].join(', ')})`,
    `errors = ${block(errors, '  ')}`,
    `pagination = list(${[
      `page_param = ${rString(ir.pagination.pageParam)}`,
      `page_size_param = ${rString(ir.pagination.pageSizeParam)}`,
      `items = ${rString(ir.pagination.items)}`,
      `page_total = ${rString(ir.pagination.pageTotal)}`,
      `count = ${rString(ir.pagination.count)}`,
    ].join(', ')})`,
    `operations = ${block(ir.operations.map((op) => operationRecord(ctx, op)), '  ')}`,
    `environments = ${block(environments, '  ')}`,
    `data = list(\n    on_demand_usd_per_tib = ${rNumber(ir.data.onDemandUsdPerTib)},\n    functions = ${block(functions, '    ')}\n  )`,
    `exports = ${block(exports, '  ')}`,
    ...[securitySchemesRecord(ctx, '  ')].filter((record) => record !== null).map((record) => `security_schemes = ${record}`),
  ];
  return { record: block(fields, '') };
}
