/**
 * IR types in R's terms: what a value is called in the help pages (R has no
 * annotations, so the docs carry the types), and the `type` a parameter
 * record gives the runtime's argument checks.
 */
import type { IRType, IRValueRules } from '../../ir/types.js';

/** The runtime's `type` of a parameter record (runtime-params.R); `any` for a value the spec gives no type. */
export function runtimeType(rules: IRValueRules): string {
  return rules.kind === 'unknown' ? 'any' : rules.kind;
}

/**
 * What to pass for an argument, in words, from its rules (its kind seen
 * through `$ref`s: an `Id` schema that is a string is "a string"). Plain
 * text, no markup: enum values are quoted as R would print them.
 */
export function rArgWords(rules: IRValueRules): string {
  if (rules.enum && rules.enum.length > 0) return `one of ${rules.enum.map((v) => (typeof v === 'string' ? JSON.stringify(v) : typeof v === 'boolean' ? String(v).toUpperCase() : String(v))).join(', ')}`;
  switch (rules.kind) {
    case 'string':
      return rules.format === 'path' ? 'a file path (a string)' : 'a string';
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'TRUE or FALSE';
    case 'array': {
      const items = rules.items?.kind;
      const vector = items === 'string' ? 'character' : items === 'integer' || items === 'number' ? 'numeric' : items === 'boolean' ? 'logical' : null;
      return vector ? `a ${vector} vector` : 'a list';
    }
    case 'object':
      return 'a named list';
    default:
      return 'any value';
  }
}

/**
 * What to pass for a value of `type`, in words (`a string`, `a whole number`,
 * `a character vector`), for an argument's help text.
 */
export function rTypeWords(type: IRType): string {
  switch (type.kind) {
    case 'string':
      if (type.format === 'path') return 'a file path (a string)';
      return type.enum && type.enum.length > 0 ? `one of ${type.enum.map((v) => JSON.stringify(v)).join(', ')}` : 'a string';
    case 'integer':
      return type.enum && type.enum.length > 0 ? `one of ${type.enum.join(', ')}` : 'a whole number';
    case 'number':
      return 'a number';
    case 'boolean':
      return '`TRUE` or `FALSE`';
    case 'null':
      return '`NULL`';
    case 'unknown':
      return 'any value';
    case 'ref':
      return `a ${type.name} (a named list)`;
    case 'array':
      return atomicItems(type.items) ? `a ${atomicItems(type.items)} vector` : 'a list';
    case 'object':
      return 'a named list';
    case 'union': {
      const variants = [...new Set(type.variants.filter((v) => v.kind !== 'null').map(rTypeWords))];
      return variants.length === 0 ? '`NULL`' : variants.join(' or ');
    }
  }
}

/** The atomic vector an array of these items is in R (`character`), or null when its items are not scalars. */
function atomicItems(type: IRType): string | null {
  switch (type.kind) {
    case 'string':
      return 'character';
    case 'integer':
    case 'number':
      return 'numeric';
    case 'boolean':
      return 'logical';
    case 'union': {
      const kinds = new Set(type.variants.filter((v) => v.kind !== 'null').map(atomicItems));
      return kinds.size === 1 ? [...kinds][0]! : null;
    }
    default:
      return null;
  }
}

/** What a call returns, in words, for its `\value` section. */
export function rResultWords(type: IRType): string {
  if (type.kind === 'ref') return `A ${type.name}, as a named list (JSON objects are named lists, arrays unnamed lists).`;
  if (type.kind === 'array') return 'A list (JSON arrays are unnamed lists).';
  if (type.kind === 'union' && type.variants.some((v) => v.kind === 'null')) return `${rResultWords({ kind: 'union', variants: type.variants.filter((v) => v.kind !== 'null') })} \`NULL\` when the body is \`null\`.`;
  return 'The parsed response body (JSON objects are named lists, arrays unnamed lists).';
}
