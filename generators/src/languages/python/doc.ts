/** Python string literals, docstrings (NumPy style) and literals, escaped once here so templates never escape. */
import { lineComment, normalizeText, quotedLiteral, u4 } from '../../emit/escape.js';
import { append } from '../../emit/append.js';

/** A string as a double-quoted Python literal: backslashes, quotes and control characters escaped; other text kept. */
export function pyString(text: string): string {
  return quotedLiteral(text, (char, code) => {
    if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
    // Line and paragraph separators are line breaks to some editors; surrogates cannot be encoded.
    if (code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code <= 0xdfff)) return u4(code);
    return char;
  });
}

/** A string as a TOML basic string (`pyproject.toml`): TOML has no `\x` escape, so control characters are `\u`. */
export function tomlString(text: string): string {
  return quotedLiteral(text, (char, code) => (code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff) ? u4(code) : char));
}

/** A JavaScript number as a Python literal (`6.25`, `100000`, `1e+21`). */
export function pyNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} has no Python literal`);
  return String(value);
}

/**
 * A JSON value as a Python expression: `None`/`True`/`False`, numbers, strings,
 * lists as tuples (the generated constants are immutable), objects as dicts.
 */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return pyTuple(value.map(pyLiteral));
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyString(k)}: ${pyLiteral(v)}`);
  return `{${entries.join(', ')}}`;
}

/** A tuple display from already-rendered items: `()`, `(a,)`, `(a, b)`. */
export function pyTuple(items: readonly string[]): string {
  if (items.length === 0) return '()';
  if (items.length === 1) return `(${items[0]},)`;
  return `(${items.join(', ')})`;
}

const MAX_LINE = 110;

/**
 * A call with keyword arguments, `Name(a=1, b=2)`, on one line when it fits
 * after `indent` (the indentation of the line it starts on), else one argument
 * per line with a trailing comma. Each value is a function of the indentation
 * of its own line, so nested calls lay themselves out.
 */
export function pyCall(callee: string, args: readonly (readonly [string, (indent: string) => string])[], indent = ''): string {
  const inner = `${indent}    `;
  const flat = args.map(([k, v]) => `${k}=${v(inner)}`);
  const oneLine = `${callee}(${flat.join(', ')})`;
  if (!oneLine.includes('\n') && indent.length + oneLine.length <= MAX_LINE) return oneLine;
  return `${callee}(\n${args.map(([k, v]) => `${inner}${k}=${v(inner)},`).join('\n')}\n${indent})`;
}

/** A tuple of rendered items, on one line when it fits, else one item per line. */
export function pyTupleBlock(items: readonly ((indent: string) => string)[], indent = ''): string {
  const inner = `${indent}    `;
  const flat = pyTuple(items.map((item) => item(inner)));
  if (!flat.includes('\n') && indent.length + flat.length <= MAX_LINE) return flat;
  return `(\n${items.map((item) => `${inner}${item(inner)},`).join('\n')}\n${indent})`;
}

/**
 * Markdown inline code (`x`) as reStructuredText literals (``x``), the markup
 * of Python docstrings. Spans are taken left to right; double-backtick literals
 * and Sphinx roles (:class:`Page`) are left alone.
 */
export function restInline(text: string): string {
  return text.replace(/``[^`\n]+``|(:[\w.:-]+:)?`([^`\n]+)`/g, (match, role: string | undefined, code: string | undefined) =>
    role !== undefined || code === undefined ? match : `\`\`${code}\`\``,
  );
}

/**
 * Escapes text for the inside of a `"""` docstring: a backslash, and the third
 * quote of `"""` (which would close it early), as named escapes. They read the
 * same in `help()`; `\\` would make pydocstyle ask for a raw docstring (D301),
 * which could not hold `"""` at all. Line breaks of every kind become LF first.
 */
export function escapeDocstringText(text: string): string {
  return normalizeText(text).replace(/\\/g, '\\N{REVERSE SOLIDUS}').replace(/"""/g, '""\\N{QUOTATION MARK}');
}

/** One NumPy-style docstring section, e.g. `Parameters` with `name : type` entries and indented descriptions. */
export interface DocSection {
  readonly title: string;
  /** Entries of a field list (Parameters, Returns, Raises): a head line and its description. */
  readonly entries?: readonly { readonly head: string; readonly text?: string }[];
  /** Free text lines (Examples, Notes). */
  readonly lines?: readonly string[];
}

/** NumPy docstring section names: a line of spec text that is one would start a section pydocstyle checks. */
const SECTION_LIKE = /^\s*(attributes|examples?|extended summary|methods|notes?|other param(s|eters)|parameters|raises|receives|references|returns?|see also|short summary|warnings?|warns|yields?)\s*:?\s*$/i;

/** The spec's text, escaped; a line that reads like a section name (`Examples:`) is bold, so it stays prose. */
function docText(text: string): string {
  return escapeDocstringText(restInline(normalizeText(text.trim())))
    .split('\n')
    .map((line) => (SECTION_LIKE.test(line) ? line.replace(/^(\s*)(.*?)\s*$/, '$1**$2**') : line))
    .join('\n');
}

/**
 * A NumPy-style docstring at `indent`: a summary line, the extended description,
 * then the sections. The summary starts with a capital (D403) and ends with a
 * period, a question or an exclamation mark (D415); every text is escaped so
 * the docstring cannot end early or hold a stray escape.
 */
export function pyDocstring(summary: string, description: string | undefined, sections: readonly DocSection[], indent = ''): string {
  const clean = docText;
  let first = clean(summary).split('\n').map((l) => l.trim()).join(' ').replace(/^[a-z]/, (c) => c.toUpperCase()) || 'Undocumented.';
  if (!/[.!?]$/.test(first)) first = `${first.replace(/[:;,]$/, '')}.`;
  const body: string[] = [];
  const paragraph = (text: string | undefined) => {
    if (!text || text.trim() === '') return;
    append(body, [''], clean(text).split('\n').map((l) => l.trimEnd()));
  };
  if (description && description.trim() !== summary.trim()) paragraph(description);
  for (const section of sections) {
    const entries = section.entries ?? [];
    const lines = section.lines ?? [];
    if (entries.length === 0 && lines.length === 0) continue;
    body.push('', section.title, '-'.repeat(section.title.length));
    for (const entry of entries) {
      body.push(clean(entry.head));
      if (entry.text && entry.text.trim() !== '') append(body, clean(entry.text).split('\n').map((l) => (l.trim() === '' ? '' : `    ${l.trim()}`)));
    }
    append(body, lines.flatMap((l) => escapeDocstringText(normalizeText(l)).split('\n').map((x) => x.trimEnd())));
  }
  // `first` ends with . ! or ?, never a quote, so `"""` after it cannot make four quotes.
  if (body.length === 0) return `${indent}"""${first}"""`;
  const rendered = [first, ...body].map((line, i) => (i === 0 || line === '' ? line : `${indent}${line}`));
  return `${indent}"""${rendered.join('\n')}\n${indent}"""`;
}

/** A `#` comment block at `indent`: every line, whatever ended it (CR ends a Python line too), starts with `#`. */
export function pyComment(text: string, indent = ''): string {
  return lineComment(text, '#', indent);
}
