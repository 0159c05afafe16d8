/**
 * The one adapter between the IR and openapi-typescript (the TypeScript
 * type generator we use): it writes the IR back as a small OpenAPI 3.1
 * document holding only what types need (schemas, parameters, bodies,
 * responses, descriptions), so the TS emitter reads nothing but the IR.
 */
import { escapePointerToken } from '../../diagnostics.js';
import type { IR, IROperation, IRParam, IRType } from '../../ir/types.js';

type Json = Record<string, unknown>;

/** A schema's `$ref` as openapi-typescript writes and reads it (its path of the schema's components entry). */
export const refOf = (name: string) => `#/components/schemas/${escapePointerToken(name)}`;

/** An IR type as a JSON Schema (2020-12 dialect, as OpenAPI 3.1 uses). */
export function jsonSchemaOf(type: IRType): Json {
  switch (type.kind) {
    case 'string':
    case 'integer':
      return { type: type.kind, ...(type.format ? { format: type.format } : {}), ...(type.enum && type.enum.length > 0 ? { enum: [...type.enum] } : {}) };
    case 'number':
      return { type: 'number', ...(type.format ? { format: type.format } : {}) };
    case 'boolean':
    case 'null':
      return { type: type.kind };
    case 'unknown':
      return {};
    case 'array':
      return { type: 'array', items: jsonSchemaOf(type.items) };
    case 'ref':
      return { $ref: refOf(type.name) };
    case 'union':
      return { oneOf: type.variants.map(jsonSchemaOf) };
    case 'object': {
      const required = type.properties.filter((p) => p.required).map((p) => p.name);
      return {
        type: 'object',
        properties: Object.fromEntries(type.properties.map((p) => [p.name, withDoc(jsonSchemaOf(p.type), p.description, p.deprecated)])),
        ...(required.length > 0 ? { required } : {}),
        ...(type.additionalProperties ? { additionalProperties: jsonSchemaOf(type.additionalProperties) } : {}),
      };
    }
  }
}

/** A `$ref` cannot carry siblings for every tool: wrap it when it has a description. */
function withDoc(schema: Json, description: string, deprecated = false): Json {
  if (!description && !deprecated) return schema;
  const doc = { ...(description ? { description } : {}), ...(deprecated ? { deprecated: true } : {}) };
  return schema.$ref ? { allOf: [schema], ...doc } : { ...schema, ...doc };
}

function parameterOf(p: IRParam): Json {
  return {
    name: p.name,
    in: p.in,
    required: p.required,
    ...(p.description ? { description: p.description } : {}),
    ...(p.deprecated ? { deprecated: true } : {}),
    schema: { ...jsonSchemaOf(p.type), ...(p.default !== undefined ? { default: p.default } : {}) },
  };
}

function operationOf(op: IROperation): Json {
  return {
    operationId: op.id,
    ...(op.summary ? { summary: op.summary } : {}),
    ...(op.description ? { description: op.description } : {}),
    ...(op.deprecated ? { deprecated: true } : {}),
    ...(op.params.length > 0 ? { parameters: op.params.map(parameterOf) } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: op.body.required,
            ...(op.body.description ? { description: op.body.description } : {}),
            content: Object.fromEntries(op.body.media.map((m) => [m.type, { schema: jsonSchemaOf(m.schema) }])),
          },
        }
      : {}),
    responses: Object.fromEntries(op.responses.map((r) => [r.status, {
      description: r.description || r.status,
      ...(r.media.length > 0 ? { content: Object.fromEntries(r.media.map((m) => [m.type, { schema: jsonSchemaOf(m.schema) }])) } : {}),
    }])),
  };
}

/** The IR as the OpenAPI document openapi-typescript reads. */
export function openApiOf(ir: IR): Json {
  const paths: Record<string, Json> = {};
  for (const op of ir.operations) {
    paths[op.path] ??= {};
    paths[op.path]![op.httpMethod.toLowerCase()] = operationOf(op);
  }
  return {
    openapi: '3.1.0',
    info: { title: ir.info.title, version: ir.info.version },
    paths,
    components: {
      schemas: Object.fromEntries(ir.schemas.map((s) => [s.name, withDoc(jsonSchemaOf(s.type), s.description, s.deprecated)])),
    },
  };
}
