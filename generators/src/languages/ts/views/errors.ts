/**
 * `src/generated/errors.ts`: one error class per kind of the spec's
 * `x-bd-errors`, so `catch (e) { if (e instanceof NotFoundError) ... }` works
 * for any spec; the runtime builds them from the error table.
 */
import type { IR } from '../../../ir/types.js';
import { tsDoc, tsString } from '../doc.js';
import type { TsNames } from '../names.js';

export function errorsView(ir: IR, names: TsNames) {
  return {
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
