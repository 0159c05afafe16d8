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
      const extra = type.additionalProperties ? tsType(type.additionalProperties, ref) : undefined;
      // Every property must fit an index signature of the same object (an optional one is `T | undefined`),
      // so a narrower one goes in an intersection, as openapi-typescript writes it.
      if (extra !== undefined && extra !== 'unknown' && members.length > 0) return `{ ${members.join('; ')} } & { [key: string]: ${extra} }`;
      if (extra !== undefined) members.push(`[key: string]: ${extra}`);
      return members.length === 0 ? 'Record<string, never>' : `{ ${members.join('; ')} }`;
    }
  }
}
