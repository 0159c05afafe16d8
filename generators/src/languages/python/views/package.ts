/** `pyproject.toml` and `__init__.py`: the package's metadata and its public names. */
import { importLine, runtimeExports, type Context } from '../context.js';
import { ownsBaseException, pyBaseException, RUNTIME_BASE_EXCEPTION } from '../brand.js';
import { importStatement } from './security.js';
import { dunderAllOrder } from '../ruff-order.js';
import { pyDocstring, pyString, tomlString } from '../doc.js';
import { CORE_DEPENDENCIES, DATA_DEPENDENCIES, OPTIONAL_DEPENDENCIES, REQUIRES_PYTHON } from '../runtime-contract.js';
import { quickExample } from './metadata.js';

export function pyprojectView(ctx: Context) {
  const { ir, pkg } = ctx;
  const deps = [...CORE_DEPENDENCIES, ...(ctx.hasData ? DATA_DEPENDENCIES : [])];
  return {
    name: tomlString(pkg.name),
    version: tomlString(pkg.version),
    description: tomlString(ir.info.summary || ir.info.title),
    requiresPython: tomlString(REQUIRES_PYTHON),
    license: ir.info.license ? tomlString(ir.info.license) : '',
    dependencies: deps.map(tomlString),
    extras: ctx.hasData ? OPTIONAL_DEPENDENCIES.map((e) => ({ name: e.name, requirements: e.requirements.map(tomlString).join(', ') })) : [],
    packageDir: tomlString(`src/${pkg.importName}`),
    author: ir.info.contact.name ? tomlString(ir.info.contact.name) : '',
    homepage: ir.info.contact.url ? tomlString(ir.info.contact.url) : '',
    keywords: [...new Set(ir.packages.titleWords)].map(tomlString).join(', '),
  };
}

export function initView(ctx: Context) {
  const { ir, names, pkg } = ctx;
  const exceptions = ir.errors.map((e) => names.exception.get(e.kind)!);
  const functions = ir.operations.map((op) => names.operation.get(op.id)!);
  const dataFunctions = ir.data.functions.map((fn) => names.dataFunction.get(fn.name)!);
  const aliases = [...names.alias.values()];
  const exported = dunderAllOrder([...runtimeExports(ir), ...exceptions, ...functions, ...dataFunctions, ...aliases, '__version__']);
  return {
    docstring: pyDocstring(`${ir.info.title}: ${ir.info.summary || 'generated client.'}`, ir.info.description, [
      { title: 'Examples', lines: [`>>> ${importStatement(ctx)}`, ...quickExample(ctx).map((l) => `>>> ${l}`)] },
    ]),
    runtimeImports: [
      importLine('._runtime.config', ['Config', 'config']),
      importLine('._runtime.errors', ownsBaseException(ir) ? ['InvalidParam'] : [RUNTIME_BASE_EXCEPTION, 'InvalidParam']),
      importLine('._runtime.pagination', ['Page']),
      importLine('._spec', ['SPEC_VERSION']),
    ].join('\n'),
    aliasesImport: importLine('.aliases', aliases),
    dataImport: ctx.hasData ? importLine('.data', dataFunctions) : '',
    exceptionsImport: importLine('.exceptions', ownsBaseException(ir) ? [pyBaseException(ir), ...exceptions] : exceptions),
    metadataImport: importLine('.metadata', functions),
    all: exported.map((name) => `    ${pyString(name)},`).join('\n'),
  };
}
