/** `src/generated/models.ts`: one named type per schema, an alias of openapi-typescript's. */
import type { IR } from '../../../ir/types.js';
import { tsDoc, tsString } from '../doc.js';
import type { TsNames } from '../names.js';

export function modelsView(ir: IR, names: TsNames) {
  return {
    models: ir.schemas.map((s) => ({
      doc: tsDoc([s.description || `The ${s.name} schema of the spec.`, s.deprecated ? '@deprecated' : undefined]),
      name: names.model.get(s.name)!,
      key: tsString(s.name),
    })),
  };
}
