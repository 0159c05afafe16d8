/**
 * The R package's API surface (`API.txt`): every exported function with its
 * formals and defaults (the functions the emitter writes, from the same
 * views), the runtime's exports, the options the package reads and its
 * condition classes.
 */
import type { IR } from '../../ir/types.js';
import { createContext } from './context.js';
import { R_OPTIONS, runtimeExports } from './runtime-contract.js';
import { conditionClass, errorClass, type RFunction } from './sections.js';
import { aliasFunctions } from './views/aliases.js';
import { catalogueFiles } from './views/catalogue.js';
import { dataFunctions } from './views/data.js';

const signature = (fn: RFunction): string =>
  `${fn.name}(${fn.args.map((a) => (a.default === null ? a.label : `${a.label} = ${a.default}`)).join(', ')})`;

/** The options a package of this spec reads (runtime-contract.ts). */
function optionsRead(ir: IR, hasData: boolean): string[] {
  const reads = { environments: ir.environments.length > 0, data: hasData, security: ir.securitySchemes.length > 0 };
  return R_OPTIONS.filter((o) => o.when === undefined || reads[o.when]).map((o) => o.name);
}

export function rSurface(ir: IR): string[] {
  const ctx = createContext(ir);
  const functions = [...[...catalogueFiles(ctx).values()].flat(), ...dataFunctions(ctx), ...aliasFunctions(ctx)];
  const lines = functions.map((fn) => `export ${signature(fn)}`);
  for (const name of runtimeExports(ctx.hasData)) lines.push(`export ${name}`);
  for (const option of optionsRead(ir, ctx.hasData)) lines.push(`option ${ctx.pkg.name}.${option}`);
  const conditions = [errorClass(ctx), ...ir.errors.map((e) => conditionClass(ctx, e.kind)), conditionClass(ctx, 'unknown')];
  for (const condition of conditions) lines.push(`condition ${condition}`);
  return [...new Set(lines)].sort();
}
