/**
 * IR stage: the bundled spec -> the typed IR every emitter reads.
 */
import { pointerOf, type Diagnostic } from '../diagnostics.js';
import { locateDiagnostics, type LoadedSpec } from '../load/load-spec.js';
import { bundleSpec } from './bundle.js';
import { DEFAULT_ERRORS, DEFAULT_PAGINATION, DEFAULT_RETRY } from './defaults.js';
import { describe, isObject, referencedSchemas, SchemaConverter } from './schemas.js';
import type {
  DataReturn, HttpMethod, IR, IRDataFunction, IREnvironment, IRErrorKind, IRGroup, IROperation,
  IRPagination, IRPaginationSpec, IRParam, IRRetryPolicy, IRSchema, IRType, JsonValue, ParamLocation,
} from './types.js';
import { splitWords } from './words.js';

export interface IRResult {
  readonly ir: IR;
  readonly diagnostics: readonly Diagnostic[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export async function buildIR(spec: LoadedSpec): Promise<IRResult> {
  const { ir, diagnostics } = buildIRFromDocument(await bundleSpec(spec));
  return { ir, diagnostics: locateDiagnostics(spec, diagnostics) };
}

/** Builds the IR from one bundled document (all `$ref`s internal). */
export function buildIRFromDocument(doc: Record<string, unknown>): IRResult {
  const converter = new SchemaConverter(doc);
  const pagination = paginationSpec(doc['x-bd-pagination']);
  const schemas = buildSchemas(doc, converter);
  const operations = buildOperations(doc, converter, pagination);
  const info = (doc.info ?? {}) as Record<string, unknown>;
  const ir: IR = {
    info: {
      title: String(info.title ?? ''),
      version: String(info.version ?? '0.0.0'),
      summary: typeof info.summary === 'string' ? info.summary.trim() : '',
      description: describe(info),
      license: String(((info.license ?? {}) as Record<string, unknown>).identifier ?? ((info.license ?? {}) as Record<string, unknown>).name ?? ''),
    },
    servers: (Array.isArray(doc.servers) ? doc.servers : []).filter(isObject).map((s) => ({ url: String(s.url), description: describe(s) })),
    packages: packages(doc['x-bd-packages']),
    environments: environments(doc['x-bd-environments']),
    retry: retryPolicy(doc['x-bd-retry']),
    pagination,
    errors: errorKinds(doc['x-bd-errors']),
    schemas,
    groups: buildGroups(doc, operations),
    operations,
    data: dataFunctions(doc['x-bd-data'], converter),
  };
  return { ir, diagnostics: converter.diagnostics };
}

function buildSchemas(doc: Record<string, unknown>, converter: SchemaConverter): IRSchema[] {
  const components = (isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {}) as Record<string, unknown>;
  const direct = new Map<string, { schema: Omit<IRSchema, 'recursive'>; refs: Set<string> }>();
  for (const [name, node] of Object.entries(components)) {
    const pointer = pointerOf(['components', 'schemas', name]);
    const type = converter.toType(isObject(node) && node.$ref === undefined ? node : converter.deref(node), pointer);
    direct.set(name, { schema: { name, words: splitWords(name), description: describe(node), type, pointer }, refs: referencedSchemas(type) });
  }
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
    for (const next of direct.get(from)?.refs ?? []) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        if (reaches(next, to, seen)) return true;
      }
    }
    return false;
  };
  return [...direct.values()].map(({ schema }) => ({ ...schema, recursive: reaches(schema.name, schema.name) }));
}

function buildOperations(doc: Record<string, unknown>, converter: SchemaConverter, pagination: IRPaginationSpec): IROperation[] {
  const operations: IROperation[] = [];
  for (const [path, rawItem] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    const item = converter.deref(rawItem);
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op) || typeof op.operationId !== 'string') continue;
      const pointer = pointerOf(['paths', path, method]);
      const params = mergeParams(item.parameters, op.parameters, converter, pointer, path);
      const response = successResponse(op, converter, pointer);
      operations.push({
        id: op.operationId,
        words: splitWords(op.operationId),
        ...grouping(op),
        httpMethod: method.toUpperCase() as HttpMethod,
        path,
        summary: typeof op.summary === 'string' ? op.summary.trim() : '',
        description: describe(op),
        deprecated: op.deprecated === true,
        params,
        requestBody: requestBody(op, converter, pointer),
        response,
        pagination: detectPagination(params, response, converter, pagination),
        errorStatuses: Object.keys(isObject(op.responses) ? op.responses : {})
          .filter((s) => /^[45]\d\d$/.test(s))
          .map(Number),
        pointer,
      });
    }
  }
  return operations;
}

/**
 * `bd.<tag>.<x-bd-method>()`; an operation whose tag is its own name
 * (`search` tagged `search`) or that has no tag is a top-level method.
 */
