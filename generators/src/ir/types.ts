/**
 * The intermediate representation every emitter reads. It is built once from
 * the bundled spec; emitters never see raw OpenAPI. Names are kept as the spec
 * spells them (`name`, for the wire) and split into lowercase words (`words`)
 * so each language applies its own casing.
 */

/** A name split into lowercase ASCII words: `listDatasetTables` -> ['list', 'dataset', 'tables']. */
export type Words = readonly string[];

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export type IRType =
  | { readonly kind: 'string'; readonly format?: string; readonly enum?: readonly string[] }
  | { readonly kind: 'integer'; readonly format?: string; readonly enum?: readonly number[] }
  | { readonly kind: 'number'; readonly format?: string }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'null' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'array'; readonly items: IRType }
  | { readonly kind: 'object'; readonly properties: readonly IRProperty[]; readonly additionalProperties: IRType | null }
  /** A named schema of `components/schemas`; may be recursive. */
  | { readonly kind: 'ref'; readonly name: string; readonly words: Words }
  | { readonly kind: 'union'; readonly variants: readonly IRType[] };

/** Validation constraints of a value, from its schema (following `$ref`s). */
export interface IRConstraints {
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  /** The only values allowed, from `enum` or `const`. */
  readonly enum?: readonly (string | number)[];
  /** Constraints of each item, for arrays. */
  readonly items?: IRConstraints;
}

export interface IRProperty {
  readonly name: string;
  readonly words: Words;
  readonly required: boolean;
  readonly description: string;
  readonly type: IRType;
  readonly constraints: IRConstraints;
}

export interface IRSchema {
  readonly name: string;
  readonly words: Words;
  readonly description: string;
  readonly type: IRType;
  /** Whether the schema refers to itself, directly or not (a theme's child themes). */
  readonly recursive: boolean;
  readonly pointer: string;
}

export type ParamLocation = 'path' | 'query' | 'header' | 'argument';

export interface IRParam {
  readonly name: string;
  readonly words: Words;
  readonly in: ParamLocation;
  readonly required: boolean;
  readonly description: string;
  readonly type: IRType;
  readonly constraints: IRConstraints;
  readonly default?: JsonValue;
  readonly example?: JsonValue;
  readonly pointer: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface IRPagination {
  /** Type of one item of the page's `items` array. */
  readonly item: IRType;
}

export interface IROperation {
  /** The spec's operationId. */
  readonly id: string;
  readonly words: Words;
  /** Resource group (`datasets` in `bd.datasets.list()`); null for a top-level method (`bd.search()`). */
  readonly group: { readonly name: string; readonly words: Words } | null;
  /** Method name within its group (`list`), or the operation's words at top level. */
  readonly method: Words;
  readonly httpMethod: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  readonly deprecated: boolean;
  /** Path parameters in path order, then query and header parameters in spec order. */
  readonly params: readonly IRParam[];
  readonly requestBody: IRType | null;
  /** The JSON body of the success response; `null` type for an empty body. */
  readonly response: IRType;
  readonly pagination: IRPagination | null;
  /** HTTP statuses the spec documents as errors. */
  readonly errorStatuses: readonly number[];
  readonly pointer: string;
}

export interface IRGroup {
  readonly name: string;
  readonly words: Words;
  readonly description: string;
}

export interface IRPackages {
  readonly typescript: { readonly name: string };
  readonly python: { readonly name: string; readonly importName: string };
  readonly r: { readonly name: string };
  readonly stata: { readonly name: string };
}

export interface IREnvironment {
  readonly name: string;
  readonly words: Words;
  readonly project: string;
  readonly isDefault: boolean;
  /** Appended to dataset ids in this environment (`_staging`). */
  readonly datasetSuffix: string;
  readonly description: string;
}

/** The one retry policy every runtime applies (`x-bd-retry`). */
export interface IRRetryPolicy {
  readonly maxAttempts: number;
  readonly statuses: readonly number[];
  readonly networkErrors: boolean;
  readonly initialDelayMs: number;
  readonly multiplier: number;
  readonly maxDelayMs: number;
  readonly jitter: number;
  readonly retryAfter: boolean;
  readonly maxRetryAfterMs: number;
  readonly bigqueryReasons: readonly string[];
}

/** Names of the paging parameters and envelope fields (`x-bd-pagination`). */
export interface IRPaginationSpec {
  readonly pageParam: string;
  readonly pageSizeParam: string;
  readonly items: string;
  readonly pageTotal: string;
  readonly count: string;
}

/** One kind of error every language raises (`x-bd-errors`). */
export interface IRErrorKind {
  readonly kind: string;
  /** Words of the class name: ['not', 'found'] -> NotFoundError, BaseDosDadosNotFoundException. */
  readonly words: Words;
  readonly statuses: readonly number[];
  readonly bigqueryReasons: readonly string[];
  readonly description: string;
}

export type DataReturn = 'rows' | 'file' | 'estimate';

/** A function every package exposes that runs on BigQuery, not on the HTTP API (`x-bd-data`). */
export interface IRDataFunction {
  readonly name: string;
  readonly words: Words;
  readonly summary: string;
  readonly description: string;
  readonly returns: DataReturn;
  readonly params: readonly IRParam[];
  readonly result: IRType | null;
  readonly pointer: string;
}

export interface IRData {
  readonly onDemandUsdPerTib: number;
  readonly functions: readonly IRDataFunction[];
}

export interface IR {
  readonly info: {
    readonly title: string;
    readonly version: string;
    readonly summary: string;
    readonly description: string;
    readonly license: string;
  };
  readonly servers: readonly { readonly url: string; readonly description: string }[];
  readonly packages: IRPackages;
  readonly environments: readonly IREnvironment[];
  readonly retry: IRRetryPolicy;
  readonly pagination: IRPaginationSpec;
  readonly errors: readonly IRErrorKind[];
  readonly schemas: readonly IRSchema[];
  readonly groups: readonly IRGroup[];
  readonly operations: readonly IROperation[];
  readonly data: IRData;
}
