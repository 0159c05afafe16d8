/**
 * The IR of the spec's `x-bd-*` extensions. Each is optional: what the IR
 * holds without one is in `defaults.ts`. Their shapes are checked by
 * validate/extensions.ts before this runs, so this reads them as valid.
 */
import type { Diagnostic } from '../diagnostics.js';
import { optional } from './params.js';
import { exampleOf } from './schemas.js';
import { DEFAULT_ERRORS, DEFAULT_PAGINATION, DEFAULT_RETRY } from './defaults.js';
import { describe, isObject, type SchemaConverter } from './schemas.js';
import type {
  AliasEffect, AliasReturns, DataReturn, IRAlias, IRAliasParam, IRArgument, IRData, IRDataFunction, IREnvironment,
  IRErrorKind, IROperation, IRPackages, IRPaginationSpec, IRRetryPolicy, IRVersion, JsonValue,
} from './types.js';
import { splitWords } from './words.js';

/** The most characters of title words derived package names start from: their folders' names stay far below the file system's 255 bytes. */
export const TITLE_WORDS_CHARS = 48;

/** The title's first words, up to TITLE_WORDS_CHARS characters joined (a first word longer than that cut to fit). */
export function titleWords(title: string): string[] {
  const out: string[] = [];
  let used = 0;
  for (const word of splitWords(title)) {
    const fitted = word.slice(0, TITLE_WORDS_CHARS - used);
    if (fitted.length < word.length && out.length > 0) break;
    out.push(fitted);
    used += fitted.length + 1;
    if (used >= TITLE_WORDS_CHARS) break;
  }
  return out;
}

export function packages(raw: unknown, title: string): IRPackages {
  const p = (isObject(raw) ? raw : {}) as Record<string, Record<string, string> | undefined>;
  return {
    titleWords: titleWords(title),
    ...(p.typescript ? { typescript: { name: p.typescript.name!, ...optional('client', p.typescript.client) } } : {}),
    ...(p.python ? { python: { name: p.python.name!, importName: p.python.import! } } : {}),
    ...(p.r ? { r: { name: p.r.name! } } : {}),
    ...(p.stata ? { stata: { name: p.stata.name! } } : {}),
  };
}

/** Parses `info.version` leniently (`v1`, `2022-11-28`, `1.2`): each ecosystem writes the parts its own way. */
export function version(raw: string, diagnostics: Diagnostic[]): IRVersion {
  const semver = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(raw);
  if (semver) {
    return { raw, major: Number(semver[1]), minor: Number(semver[2]), patch: Number(semver[3]), prerelease: semver[4]?.split('.') ?? [], semver: true };
  }
  const numbers = (raw.match(/\d+/g) ?? []).map(Number);
  const parsed: IRVersion = { raw, major: numbers[0] ?? 0, minor: numbers[1] ?? 0, patch: numbers[2] ?? 0, prerelease: [], semver: false };
  diagnostics.push({
    severity: 'warning',
    rule: 'bdgen/version-not-semver',
    pointer: '#/info/version',
    message: `info.version ${JSON.stringify(raw)} is not MAJOR.MINOR.PATCH; the packages are versioned ${parsed.major}.${parsed.minor}.${parsed.patch}.`,
  });
  return parsed;
}

export function environments(raw: unknown): IREnvironment[] {
  return (Array.isArray(raw) ? raw : []).filter(isObject).map((e) => ({
    name: String(e.name),
    words: splitWords(String(e.name)),
    project: String(e.project),
    isDefault: e.default === true,
    datasetSuffix: typeof e.dataset_suffix === 'string' ? e.dataset_suffix : '',
    apiUrl: typeof e.api_url === 'string' ? e.api_url : '',
    description: describe(e),
  }));
}

