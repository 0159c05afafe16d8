/**
 * `src/generated/spec.ts`: what the spec declares for the runtime, as plain
 * records (docs/architecture.md, "What generated code hands to a runtime").
 */
import { BODY_KEY, paramKey } from '../../../emit/labels.js';
import { hasDefaultSerialisation } from '../../../ir/params.js';
import type { IR, IRArgument, IREnvironment, IRGraphql, IROperation, IRParam, IRSecurityScheme, IRValueRules } from '../../../ir/types.js';
import { TsCode, tsLiteral, tsString } from '../doc.js';
import type { TsNames } from '../names.js';

/** The runtime's checks of one value (`ValueRules` of sdk-ts/src/core/params.ts), an array's items nested. */
export function ruleFields(r: IRValueRules): Record<string, unknown> {
  return {
    type: r.kind,
    ...(r.pattern !== undefined ? { pattern: r.pattern } : {}),
    ...(r.minimum !== undefined ? { minimum: r.minimum } : {}),
    ...(r.maximum !== undefined ? { maximum: r.maximum } : {}),
    ...(r.exclusiveMinimum !== undefined ? { exclusiveMinimum: r.exclusiveMinimum } : {}),
    ...(r.exclusiveMaximum !== undefined ? { exclusiveMaximum: r.exclusiveMaximum } : {}),
    ...(r.minLength !== undefined ? { minLength: r.minLength } : {}),
    ...(r.maxLength !== undefined ? { maxLength: r.maxLength } : {}),
    ...(r.enum !== undefined ? { enum: r.enum } : {}),
    ...(r.minItems !== undefined ? { minItems: r.minItems } : {}),
    ...(r.maxItems !== undefined ? { maxItems: r.maxItems } : {}),
    ...(r.uniqueItems ? { uniqueItems: true } : {}),
    ...(r.items ? { items: ruleFields(r.items) } : {}),
  };
}

function paramRecord(param: IRParam, label: string) {
  return {
    name: param.name,
    label,
    in: param.in,
    required: param.required,
    ...(hasDefaultSerialisation(param) ? {} : { style: param.style, explode: param.explode }),
    ...ruleFields(param.rules),
  };
}

function argumentRecord(arg: IRArgument, label: string) {
  return { name: arg.name, label, in: 'argument', required: arg.required, ...ruleFields(arg.rules) };
}

/** The runtime's `OperationSpec` (sdk-ts/src/core/params.ts) of one operation. */
export function operationRecord(op: IROperation, names: TsNames) {
  const labels = names.label.get(op.id)!;
  return {
    id: op.id,
    method: op.httpMethod,
    path: op.path,
    params: op.params.map((p) => paramRecord(p, labels.get(paramKey(p))!)),
    ...(op.body ? { body: { required: op.body.required, label: labels.get(BODY_KEY)!, media: op.body.media.map((m) => ({ type: m.type, kind: m.kind })) } } : {}),
    response: op.success.kind,
    paginated: op.pagination !== null,
    ...(op.pagination ? { pagination: { items: op.pagination.items, pageTotal: op.pagination.pageTotal } } : {}),
    ...(op.graphql ? { graphql: graphqlRecord(op.graphql) } : {}),
    ...(op.security.length > 0 ? { security: op.security.map((r) => r.map((s) => ({ scheme: s.scheme, scopes: s.scopes }))) } : {}),
  };
}

/** The runtime's `SecuritySchemeSpec` (sdk-ts/src/core/auth.ts): what a scheme sends and where its credentials are read from. */
export function securitySchemeRecord(s: IRSecurityScheme) {
  return {
    name: s.name,
    kind: s.kind,
    ...(s.in !== undefined ? { in: s.in, paramName: s.paramName } : {}),
    ...(s.tokenUrl !== undefined ? { tokenUrl: s.tokenUrl } : {}),
    env: s.env,
  };
}

