/**
 * The rules a runtime checks, in words, for docs: one sentence list per
 * value, the same in every language; `code` wraps literals in the
 * language's markup (Markdown backticks, reST double backticks, SMCL).
 */
import type { IRValueRules, JsonValue } from '../ir/types.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function rulesInWords(rules: IRValueRules, code: (text: string) => string): string {
  const parts: string[] = [];
  if (rules.pattern !== undefined) parts.push(`Must match ${code(rules.pattern)}.`);
  const min = rules.minimum ?? rules.exclusiveMinimum;
  const max = rules.maximum ?? rules.exclusiveMaximum;
  if (min !== undefined && max !== undefined) parts.push(`From ${min} to ${max}${rules.exclusiveMinimum !== undefined || rules.exclusiveMaximum !== undefined ? ' (bounds excluded where marked exclusive)' : ''}.`);
  else if (min !== undefined) parts.push(rules.exclusiveMinimum !== undefined ? `Greater than ${min}.` : `At least ${min}.`);
  else if (max !== undefined) parts.push(rules.exclusiveMaximum !== undefined ? `Less than ${max}.` : `At most ${max}.`);
  if (rules.pattern === undefined) {
    if (rules.minLength !== undefined && rules.maxLength !== undefined) parts.push(`${rules.minLength} to ${plural(rules.maxLength, 'character')}.`);
    else if (rules.minLength !== undefined) parts.push(`At least ${plural(rules.minLength, 'character')}.`);
    else if (rules.maxLength !== undefined) parts.push(`At most ${plural(rules.maxLength, 'character')}.`);
  }
  if (rules.minItems !== undefined) parts.push(`At least ${plural(rules.minItems, 'item')}.`);
  if (rules.maxItems !== undefined) parts.push(`At most ${plural(rules.maxItems, 'item')}.`);
  if (rules.items?.pattern !== undefined) parts.push(`Each must match ${code(rules.items.pattern)}.`);
  return parts.join(' ');
}

/** A value to show in an example call: the spec's example, else its default, else a plausible value of its kind. */
export function exampleValue(arg: { readonly name: string; readonly example?: JsonValue; readonly default?: JsonValue; readonly rules: IRValueRules }): JsonValue {
  if (arg.example !== undefined) return arg.example;
  if (arg.default !== undefined) return arg.default;
  const r = arg.rules;
  if (r.enum && r.enum.length > 0) return r.enum[0]!;
  switch (r.kind) {
    case 'integer':
    case 'number':
      return r.minimum ?? (r.exclusiveMinimum !== undefined ? r.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return arg.name;
  }
}
