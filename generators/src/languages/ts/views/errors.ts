/**
 * `src/generated/errors.ts`: one error class per kind of the spec's
 * `x-bd-errors`, so `catch (e) { if (e instanceof NotFoundError) ... }` works
 * for any spec; the runtime builds them from the error table.
 */
import type { IR } from '../../../ir/types.js';
import { tsDoc, tsString } from '../doc.js';
import { RUNTIME_ERROR_BASE, type TsNames } from '../names.js';

export function errorsView(ir: IR, names: TsNames) {
  const renamed = names.errorBase !== RUNTIME_ERROR_BASE;
  return {
    errorBase: names.errorBase,
    baseImport: renamed ? `${RUNTIME_ERROR_BASE} as ${names.errorBase}` : RUNTIME_ERROR_BASE,
    // Our own package's index exports the runtime's base itself.
    baseExport: renamed ? tsDoc([`The base class of every error of ${ir.brand.name}'s client: \`catch (e) { if (e instanceof ${names.errorBase}) ... }\`.`]) : false,
    classes: ir.errors.map((e) => {
      const when = [
        e.statuses.length > 0 ? `HTTP ${e.statuses.join(', ')}` : '',
        e.bigqueryReasons.length > 0 ? `BigQuery reason ${e.bigqueryReasons.map((r) => `\`${r}\``).join(', ')}` : '',
      ].filter(Boolean);
      return {
        doc: tsDoc([
          e.description || `An error of kind \`${e.kind}\`.`,
          when.length > 0 ? `Raised for ${when.join('; ')} (the spec's \`x-bd-errors\`).` : "Raised by the runtime itself (the spec's `x-bd-errors`).",
        ]),
        name: names.errorClass.get(e.kind)!,
        kind: tsString(e.kind),
        nameLiteral: tsString(names.errorClass.get(e.kind)!),
      };
    }),
  };
}
