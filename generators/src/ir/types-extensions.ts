/**
 * The parts of the IR that come from the spec's `x-bd-*` extensions. Every
 * extension is optional: without one, `ir/defaults.ts` says what the IR holds
 * (package names from `info.title`, a documented retry policy, no data
 * functions, no aliases).
 */
import type { IRArgument, IRType, JsonValue, Words } from './types.js';

/** The spec's version, parsed once so each ecosystem can write it its own way. */
export interface IRVersion {
  /** As the spec writes it (`info.version`). */
  readonly raw: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Pre-release identifiers (`1.2.0-rc.1` -> ['rc', '1']); empty for a release. */
  readonly prerelease: readonly string[];
  /** Whether `raw` already is MAJOR.MINOR.PATCH[-pre] (semver); when not, a warning says how each ecosystem writes it. */
  readonly semver: boolean;
}

/**
 * The package names the spec declares (`x-bd-packages`), per language. A
 * language the spec does not name derives its names from `titleWords` with
 * its own ecosystem's rules (its target record's `packageNames`).
 */
export interface IRPackages {
  /** `info.title` split into words (its first 48 characters of words), the start of every derived name. */
  readonly titleWords: Words;
  readonly typescript?: { readonly name: string; readonly client?: string };
  readonly python?: { readonly name: string; readonly importName: string };
  readonly r?: { readonly name: string };
  readonly stata?: { readonly name: string };
}

export interface IREnvironment {
  readonly name: string;
  readonly words: Words;
  readonly project: string;
  readonly isDefault: boolean;
  /** Appended to dataset ids in this environment (`_staging`). */
  readonly datasetSuffix: string;
  /** The catalogue API's base URL in this environment (`api_url`); empty when the spec names none (the first server then). */
  readonly apiUrl: string;
  readonly description: string;
}

/** The one retry policy every runtime applies (`x-bd-retry`, else `DEFAULT_RETRY`). */
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
  readonly params: readonly IRArgument[];
  readonly result: IRType | null;
  /** The error kinds a call can raise, in the table's order. */
  readonly raises: readonly string[];
  readonly pointer: string;
}

export interface IRData {
  readonly onDemandUsdPerTib: number;
  readonly functions: readonly IRDataFunction[];
}

/** A runtime behaviour an old argument switches on (docs/architecture.md, `x-bd-aliases`). */
export type AliasEffect = 'query_from_file' | 'credentials_from_file' | 'reauth' | 'bqstorage' | 'compression' | 'split_table' | 'save_csv';
export const ALIAS_EFFECTS: readonly AliasEffect[] = ['query_from_file', 'credentials_from_file', 'reauth', 'bqstorage', 'compression', 'split_table', 'save_csv'];

export type AliasReturns = 'same' | 'legacy_page' | 'all_items' | 'field' | 'pick';
export const ALIAS_RETURNS: readonly AliasReturns[] = ['same', 'legacy_page', 'all_items', 'field', 'pick'];

/** One parameter of an old function's signature. */
export interface IRAliasParam {
  readonly name: string;
  readonly words: Words;
  /** The target's parameter (wire name) it fills. */
  readonly to?: string;
  /** Old value -> new value; any other value is a validation error. */
  readonly values?: Readonly<Record<string, JsonValue>>;
  /** Accepted without effect, for this reason. */
  readonly ignored?: string;
  readonly effect?: AliasEffect;
  /** The old default, when the old function had one. */
  readonly default?: JsonValue;
}

/** An old function name users of the existing packages still type (`x-bd-aliases`). */
export interface IRAlias {
  readonly language: string;
  readonly name: string;
  readonly words: Words;
  /** What it calls: an operation (by operationId) or a data function (by name). */
  readonly target: { readonly kind: 'operation' | 'data'; readonly id: string };
  /** Whether the old name is also the name of the target, so the target takes the old parameters instead. */
  readonly sameName: boolean;
  readonly origin: string;
  /** The old signature, in its positional order. */
  readonly params: readonly IRAliasParam[];
  readonly returns: AliasReturns;
  readonly field?: string;
  readonly pick?: readonly string[];
  readonly pluck?: string;
  readonly message: string;
  readonly pointer: string;
}

export interface IRExtensions {
  readonly version: IRVersion;
  readonly packages: IRPackages;
  readonly environments: readonly IREnvironment[];
  readonly retry: IRRetryPolicy;
  readonly pagination: IRPaginationSpec;
  readonly errors: readonly IRErrorKind[];
  readonly data: IRData;
  /** Old names, by language id (`python`, `r`, `stata`). */
  readonly aliases: Readonly<Record<string, readonly IRAlias[]>>;
}
