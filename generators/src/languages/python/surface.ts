/**
 * The Python package's API surface (`API.txt`): one line per public function,
 * exception, model field and exported name, as `import <pkg>` users see them.
 * Built from the same views the emitter renders, so a line is what the code says.
 */
import type { IR } from '../../ir/types.js';
import { pyBaseException } from './brand.js';
import { createContext, runtimeExports } from './context.js';
import { aliasesView } from './views/aliases.js';
import { dataView } from './views/data.js';
import { exceptionsView } from './views/exceptions.js';
import { metadataView } from './views/metadata.js';
import { pyType } from './types.js';
import { modelRef } from './params.js';
import { CONFIG_SETTINGS, DATA_CONFIG_SETTINGS } from './runtime-contract.js';

/** A view's multi-line parameter list (`    a: int,\n    *,`) on one line. */
const oneLineSignature = (signature: string): string =>
  signature.split('\n').map((l) => l.trim().replace(/,$/, '')).filter(Boolean).join(', ');

interface FunctionView { readonly name: string; readonly signature: string; readonly returns: string }

export function pythonSurface(ir: IR): string[] {
  const ctx = createContext(ir);
  const lines: string[] = [];
  const fn = (module: string, f: FunctionView) => lines.push(`${module}.${f.name}(${oneLineSignature(f.signature)}) -> ${f.returns}`);
  for (const f of metadataView(ctx).functions) fn('metadata', f);
  if (ctx.hasData) for (const f of dataView(ctx).functions) fn('data', f);
  const aliases = aliasesView(ctx) as { functions: FunctionView[] } | null;
  for (const f of aliases?.functions ?? []) fn('aliases', f);
  const exceptions = exceptionsView(ctx);
  const base = exceptions.base;
  lines.push(typeof base === 'object' ? `exceptions.${base.name}(${base.parent})` : `exceptions.${pyBaseException(ir)}`);
  for (const c of exceptions.classes) lines.push(`exceptions.${c.name}(${c.bases}): kind = ${c.kind}`);
  // Model fields, with the names and annotations models.py is rendered with (views/models.ts).
  const ref = modelRef(ctx);
  for (const schema of ir.schemas) {
    const name = ctx.names.model.get(schema.name)!;
    const type = schema.type;
    if (type.kind === 'object' && type.properties.length > 0) {
      lines.push(`models.${name}(TypedDict)`);
      for (const p of type.properties) lines.push(`models.${name}.${p.name}: ${p.required ? '' : 'NotRequired['}${pyType(p.type, ref)}${p.required ? '' : ']'}`);
    } else {
      lines.push(`models.${name}: TypeAlias = ${pyType(type, ref)}`);
    }
  }
  const exported = [
    ...runtimeExports(ir),
    ...ir.errors.map((e) => ctx.names.exception.get(e.kind)!),
    ...ir.operations.map((op) => ctx.names.operation.get(op.id)!),
    ...ir.data.functions.map((f) => ctx.names.dataFunction.get(f.name)!),
    ...ctx.names.alias.values(),
    '__version__',
  ];
  for (const name of new Set(exported)) lines.push(`${ctx.pkg.importName}.${name}`);
  const hasData = ir.data.functions.length > 0;
  for (const setting of CONFIG_SETTINGS) {
    if (hasData || !DATA_CONFIG_SETTINGS.has(setting.slice(0, setting.indexOf(':')))) lines.push(`${ctx.pkg.importName}.config.${setting}`);
  }
  return [...new Set(lines)].sort();
}
