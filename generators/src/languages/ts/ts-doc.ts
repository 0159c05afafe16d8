/** TSDoc comments and TypeScript literals, escaped once here so templates never escape. */

/**
 * A TSDoc block at `indent`. `*\/` inside the text would end the comment
 * early, so it is broken up; blank paragraphs are kept.
 */
export function tsDoc(paragraphs: readonly (string | undefined)[], indent = ''): string {
  const lines = paragraphs
    .filter((p): p is string => p !== undefined && p.trim() !== '')
    .flatMap((p, i) => [...(i > 0 ? [''] : []), ...p.trim().replace(/\*\//g, '*\\/').split('\n')]);
  if (lines.length === 0) return '';
  return [`${indent}/**`, ...lines.map((l) => (l.trim() === '' ? `${indent} *` : `${indent} * ${l.trimEnd()}`)), `${indent} */`].join('\n');
}

/** A string as a single-quoted TypeScript literal, the quote style of the rest of the SDK. */
export function tsString(text: string): string {
  const json = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${json}'`;
}

/**
 * A value as a TypeScript literal, laid out for reading: objects one member
 * per line with identifier keys bare, arrays of scalars on one line.
 * `indent` is the indentation of the line the literal starts on.
 */
export function tsLiteral(value: unknown, indent = ''): string {
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
