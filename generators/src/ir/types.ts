/**
 * The intermediate representation every emitter reads, and the only thing it
 * reads: emitters never see raw OpenAPI. Every language-neutral fact is
 * computed here once (parameter kinds and rules, bodies per media type,
 * responses, the error kinds an operation raises, names split into words).
 * Names are kept as the spec spells them (`name`, for the wire) and split into
 * lowercase words (`words`) so each language applies its own casing.
 */
import type { IRExtensions } from './types-extensions.js';

export type * from './types-extensions.js';

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

/** What a value is once `$ref`s and nullable unions are seen through: what a runtime checks. */
export type ValueKind = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'unknown';

/**
 * The rules a runtime checks a value against before any request: its kind and
 * its constraints, resolved through `$ref`s (a query parameter whose schema is
 * a `$ref` to an integer is an integer), with the rules of an array's items.
 */
export interface IRValueRules {
  readonly kind: ValueKind;
  /** Whether `null` is a valid value (a nullable schema). */
  readonly nullable: boolean;
  /** `binary` (a file part), `date-time`, `int64`, ...: the schema's format, when it has one. */
  readonly format?: string;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Whether an array's items must all differ. */
  readonly uniqueItems?: boolean;
  /** The only values allowed, from `enum` or `const`. */
  readonly enum?: readonly (string | number | boolean)[];
  /** The rules of each item, for arrays. */
  readonly items?: IRValueRules;
}

export interface IRProperty {
  readonly name: string;
  readonly words: Words;
  readonly required: boolean;
  readonly description: string;
  readonly deprecated: boolean;
  readonly type: IRType;
  readonly example?: JsonValue;
}

export interface IRSchema {
  readonly name: string;
  readonly words: Words;
  readonly description: string;
  readonly type: IRType;
  readonly example?: JsonValue;
  /** Whether the schema refers to itself, directly or not (a theme's child themes). */
  readonly recursive: boolean;
  readonly deprecated: boolean;
  readonly pointer: string;
}

export type ParamLocation = 'path' | 'query' | 'header' | 'cookie';

/** OpenAPI 3.1 section 4.8.12.4: how a parameter's value is serialised. */
export type ParamStyle = 'simple' | 'label' | 'matrix' | 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';

/** One argument of a generated function: an HTTP parameter (`in` set) or a data function's argument. */
export interface IRArgument {
  readonly name: string;
  readonly words: Words;
  readonly required: boolean;
  readonly description: string;
  readonly deprecated: boolean;
  readonly type: IRType;
  readonly rules: IRValueRules;
  readonly default?: JsonValue;
  readonly example?: JsonValue;
  readonly pointer: string;
}

export interface IRParam extends IRArgument {
  readonly in: ParamLocation;
  readonly style: ParamStyle;
  readonly explode: boolean;
}

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE';

/** How a request body of one media type is sent. */
export type BodyKind = 'json' | 'form' | 'multipart' | 'binary' | 'text';

export interface IRMedia {
  /** The media type as the spec writes it (`application/json`, `multipart/form-data`). */
  readonly type: string;
  readonly kind: BodyKind;
  readonly schema: IRType;
  /** Multipart: the fields that are files (`format: binary`, or `contentMediaType`). */
  readonly fileFields: readonly string[];
  readonly example?: JsonValue;
}

export interface IRBody {
  readonly required: boolean;
  readonly description: string;
  /** In the spec's order; the first is the default a call sends. */
  readonly media: readonly IRMedia[];
  readonly pointer: string;
}

/** What a response body is: parsed JSON, bytes, text, or nothing. */
export type ResponseKind = 'json' | 'binary' | 'text' | 'empty';

export interface IRResponse {
  /** `200`, `2XX`, `default`, ... as the spec writes it. */
  readonly status: string;
  readonly description: string;
  readonly media: readonly { readonly type: string; readonly kind: ResponseKind; readonly schema: IRType }[];
}

export interface IRPagination {
  /** Type of one item of the page's items array. */
  readonly item: IRType;
  /** The page's field holding its items (`x-bd-pagination.items`, or the operation's own `x-bd-pagination`: `results`). */
  readonly items: string;
  /** The page's field holding the number of pages; null when the page has none (then `count / page_size`, rounded up). */
  readonly pageTotal: string | null;
}

/**
 * A catalogue function answered by a GraphQL API (`x-bd-graphql`): a fixed
 * document, its variables from the call's arguments, and how the answer
 * becomes the result (docs/architecture.md, "x-bd-graphql"). Paths are lists
 * of keys and indexes, read in the answer's `data`.
 */