function grouping(op: Record<string, unknown>): Pick<IROperation, 'group' | 'method'> {
  const words = splitWords(String(op.operationId));
  const tag = Array.isArray(op.tags) && typeof op.tags[0] === 'string' ? op.tags[0] : null;
  const method = typeof op['x-bd-method'] === 'string' ? splitWords(op['x-bd-method']) : words;
  if (tag === null || splitWords(tag).join(' ') === words.join(' ')) return { group: null, method: words };
  return { group: { name: tag, words: splitWords(tag) }, method };
}

function mergeParams(pathLevel: unknown, opLevel: unknown, converter: SchemaConverter, pointer: string, path: string): IRParam[] {
  const byKey = new Map<string, IRParam>();
  const add = (list: unknown, base: string) => {
    (Array.isArray(list) ? list : []).forEach((raw, i) => {
      const p = converter.deref(raw);
      if (!isObject(p) || typeof p.name !== 'string' || typeof p.in !== 'string') return;
      byKey.set(`${p.in}:${p.name}`, {
        name: p.name,
        words: splitWords(p.name),
        in: p.in as ParamLocation,
        required: p.required === true || p.in === 'path',
        description: describe(p),
        type: converter.toType(p.schema ?? true, `${base}/${i}/schema`),
        constraints: converter.constraints(p.schema),
        ...optional('default', converter.defaultOf(p.schema)),
        ...optional('example', p.example as JsonValue | undefined),
        pointer: isObject(raw) && typeof raw.$ref === 'string' ? raw.$ref : `${base}/${i}`,
      });
    });
  };
  add(pathLevel, `${pointer.replace(/\/[a-z]+$/, '')}/parameters`);
  add(opLevel, `${pointer}/parameters`);
  const all = [...byKey.values()].filter((p) => p.in !== 'header' || !/^(accept|content-type|authorization)$/i.test(p.name));
  const pathOrder = (p: IRParam) => path.indexOf(`{${p.name}}`);
  const inPath = all.filter((p) => p.in === 'path').sort((a, b) => pathOrder(a) - pathOrder(b));
  return [...inPath, ...all.filter((p) => p.in !== 'path')];
}

function jsonSchemaOf(content: unknown): unknown {
  if (!isObject(content)) return undefined;
  const key = Object.keys(content).find((k) => k === 'application/json' || /\+json$/.test(k));
  return key && isObject(content[key]) ? (content[key] as Record<string, unknown>).schema : undefined;
}

function successResponse(op: Record<string, unknown>, converter: SchemaConverter, pointer: string): IRType {
  const responses = isObject(op.responses) ? op.responses : {};
  const status = Object.keys(responses).filter((s) => /^2\d\d$/.test(s)).sort()[0];
  if (!status) return { kind: 'null' };
  const response = converter.deref(responses[status]);
  const schema = isObject(response) ? jsonSchemaOf(response.content) : undefined;
  return schema === undefined ? { kind: 'null' } : converter.toType(schema, `${pointer}/responses/${status}`);
}

function requestBody(op: Record<string, unknown>, converter: SchemaConverter, pointer: string): IRType | null {
  const body = converter.deref(op.requestBody);
  const schema = isObject(body) ? jsonSchemaOf(body.content) : undefined;
  return schema === undefined ? null : converter.toType(schema, `${pointer}/requestBody`);
}

/** Paged when it takes the paging parameters and answers the envelope of `x-bd-pagination`. */
function detectPagination(params: IRParam[], response: IRType, converter: SchemaConverter, spec: IRPaginationSpec): IRPagination | null {
  const has = (name: string) => params.some((p) => p.in === 'query' && p.name === name);
  if (!has(spec.pageParam) || !has(spec.pageSizeParam)) return null;
  const body = resolveObject(response, converter);
  const items = body?.properties.find((p) => p.name === spec.items);
  if (!items || items.type.kind !== 'array' || !body!.properties.some((p) => p.name === spec.pageTotal)) return null;
  return { item: items.type.items };
}

function resolveObject(type: IRType, converter: SchemaConverter): Extract<IRType, { kind: 'object' }> | null {
  if (type.kind === 'object') return type;
  if (type.kind === 'ref') return resolveObject(converter.toType(converter.deref({ $ref: `#/components/schemas/${type.name}` }), ''), converter);
  return null;
}

function buildGroups(doc: Record<string, unknown>, operations: IROperation[]): IRGroup[] {
  const declared = (Array.isArray(doc.tags) ? doc.tags : []).filter(isObject);
  const used = new Set(operations.flatMap((o) => (o.group ? [o.group.name] : [])));
  const groups: IRGroup[] = declared
    .filter((t) => used.has(String(t.name)))
    .map((t) => ({ name: String(t.name), words: splitWords(String(t.name)), description: describe(t) }));
  for (const name of [...used].sort()) {
    if (!groups.some((g) => g.name === name)) groups.push({ name, words: splitWords(name), description: '' });
  }
  return groups;
}

