/**
 * What every R view shares: the names planned once for the whole package
 * (exports, arguments, files), the package's identity, and the old names of
 * `x-bd-aliases.r`. Clashes are reported before anything is written.
 */
import type { Diagnostic } from '../../diagnostics.js';
import { NamePlanner, snakeCase, type NamingRules } from '../../emit/naming.js';
import { BODY_KEY } from '../../emit/labels.js';
import type { IR, IRAlias, IROperation, IRParam } from '../../ir/types.js';
import { R_ARG_RULES, R_EXPORT_RULES, RUNTIME_PREFIX, WINDOWS_DEVICE_NAMES } from './naming.js';
import { rPackage, type RPackage } from './package-names.js';
import { RUNTIME_EXPORTS } from './runtime-contract.js';

/** Options every catalogue function takes after the spec's parameters (bd_call()'s `options`). */
export const CALL_OPTIONS = [
  { name: 'base_url', doc: (ctx: Context) => `Where the API is; default the option \`${ctx.pkg.name}.api_url\`, then \`${envName(ctx, 'API_URL')}\`, ${environmentUrlWords(ctx)}then the spec's first server.` },
  { name: 'timeout', doc: (ctx: Context) => `Seconds each try may take; default the option \`${ctx.pkg.name}.timeout\`, then 30.` },
] as const;

/**
 * The step of the base-URL order the environments add (runtime-config.R,
 * bd_resolve_base_url()), ending in ", "; empty when no environment names a catalogue URL.
 */
export function environmentUrlWords(ctx: Context): string {
  if (!ctx.ir.environments.some((e) => e.apiUrl !== '')) return '';
  const fallback = ctx.ir.environments.find((e) => e.isDefault) ?? ctx.ir.environments[0]!;
  return `then the catalogue URL of the environment in use (the option \`${ctx.pkg.name}.environment\`, else \`${envName(ctx, 'ENVIRONMENT')}\`, else "${fallback.name}"), `;
}

/** The package's environment variable of a setting: `<brand prefix>_<setting>` (runtime-config.R's bd_env_name()), `BASEDOSDADOS_API_URL`. */
export const envName = (ctx: Context, setting: string): string => `${ctx.ir.brand.envPrefix}_${setting}`;


/** The option that picks another of a body's declared media types. */
export const CONTENT_TYPE_OPTION = { name: 'content_type', doc: 'The media type to send the body as, one of those the spec declares; default the first.' } as const;

/**
 * The argument a function gains when the old function of its name returned
 * another shape (a same-name alias whose `returns` is not `same`): the old
 * shape by default, so old scripts keep working; `"page"` for ours.
 */
export const SHAPE_ARGUMENT = 'as';

/** Files of `R/` the emitter writes itself, which a group's file must not replace. */
const OWN_FILES = ['spec', 'data', 'aliases', 'package'];

export interface Names {
  readonly diagnostics: readonly Diagnostic[];
  /** operationId -> exported function name. */
  readonly operation: ReadonlyMap<string, string>;
  /** Data function name -> exported function name. */
  readonly dataFunction: ReadonlyMap<string, string>;
  /** operationId or data function name -> argument key (argKey(); BODY_KEY for a request body) -> R argument name. */
  readonly param: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Old names of x-bd-aliases.r that are functions of their own. */
  readonly alias: ReadonlyMap<string, string>;
  /** Group name (or operationId of an operation without a group) -> file name under `R/`, without `.R`. */
  readonly file: ReadonlyMap<string, string>;
}

export interface Context {
  readonly ir: IR;
  readonly pkg: RPackage;
  readonly names: Names;
  readonly aliases: readonly IRAlias[];
  readonly hasData: boolean;
}

export function createContext(ir: IR): Context {
  const pkg = rPackage(ir);
  const aliases = ir.aliases.r ?? [];
  return { ir, pkg, aliases, names: planNames(ir, aliases), hasData: ir.data.functions.length > 0 };
}

/**
 * The key a parameter's value is handed to the runtime under (`.args`, the
 * record's `key`): its wire name, or `<in>:<name>` when an earlier parameter
 * of the operation has the same wire name (a path and a query `path`), so
 * both values reach the wire.
 */
export function argKey(params: readonly IRParam[], p: IRParam): string {
  const first = params.find((q) => q.name === p.name);
  return first === undefined || first === p ? p.name : `${p.in}:${p.name}`;
}

/** The file an operation's function is written in: its group's, else its own. */
export const fileKey = (op: IROperation): string => op.group?.name ?? op.id;

