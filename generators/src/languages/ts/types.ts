/** IR types -> TypeScript type expressions. */
import type { IRType } from '../../ir/types.js';
import { tsString } from './doc.js';
import { tsPropertyKey } from './naming.js';

/** Resolves a component schema's name to the TypeScript type that stands for it. */
export type TsRefResolver = (schemaName: string) => string;

export function tsType(type: IRType, ref: TsRefResolver): string {
  switch (type.kind) {
    case 'string':
      return type.enum && type.enum.length > 0 ? type.enum.map((v) => tsString(v)).join(' | ') : 'string';
    case 'integer':
      return type.enum && type.enum.length > 0 ? type.enum.map(String).join(' | ') : 'number';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'unknown':
      return 'unknown';
    case 'ref':
      return ref(type.name);
    case 'array': {
      const item = tsType(type.items, ref);
      return /^[A-Za-z0-9_$.]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
    }
    case 'union':
      return type.variants.map((v) => tsType(v, ref)).join(' | ');
    case 'object': {
      const members = type.properties.map((p) => `${tsPropertyKey(p.name)}${p.required ? '' : '?'}: ${tsType(p.type, ref)}`);
      if (type.additionalProperties) members.push(`[key: string]: ${tsType(type.additionalProperties, ref)}`);
      return members.length === 0 ? 'Record<string, never>' : `{ ${members.join('; ')} }`;
    }
  }
}