function packages(raw: unknown): IR['packages'] {
  const p = (isObject(raw) ? raw : {}) as Record<string, Record<string, string> | undefined>;
  return {
    typescript: { name: p.typescript?.name ?? 'sdk' },
    python: { name: p.python?.name ?? 'sdk', importName: p.python?.import ?? 'sdk' },
    r: { name: p.r?.name ?? 'sdk' },
    stata: { name: p.stata?.name ?? 'sdk' },
  };
}

function environments(raw: unknown): IREnvironment[] {
  return (Array.isArray(raw) ? raw : []).filter(isObject).map((e) => ({
    name: String(e.name),
    words: splitWords(String(e.name)),
    project: String(e.project),
    isDefault: e.default === true,
    datasetSuffix: typeof e.dataset_suffix === 'string' ? e.dataset_suffix : '',
    description: describe(e),
  }));
}

function retryPolicy(raw: unknown): IRRetryPolicy {
  if (!isObject(raw)) return DEFAULT_RETRY;
  const d = DEFAULT_RETRY;
  return {
    maxAttempts: num(raw.max_attempts, d.maxAttempts),
    statuses: Array.isArray(raw.statuses) ? raw.statuses.map(Number) : d.statuses,
    networkErrors: typeof raw.network_errors === 'boolean' ? raw.network_errors : d.networkErrors,
    initialDelayMs: num(raw.initial_delay_ms, d.initialDelayMs),
    multiplier: num(raw.multiplier, d.multiplier),
    maxDelayMs: num(raw.max_delay_ms, d.maxDelayMs),
    jitter: num(raw.jitter, d.jitter),
    retryAfter: typeof raw.retry_after === 'boolean' ? raw.retry_after : d.retryAfter,
    maxRetryAfterMs: num(raw.max_retry_after_ms, d.maxRetryAfterMs),
    bigqueryReasons: Array.isArray(raw.bigquery_reasons) ? raw.bigquery_reasons.map(String) : d.bigqueryReasons,
  };
}

function paginationSpec(raw: unknown): IRPaginationSpec {
  if (!isObject(raw)) return DEFAULT_PAGINATION;
  const d = DEFAULT_PAGINATION;
  const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
  return {
    pageParam: str(raw.page_param, d.pageParam),
    pageSizeParam: str(raw.page_size_param, d.pageSizeParam),
    items: str(raw.items, d.items),
    pageTotal: str(raw.page_total, d.pageTotal),
    count: str(raw.count, d.count),
  };
}

function errorKinds(raw: unknown): readonly IRErrorKind[] {
  if (!Array.isArray(raw)) return DEFAULT_ERRORS;
  return raw.filter(isObject).map((e) => ({
    kind: String(e.kind),
    words: splitWords(String(e.name)),
    statuses: Array.isArray(e.statuses) ? e.statuses.map(Number) : [],
    bigqueryReasons: Array.isArray(e.bigquery_reasons) ? e.bigquery_reasons.map(String) : [],
    description: describe(e),
  }));
}

function dataFunctions(raw: unknown, converter: SchemaConverter): IR['data'] {
  if (!isObject(raw)) return { onDemandUsdPerTib: 0, functions: [] };
  const functions: IRDataFunction[] = Object.entries(isObject(raw.functions) ? raw.functions : {})
    .filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1]))
    .map(([name, fn]) => {
      const pointer = pointerOf(['x-bd-data', 'functions', name]);
      const parameters = isObject(fn.parameters) ? fn.parameters : {};
      const required = new Set(Array.isArray(parameters.required) ? parameters.required.map(String) : []);
      const params: IRParam[] = Object.entries(isObject(parameters.properties) ? parameters.properties : {}).map(([pname, schema]) => ({
        name: pname,
        words: splitWords(pname),
        in: 'argument' as const,
        required: required.has(pname),
        description: describe(schema) || describe(converter.deref(schema)),
        type: converter.toType(schema, `${pointer}/parameters/properties/${pname}`),
        constraints: converter.constraints(schema),
        ...optional('default', converter.defaultOf(schema)),
        ...optional('example', firstExample(schema)),
        pointer: `${pointer}/parameters/properties/${pname}`,
      }));
      return {
        name,
        words: splitWords(name),
        summary: typeof fn.summary === 'string' ? fn.summary.trim() : '',
        description: describe(fn),
        returns: String(fn.returns) as DataReturn,
        params,
        result: fn.result === undefined ? null : converter.toType(fn.result, `${pointer}/result`),
        pointer,
      };
    });
  return { onDemandUsdPerTib: num(raw.on_demand_usd_per_tib, 0), functions };
}

/** JSON Schema's `examples` (an array) or OpenAPI's `example`. */
function firstExample(schema: unknown): JsonValue | undefined {
  if (!isObject(schema)) return undefined;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0] as JsonValue;
  return schema.example as JsonValue | undefined;
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