/** One `Environment` of the generated spec.ts: its BigQuery project and its catalogue's base URL (`null`: the first server). */
export function environmentRecord(e: IREnvironment) {
  return { name: e.name, project: e.project, isDefault: e.isDefault, datasetSuffix: e.datasetSuffix, apiUrl: e.apiUrl || null };
}

/** The runtime's `GraphqlSpec` (sdk-ts/src/core/graphql.ts): the document and how its answer becomes the result. */
function graphqlRecord(g: IRGraphql) {
  return {
    query: g.query,
    operationName: g.operationName,
    variables: g.variables.map((v) => ({ variable: v.variable, param: v.param })),
    result: g.result,
    exists: g.exists,
    connection: g.connection,
    pluck: g.pluck.map((p) => ({ field: p.field, path: p.path })),
    locale: g.locale,
  };
}

/** What spec.ts exports, for the generated index: the data functions' names only when the spec has `x-bd-data`. */
export function specIndexView(ir: IR) {
  const data = ir.data.functions.length > 0;
  return {
    specExports: ['API_SPEC', ...(data ? ['DATA_FUNCTIONS'] : []), 'DEFAULT_BASE_URL', 'ENVIRONMENTS', ...(data ? ['ON_DEMAND_USD_PER_TIB'] : []), 'OPERATIONS', 'SPEC_VERSION'].join(', '),
    specTypeExports: [...(data ? ['DataFunctionSpec'] : []), 'Environment'].join(', '),
  };
}

export function specView(ir: IR, names: TsNames) {
  const data = ir.data.functions.length > 0;
  return {
    data,
    coreImports: ['ApiSpec', 'EnvironmentSpec', 'OperationSpec', ...(data ? ['ParamSpec'] : [])].join(', '),
    envPrefix: tsString(ir.brand.envPrefix),
    environmentVariable: `${ir.brand.envPrefix}_ENVIRONMENT`,
    // BigQuery exists for a spec with x-bd-data only.
    environmentIs: data ? "a BigQuery project and the catalogue API's address" : "the API's address",
    version: tsString(ir.info.version),
    defaultBaseUrl: tsString(ir.servers[0]?.url ?? 'http://127.0.0.1:8787'),
    // BigQuery's reasons mean something to a spec with x-bd-data only.
    retry: tsLiteral(data ? ir.retry : { ...ir.retry, bigqueryReasons: undefined }, '  '),
    errors: tsLiteral(ir.errors.map((e) => ({
      kind: e.kind,
      name: names.errorClass.get(e.kind)!.replace(/Error$/, ''),
      errorClass: new TsCode(names.errorClass.get(e.kind)!),
      statuses: e.statuses,
      bigqueryReasons: data ? e.bigqueryReasons : undefined,
      description: e.description || undefined,
    })), '  '),
    pagination: tsLiteral(ir.pagination, '  '),
    securitySchemes: ir.securitySchemes.length > 0 ? tsLiteral(ir.securitySchemes.map(securitySchemeRecord), '  ') : false,
    environments: tsLiteral(ir.environments.map(environmentRecord)),
    // Typed, not inferred: the literal type of ~800 operations is too large for tsc to write into spec.d.ts (TS7056).
    operationIds: ir.operations.length > 0 ? ir.operations.map((op) => tsString(op.id)).join('\n  | ') : 'never',
    operations: tsLiteral(Object.fromEntries(ir.operations.map((op) => [op.id, operationRecord(op, names)]))),
    dataFunctions: tsLiteral(Object.fromEntries(ir.data.functions.map((fn) => {
      const labels = names.label.get(fn.name)!;
      return [names.dataFunction.get(fn.name)!, { id: fn.name, returns: fn.returns, params: fn.params.map((p) => argumentRecord(p, labels.get(paramKey(p))!)) }];
    }))),
    onDemandUsdPerTib: String(ir.data.onDemandUsdPerTib),
    errorImports: [...names.errorClass.values()].sort().join(', '),
  };
}