export function retryPolicy(raw: unknown): IRRetryPolicy {
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

export function paginationSpec(raw: unknown): IRPaginationSpec {
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

export function errorKinds(raw: unknown): readonly IRErrorKind[] {
  if (!Array.isArray(raw)) return DEFAULT_ERRORS;
  return raw.filter(isObject).map((e) => ({
    kind: String(e.kind),
    words: splitWords(String(e.name)),
    statuses: Array.isArray(e.statuses) ? e.statuses.map(Number) : [],
    bigqueryReasons: Array.isArray(e.bigquery_reasons) ? e.bigquery_reasons.map(String) : [],
    description: describe(e),
  }));
}

/** The kinds a data function raises: what BigQuery and the runtime report, and `filesystem` for a file. */
function dataRaises(errors: readonly IRErrorKind[], returns: DataReturn): string[] {
  const own = new Set(['validation', 'billing_project', 'connection', 'timeout', 'redirect', ...(returns === 'file' ? ['filesystem'] : [])]);
  return errors.filter((e) => own.has(e.kind) || e.bigqueryReasons.length > 0).map((e) => e.kind);
}

export function dataFunctions(raw: unknown, converter: SchemaConverter, errors: readonly IRErrorKind[]): IRData {
  if (!isObject(raw)) return { onDemandUsdPerTib: 0, functions: [] };
  const functions: IRDataFunction[] = Object.entries(isObject(raw.functions) ? raw.functions : {})
    .filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1]))
    .map(([name, fn]) => {
      const pointer = `#/x-bd-data/functions/${name}`;
      const parameters = isObject(fn.parameters) ? fn.parameters : {};
      const required = new Set(Array.isArray(parameters.required) ? parameters.required.map(String) : []);
      const params: IRArgument[] = Object.entries(isObject(parameters.properties) ? parameters.properties : {}).map(([pname, schema]) => ({
        name: pname,
        words: splitWords(pname),
        required: required.has(pname),
        description: describe(schema) || describe(converter.deref(schema)),
        deprecated: isObject(schema) && schema.deprecated === true,
        type: converter.toType(schema, `${pointer}/parameters/properties/${pname}`),
        rules: converter.rules(schema),
        ...optional('default', converter.defaultOf(schema)),
        ...optional('example', exampleOf(schema)),
        pointer: `${pointer}/parameters/properties/${pname}`,
      }));
      const returns = String(fn.returns) as DataReturn;
      return {
        name,
        words: splitWords(name),
        summary: typeof fn.summary === 'string' ? fn.summary.trim() : '',
        description: describe(fn),
        returns,
        params,
        result: fn.result === undefined ? null : converter.toType(fn.result, `${pointer}/result`),
        raises: dataRaises(errors, returns),
        pointer,
      };
    });
  return { onDemandUsdPerTib: num(raw.on_demand_usd_per_tib, 0), functions };
}

/**
 * Old names per language (`x-bd-aliases`). A target is found by its words, so
 * `list_datasets`, `listDatasets` and `list-datasets` all name one operation;
 * an alias naming nothing is an error (it would call into nothing).
 */
export function aliases(raw: unknown, operations: readonly IROperation[], data: IRData, diagnostics: Diagnostic[]): Record<string, IRAlias[]> {
  const byLanguage: Record<string, IRAlias[]> = {};
  const key = (words: readonly string[]) => words.join(' ');
  const ops = new Map(operations.map((o) => [key(o.words), o]));
  const fns = new Map(data.functions.map((f) => [key(f.words), f]));
  for (const [language, list] of Object.entries(isObject(raw) ? raw : {})) {
    byLanguage[language] = (Array.isArray(list) ? list : []).filter(isObject).flatMap((a, index): IRAlias[] => {
      const pointer = `#/x-bd-aliases/${language}/${index}`;
      const words = splitWords(String(a.name));
      const targetWords = splitWords(String(a.target));
      const op = ops.get(key(targetWords));
      const fn = fns.get(key(targetWords));
      if (!op && !fn) {
        diagnostics.push({ severity: 'error', rule: 'bdgen/alias-target', pointer: `${pointer}/target`, message: `alias ${String(a.name)} calls ${JSON.stringify(a.target)}, which is neither an operationId nor an x-bd-data function.` });
        return [];
      }
      const targetParams = op ? op.params.map((p) => p.name) : fn!.params.map((p) => p.name);
      const params = (Array.isArray(a.parameters) ? a.parameters : []).filter(isObject).map((p, i): IRAliasParam => {
        if (typeof p.to === 'string' && !targetParams.includes(p.to) && !(op?.body && p.to === 'body')) {
          diagnostics.push({ severity: 'error', rule: 'bdgen/alias-target', pointer: `${pointer}/parameters/${i}/to`, message: `alias ${String(a.name)} maps ${String(p.name)} to ${p.to}, which ${String(a.target)} does not take (it takes ${targetParams.join(', ') || 'nothing'}).` });
        }
        return {
          name: String(p.name),
          words: splitWords(String(p.name)),
          ...optional('to', typeof p.to === 'string' ? p.to : undefined),
          ...optional('values', isObject(p.values) ? (p.values as Record<string, JsonValue>) : undefined),
          ...optional('ignored', typeof p.ignored === 'string' ? p.ignored : undefined),
          ...optional('effect', typeof p.effect === 'string' ? (p.effect as AliasEffect) : undefined),
          ...optional('default', p.default as JsonValue | undefined),
        };
      });
      const targetName = op ? op.id : fn!.name;
      return [{
        language,
        name: String(a.name),
        words,
        target: { kind: op ? 'operation' : 'data', id: targetName },
        sameName: key(words) === key(targetWords),
        origin: typeof a.origin === 'string' ? a.origin : '',
        params,
        returns: (typeof a.returns === 'string' ? a.returns : 'same') as AliasReturns,
        ...optional('field', typeof a.field === 'string' ? a.field : undefined),
        ...optional('pick', Array.isArray(a.pick) ? a.pick.map(String) : undefined),
        ...optional('pluck', typeof a.pluck === 'string' ? a.pluck : undefined),
        message: typeof a.message === 'string' ? a.message : '',
        pointer,
      }];
    });
  }
  return byLanguage;
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
