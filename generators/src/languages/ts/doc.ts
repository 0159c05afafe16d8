/** TSDoc comments and TypeScript literals, escaped once here so templates never escape. */
import { lineComment, textLines } from '../../emit/escape.js';

/**
 * A TSDoc block at `indent`. `*\/` inside the text would end the comment
 * early, so it is broken up; blank paragraphs are kept.
 */
export function tsDoc(paragraphs: readonly (string | undefined)[], indent = ''): string {
  const lines = paragraphs
    .filter((p): p is string => p !== undefined && p.trim() !== '')
    .flatMap((p, i) => [...(i > 0 ? [''] : []), ...textLines(p.trim()).map((l) => l.replace(/\*\//g, '*\\/'))]);
  if (lines.length === 0) return '';
  return [`${indent}/**`, ...lines.map((l) => (l.trim() === '' ? `${indent} *` : `${indent} * ${l.trimEnd()}`)), `${indent} */`].join('\n');
}

/**
 * A string as a single-quoted TypeScript literal, the quote style of the rest
 * of the SDK. JSON escapes quotes, backslashes and controls; U+2028/U+2029 and
 * lone surrogates are escaped too, so no editor or older parser sees a line end.
 */
export function tsString(text: string): string {
  const json = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${json.replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}'`;
}

/** A `//` comment of any text: every line, whatever ended it, starts with `//`. */
export function tsLineComment(text: string, indent = ''): string {
  return lineComment(text, '//', indent);
}

/** `OPERATIONS.listDatasets`, or `OPERATIONS['repos/get']` for a key that is not an identifier. */
export function tsMember(object: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${object}.${key}` : `${object}[${tsString(key)}]`;
}

/** An expression (an identifier the emitter planned) that {@link tsLiteral} writes as it is. */
export class TsCode {
  constructor(readonly code: string) {}
}

/**
 * A value as a TypeScript literal, laid out for reading: objects one member
 * per line with identifier keys bare, arrays of scalars on one line.
 * `indent` is the indentation of the line the literal starts on.
 */
export function tsLiteral(value: unknown, indent = ''): string {
  if (value instanceof TsCode) return value.code;
  if (typeof value === 'string') return tsString(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => tsLiteral(v)).join(', ')}]`;
    return `[\n${value.map((v) => `${inner}${tsLiteral(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const key = (k: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : tsString(k));
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${tsLiteral(v, inner)},`).join('\n')}\n${indent}}`;
}