export interface IRGraphql {
  /** The document, as the spec writes it. */
  readonly query: string;
  /** The document's operation name. */
  readonly operationName: string;
  /** GraphQL variable -> the wire name of the parameter whose value it takes. */
  readonly variables: readonly { readonly variable: string; readonly param: string }[];
  /** Where the result is (a connection, for a paged call); missing or null is `not_found`. */
  readonly result: readonly (string | number)[];
  /** A count or a list that must not be empty (0, null, []), else `not_found`, before the result is read. */
  readonly exists: readonly (string | number)[] | null;
  /** For a paged call: the variables given the page size and the offset of its first item. */
  readonly connection: { readonly first: string; readonly offset: string; readonly defaultPageSize: number } | null;
  /** Fields set from a path inside each result object, after nested connections became lists. */
  readonly pluck: readonly { readonly field: string; readonly path: readonly (string | number)[] }[];
  /** The parameter whose value picks `<field>_<locale>`, and the locales (the first is the default and the fallback). */
  readonly locale: { readonly param: string; readonly locales: readonly string[] } | null;
}

export interface IROperation {
  /** The spec's operationId, or one derived from the method and path (with a warning) when it has none. */
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
  /** Path parameters in path order, then query, header and cookie parameters in spec order. */
  readonly params: readonly IRParam[];
  readonly body: IRBody | null;
  /** Every response the spec documents, in status order. */
  readonly responses: readonly IRResponse[];
  /** What a call returns: the first 2xx response (or `default`) and its first media type. */
  readonly success: { readonly status: string; readonly kind: ResponseKind; readonly type: IRType };
  readonly pagination: IRPagination | null;
  /** Set when the operation is a function of `x-bd-graphql`: sent as that document, not as `path` and parameters. */
  readonly graphql: IRGraphql | null;
  /** The error kinds (`x-bd-errors`) a call can raise, in the table's order. */
  readonly raises: readonly string[];
  /** HTTP statuses the spec documents as errors. */
  readonly errorStatuses: readonly number[];
  /**
   * The ways a call may authenticate (its own `security`, else the spec's):
   * the first whose every scheme has credentials is sent. Empty: nothing is
   * sent; an empty requirement among them: credentials are optional.
   */
  readonly security: readonly IRSecurityRequirement[];
  readonly pointer: string;
}

/** One way to authenticate: every scheme in it is sent, with the OAuth2 scopes it asks for. */
export type IRSecurityRequirement = readonly { readonly scheme: string; readonly scopes: readonly string[] }[];

/**
 * A scheme of `components.securitySchemes`, as a runtime handles it:
 * `apiKey` (in a header, the query or a cookie), HTTP `basic` and `bearer`
 * (OpenID Connect too: an access token), `oauth2` (an access token, or a
 * client id and secret exchanged at `tokenUrl` when the spec declares the
 * client-credentials flow), and `other` (only the user's headers hook can send it).
 */
export interface IRSecurityScheme {
  /** Its key in `components.securitySchemes`: the name users pass credentials under. */
  readonly name: string;
  readonly words: Words;
  readonly kind: 'apiKey' | 'basic' | 'bearer' | 'oauth2' | 'other';
  readonly description: string;
  /** apiKey: where the key goes and under which header, query or cookie name. */
  readonly in?: 'header' | 'query' | 'cookie';
  readonly paramName?: string;
  readonly bearerFormat?: string;
  /** oauth2 with a client-credentials flow: where tokens are fetched (may be relative to the server), and the flow's scopes. */
  readonly tokenUrl?: string;
  readonly scopes?: readonly string[];
  /** The environment variables credentials are read from when no option gives them. */
  readonly env: { readonly token?: string; readonly username?: string; readonly password?: string; readonly clientId?: string; readonly clientSecret?: string };
  readonly pointer: string;
}

/**
 * What generated packages call the API and the prefixes they derive from it:
 * `x-bd-packages.brand`, else the title. Our spec's: Base dos Dados, `bd`,
 * `BASEDOSDADOS` (BASEDOSDADOS_API_URL, BaseDosDadosError, bd_error).
 */
export interface IRBrand {
  /** As docs write it (`Base dos Dados`). */
  readonly name: string;
  /** Words of the error base names (`BaseDosDadosError`, `BaseDosDadosException`): the title's less generic words (api, sdk, ...). */
  readonly words: Words;
  /** Short snake_case prefix (R's condition class `bd_error`). */
  readonly short: string;
  /** Prefix of every environment variable (`BASEDOSDADOS_API_URL`). */
  readonly envPrefix: string;
}

export interface IRGroup {
  readonly name: string;
  readonly words: Words;
  readonly description: string;
}

export interface IRInfo {
  readonly title: string;
  /** The version every package is released under, as the spec writes it. */
  readonly version: string;
  readonly summary: string;
  readonly description: string;
  readonly license: string;
  /** `info.contact`: who publishes the API (empty strings when the spec does not say); R packages name it their maintainer. */
  readonly contact: { readonly name: string; readonly url: string; readonly email: string };
}

export interface IR extends IRExtensions {
  readonly info: IRInfo;
  readonly brand: IRBrand;
  /** `components.securitySchemes`, in the spec's order. */
  readonly securitySchemes: readonly IRSecurityScheme[];
  readonly servers: readonly { readonly url: string; readonly description: string }[];
  readonly schemas: readonly IRSchema[];
  readonly groups: readonly IRGroup[];
  readonly operations: readonly IROperation[];
}