const FILE_RULES: NamingRules = {
  language: 'R',
  reserved: new Set([...OWN_FILES, ...WINDOWS_DEVICE_NAMES]),
  maxLength: 60,
  escapeReserved: (name) => (name === '' ? 'api' : `${name}-api`),
};

const POINTER = '#/x-bd-packages/r';

function planNames(ir: IR, aliases: readonly IRAlias[]): Names {
  const exports = new NamePlanner(R_EXPORT_RULES);
  const args = new NamePlanner(R_ARG_RULES);
  const files = new NamePlanner(FILE_RULES);
  const prefixProblems: Diagnostic[] = [];
  const scope = 'the package namespace';
  const claimExport = (words: readonly string[], pointer: string, source: string): string => {
    const name = exports.claim(scope, words, snakeCase, pointer, source);
    if (name.startsWith(RUNTIME_PREFIX)) {
      prefixProblems.push({ severity: 'error', rule: 'bdgen/r-name', pointer, message: `${source} becomes the R name \`${name}\`, but names starting with \`${RUNTIME_PREFIX}\` belong to the runtime.`, hint: 'Rename it (operationId or x-bd-data function name).' });
    }
    return name;
  };
  for (const name of RUNTIME_EXPORTS) exports.claim(scope, [name], () => name, `${POINTER}#${name}`, `the runtime's \`${name}()\``);

  const param = new Map<string, Map<string, string>>();
  // The generator's own arguments first: a spec's parameter gives way to them (renamed with a warning).
  const claimOptions = (owner: string, options: readonly string[]) => {
    for (const option of options) args.reserve(`arguments of ${owner}`, option, `${POINTER}#${option}`, `the call option \`${option}\``);
  };
  const operation = new Map<string, string>();
  const file = new Map<string, string>();
  for (const op of ir.operations) {
    operation.set(op.id, claimExport(op.words, op.pointer, `operation ${op.id}`));
    const key = fileKey(op);
    if (!file.has(key)) file.set(key, files.claim('R/', op.group?.words ?? op.words, snakeCase, op.group ? `#/tags/${op.group.name}` : op.pointer, `the file of ${key}`));
    const shape = aliases.some((a) => a.sameName && a.target.id === op.id && a.returns !== 'same');
    claimOptions(op.id, [...CALL_OPTIONS.map((o) => o.name), ...(op.body ? [CONTENT_TYPE_OPTION.name] : []), ...(shape ? [SHAPE_ARGUMENT] : [])]);
    // Parameters OpenAPI tells apart (by location, or by case) but R would merge yield: the later one is renamed.
    const labels = new Map(op.params.map((p) => [argKey(op.params, p), args.claim(`arguments of ${op.id}`, p.words, snakeCase, p.pointer, `parameter ${p.name}`, { yields: true })]));
    if (op.body) labels.set(BODY_KEY, args.claim(`arguments of ${op.id}`, ['body'], snakeCase, op.body.pointer, 'the request body', { yields: true }));
    param.set(op.id, labels);
  }
  const dataFunction = new Map<string, string>();
  for (const fn of ir.data.functions) {
    dataFunction.set(fn.name, claimExport(fn.words, fn.pointer, `data function ${fn.name}`));
    param.set(fn.name, new Map(fn.params.map((p) => [p.name, args.claim(`arguments of ${fn.name}`, p.words, snakeCase, p.pointer, `parameter ${p.name}`)])));
  }
  const alias = new Map<string, string>();
  for (const a of aliases) {
    // Old names are kept exactly as the old package spelt them: that is the point of an alias.
    if (!a.sameName) alias.set(a.name, exports.claim(scope, [a.name], () => a.name, a.pointer, `old name ${a.name}`));
    // Old arguments a function of ours gains must not take the name of one of its own (they would be one argument).
    if (a.sameName) {
      const own = new Set(param.get(a.target.id)?.values() ?? []);
      for (const p of a.params) {
        if (!own.has(p.name)) args.claim(`arguments of ${a.target.id}`, [p.name], () => p.name, a.pointer, `old argument ${p.name} of ${a.name}`);
      }
    }
  }
  return {
    diagnostics: [...exports.diagnostics, ...args.diagnostics, ...files.diagnostics, ...prefixProblems],
    operation, dataFunction, param, alias, file,
  };
}

/** The IR name of an operation or data function, as the conformance suite calls it (`list_datasets`). */
export const irName = (words: readonly string[]): string => snakeCase(words);
