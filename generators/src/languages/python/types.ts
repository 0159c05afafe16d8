/** IR types -> Python type annotations. */
import type { IRType } from '../../ir/types.js';
import { pyNumber, pyString } from './doc.js';

/** The Python name that stands for a component schema (`Dataset`). */
export type PyRefResolver = (schemaName: string) => string;

/**
 * The annotation of a value of `type`. Objects written inline (not a named
 * schema) have no class of their own, so they are `dict[str, Any]` (or
 * `dict[str, T]` when only `additionalProperties` says what they hold);
 * `None` comes last in a union, as Python code usually writes it.
 */
export function pyType(type: IRType, ref: PyRefResolver): string {
  switch (type.kind) {
    case 'string':
      if (type.enum && type.enum.length > 0) return `Literal[${type.enum.map(pyString).join(', ')}]`;
      // A file path (the spec's `format: path`): pathlib users pass Path objects.
      return type.format === 'path' ? 'str | os.PathLike[str]' : 'str';
    case 'integer':
      return type.enum && type.enum.length > 0 ? `Literal[${type.enum.map(pyNumber).join(', ')}]` : 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'null':
      return 'None';
    case 'unknown':
      return 'Any';
    case 'ref':
      return ref(type.name);
    case 'array':
      return `list[${pyType(type.items, ref)}]`;
    case 'object':
      if (type.properties.length === 0 && type.additionalProperties) return `dict[str, ${pyType(type.additionalProperties, ref)}]`;
      return 'dict[str, Any]';
    case 'union': {
      const variants = [...new Set(type.variants.map((v) => pyType(v, ref)))];
      const ordered = [...variants.filter((v) => v !== 'None'), ...variants.filter((v) => v === 'None')];
      return ordered.length === 0 ? 'Any' : ordered.join(' | ');
    }
  }
}

/** `T | None` for an optional value, unless `T` already admits None. */
export function pyOptional(annotation: string): string {
  return annotation === 'None' || annotation === 'Any' || /(^| )None( |$)/.test(annotation) ? annotation : `${annotation} | None`;
}

const TYPING_NAMES: readonly (readonly [string, RegExp])[] = [['Any', /\bAny\b/], ['Literal', /\bLiteral\b/]];

/** The typing names an annotation uses, so the module imports exactly those. */
export function typingNamesIn(annotation: string): string[] {
  return TYPING_NAMES.filter(([, pattern]) => pattern.test(annotation)).map(([name]) => name);
}
