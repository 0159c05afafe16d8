// Validates request parameters against the spec itself: each parameter's schema
// is compiled by ajv (JSON Schema 2020-12) straight from the loaded document, so
// an error names the JSON pointer of the constraint it broke.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { Spec, SpecOperation, SpecParameter } from '../spec/load.js';

export interface InvalidParam {
  name: string;
  in: 'path' | 'query';
  reason: string;
  pointer: string;
}

const SPEC_ID = 'https://local.datalake/spec.json';

export class ParameterValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(spec: Spec) {
    // strict: false because the document also holds OpenAPI keywords (`in`,
    // `example`, `x-bd-*`); inlineRefs: false keeps error paths on the $ref target.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, inlineRefs: false, validateFormats: false });
    this.ajv.addSchema({ $id: SPEC_ID, components: spec.document.components, paths: spec.document.paths });
  }

  private validator(param: SpecParameter): ValidateFunction {
    let v = this.compiled.get(param.schemaTarget);
    if (!v) {
      v = this.ajv.compile({ $ref: `${SPEC_ID}${param.schemaTarget}` });
      this.compiled.set(param.schemaTarget, v);
    }
    return v;
  }

  /**
   * Coerces raw strings to the schema's type, applies defaults, validates.
   * Returns the values by name and the broken constraints.
   */
  validate(
    op: SpecOperation,
    pathValues: Record<string, string>,
    query: URLSearchParams,
  ): { values: Record<string, unknown>; errors: InvalidParam[] } {
    const values: Record<string, unknown> = {};
    const errors: InvalidParam[] = [];
    for (const param of op.parameters) {
      if (param.in !== 'path' && param.in !== 'query') continue;
      const raw = param.in === 'path' ? pathValues[param.name] : (query.get(param.name) ?? undefined);
      if (raw === undefined) {
        if (param.required) {
          errors.push({ name: param.name, in: param.in, reason: 'is required', pointer: `${param.schemaPointer.replace(/\/schema$/, '')}/required` });
        } else if (param.schema.default !== undefined) values[param.name] = param.schema.default;
        continue;
      }
      const value = coerce(raw, param.schema);
      const validate = this.validator(param);
      if (validate(value)) {
        values[param.name] = value;
        continue;
      }
      for (const err of validate.errors ?? []) {
        errors.push({
          name: param.name,
          in: param.in,
          reason: err.message ?? 'is invalid',
          pointer: specPointer(err.schemaPath, param.schemaTarget),
        });
      }
    }
    return { values, errors };
  }
}

/**
 * ajv reports a path inside the spec document (`<id>#/components/schemas/Id/pattern`)
 * for constraints reached through a $ref, and a path relative to the compiled
 * schema, the end of the parameter's $ref chain (`#/maximum`), otherwise: both
 * become pointers into the spec.
 */
function specPointer(schemaPath: string, schemaTarget: string): string {
  const path = schemaPath.startsWith(SPEC_ID) ? schemaPath.slice(SPEC_ID.length) : schemaPath;
  if (path.startsWith('#/components/') || path.startsWith('#/paths/')) return path;
  return `${schemaTarget}${path.slice(1)}`;
}

/** Query and path values are text: read integers, numbers and booleans when the schema wants them. */
function coerce(raw: string, schema: Record<string, unknown>): unknown {
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw.trim())) {
    return Number(raw);
  }
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}
