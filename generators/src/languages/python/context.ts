/**
 * What every Python view shares: the names planned once for the whole
 * package, the package's names and version, and the parameter model.
 */
import type { Diagnostic } from '../../diagnostics.js';
import { BODY_KEY, paramKey } from '../../emit/labels.js';
import { NamePlanner, pascalCase, snakeCase } from '../../emit/naming.js';
import type { IR, IRArgument, IROperation, IRParam } from '../../ir/types.js';
import { envVar, pyBaseException, pyExceptionName } from './brand.js';
import { PY_MODULE_RULES, PY_PARAM_RULES } from './naming.js';
import { pythonPackage, type PythonPackage } from './package-names.js';
import { isortOrder } from './ruff-order.js';

/** Keyword-only options every catalogue function takes after the spec's parameters, documented with the package's own names. */
export function callOptions(ctx: Pick<Context, 'ir' | 'pkg'>) {
  const alias = ctx.pkg.exampleAlias;
  return [
    {
      name: 'base_url',
      annotation: 'str | None',
      doc: `Where the API is; default \`\`${alias}.config.base_url\`\`, then \`\`${envVar(ctx.ir, 'API_URL')}\`\`, then the backend of the environment in use (\`\`${alias}.config.environment\`\`, \`\`${envVar(ctx.ir, 'ENVIRONMENT')}\`\`) when the spec names one, then the spec's first server.`,
    },
    { name: 'timeout', annotation: 'float | None', doc: `Seconds each try may take; default \`\`${alias}.config.timeout\`\`, then 30.` },
  ] as const;
}
const CALL_OPTION_NAMES = [{ name: 'base_url' }, { name: 'timeout' }] as const;

/** The option that picks another of a body's declared media types. */
export const CONTENT_TYPE_OPTION = { name: 'content_type', annotation: 'str | None', doc: 'The media type to send the body as, one of those the spec declares; default the first.' } as const;

/** Names the package's `__init__` exports from the runtime (and its base exception), claimed before anything the spec names. */
export const runtimeExports = (ir: IR): readonly string[] => ['config', 'Config', 'Page', pyBaseException(ir), 'InvalidParam'];

/** The modules of the package, which a function or class of the same name would hide. */
export const PACKAGE_MODULES = ['models', 'exceptions', 'metadata', 'data', 'aliases'] as const;

export interface Names {
  readonly diagnostics: readonly Diagnostic[];
  /** Schema name -> class or alias name in `models`. */
  readonly model: ReadonlyMap<string, string>;
  /** Error kind -> exception class name. */
  readonly exception: ReadonlyMap<string, string>;
  /** operationId -> function name. */
  readonly operation: ReadonlyMap<string, string>;
  /** Data function name -> function name. */
  readonly dataFunction: ReadonlyMap<string, string>;
  /** `operationId` or data function name -> wire name (`body` for a request body) -> parameter name. */
  readonly param: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Old names (`x-bd-aliases.python`) that are functions of their own, by their name. */
  readonly alias: ReadonlyMap<string, string>;
}

export interface Context {
  readonly ir: IR;
  readonly names: Names;
  readonly pkg: PythonPackage;
  readonly hasData: boolean;
}

export function createContext(ir: IR): Context {
  const pkg = pythonPackage(ir);
  return { ir, pkg, names: planNames(ir, pkg), hasData: ir.data.functions.length > 0 };
}

const PACKAGE_POINTER = '#/x-bd-packages/python';

/** Every name the Python output uses, claimed once per scope so clashes are reported before anything is written. */
function planNames(ir: IR, pkg: PythonPackage): Names {
  const modules = new NamePlanner(PY_MODULE_RULES);
  const params = new NamePlanner(PY_PARAM_RULES);
  const scope = `package ${pkg.importName}`;
  // The generator's own names first: a spec's function or parameter gives way to them.
  for (const name of runtimeExports(ir)) modules.reserve(scope, name, `${PACKAGE_POINTER}#${name}`, `the runtime's \`${name}\``);
  for (const name of PACKAGE_MODULES) modules.reserve(scope, name, `${PACKAGE_POINTER}#${name}`, `the module \`${name}\``);
  const exception = new Map(ir.errors.map((error, index) => {
    const name = pyExceptionName(ir, error.kind, error.words);
    return [error.kind, modules.reserve(scope, name, `#/x-bd-errors/${index}`, `the exception of kind ${error.kind}`)];
  }));
  const model = new Map(ir.schemas.map((s) => [s.name, modules.claim('module models', s.words, pascalCase, s.pointer, `schema ${s.name}`, { yields: true })]));
  const operation = new Map<string, string>();
  const param = new Map<string, Map<string, string>>();
  const claimOptions = (owner: string, options: readonly { name: string }[]) => {
    for (const option of options) params.reserve(`parameters of ${owner}`, option.name, `${PACKAGE_POINTER}#${option.name}`, `the call option \`${option.name}\``);
  };
  for (const op of ir.operations) {
    operation.set(op.id, modules.claim(scope, op.words, snakeCase, op.pointer, `operation ${op.id}`));
    claimOptions(op.id, op.body ? [...CALL_OPTION_NAMES, CONTENT_TYPE_OPTION] : CALL_OPTION_NAMES);
    const labels = new Map(op.params.map((p) => [paramKey(p), params.claim(`parameters of ${op.id}`, p.words, snakeCase, p.pointer, `parameter ${p.name}`, { yields: true })]));
    if (op.body) labels.set(BODY_KEY, params.claim(`parameters of ${op.id}`, ['body'], snakeCase, op.body.pointer, 'the request body', { yields: true }));
    param.set(op.id, labels);
  }
  const dataFunction = new Map<string, string>();
  for (const fn of ir.data.functions) {
    dataFunction.set(fn.name, modules.claim(scope, fn.words, snakeCase, fn.pointer, `data function ${fn.name}`));
    param.set(fn.name, new Map(fn.params.map((p) => [paramKey(p), params.claim(`parameters of ${fn.name}`, p.words, snakeCase, p.pointer, `parameter ${p.name}`)])));
  }
  const alias = new Map<string, string>();
  for (const a of ir.aliases.python ?? []) {
    if (!a.sameName) alias.set(a.name, modules.claim(scope, a.words, snakeCase, a.pointer, `old name ${a.name}`));
  }
  return { diagnostics: [...modules.diagnostics, ...params.diagnostics], model, exception, operation, dataFunction, param, alias };
}

/** The exception class's short name (`NotFound`), as the runtime's error table records it. */
export const errorName = (words: readonly string[]) => pascalCase(words);

/** Everything a call sends: its parameters (path, query, header, cookie). */
export const sentParams = (op: IROperation): readonly IRParam[] => op.params;

export type AnyArgument = IRParam | IRArgument;

export function importLine(module: string, unordered: readonly string[]): string {
  if (unordered.length === 0) return '';
  const names = isortOrder([...new Set(unordered)]);
  const line = `from ${module} import ${names.join(', ')}`;
  return line.length <= 110 ? line : `from ${module} import (\n${names.map((n) => `    ${n},`).join('\n')}\n)`;
}
