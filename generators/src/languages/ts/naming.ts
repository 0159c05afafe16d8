/** TypeScript's naming conventions and reserved words, in one place. */
import { camelCase, pascalCase, safeIdentifier, type NamingRules } from '../../emit/naming.js';
import type { Words } from '../../ir/types.js';
import { PROTOTYPE_KEYS } from '../../load/prototype-keys.js';
import { tsString } from './doc.js';

/** ECMAScript reserved words, strict-mode ones, and TypeScript's type keywords. */
const TS_RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with',
  'implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static', 'yield', 'await',
  'arguments', 'eval', 'undefined', 'any', 'boolean', 'number', 'string', 'symbol', 'never', 'unknown', 'object',
  'bigint', 'type',
]);

/** Variables, parameters and type names: reserved words get a trailing underscore. */
export const TS_IDENTIFIER_RULES: NamingRules = {
  language: 'TypeScript',
  reserved: TS_RESERVED,
  escapeReserved: (name) => `${name}_`,
};

/**
 * Properties and methods (`bd.datasets.delete()` is valid): only the names the runtime itself uses are off limits,
 * and Object.prototype's (a params object `{}` would not be assignable to `{ hasOwnProperty?: string }`).
 */
export const TS_MEMBER_RULES: NamingRules = {
  language: 'TypeScript',
  reserved: new Set(['http', 'prototype', 'then', '__proto__', ...PROTOTYPE_KEYS]),
  escapeReserved: (name) => `${name}_`,
};

export const tsVariableName = (words: Words): string => safeIdentifier(words, camelCase, TS_IDENTIFIER_RULES);
export const tsTypeName = (words: Words): string => safeIdentifier(words, pascalCase, TS_IDENTIFIER_RULES);

/** A property key as written in an object type or literal: bare when it is an identifier, quoted otherwise. */
export function tsPropertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : tsString(name);
}
