/**
 * Spec text into R, escaped once here so templates never escape: R string
 * literals (ASCII only, so `R CMD check` finds no non-ASCII R code), R
 * literals of JSON values, Rd text (`%`, `\`, braces), Rd code (`\usage`,
 * `\examples`), roxygen comments (`@` at a line start) and `#` comments.
 * Every helper starts from escape.ts, which turns every line terminator any
 * language knows into LF and drops other control characters.
 */
import { lineComment, normalizeText, oneLine, quotedLiteral, u4 } from '../../emit/escape.js';
import { isSyntacticName } from './naming.js';

/**
 * What R's parser (gram.y) holds: a bare name of 8,190 bytes at most (its
 * token buffer), any name 10,000 bytes ("variable names are limited to 10000
 * bytes"), a string literal with `\u` escapes under 10,000 characters.
 * Kept well inside each.
 */
export const R_PARSER_LIMITS = { bareNameBytes: 8_000, nameBytes: 9_000, escapedStringChars: 4_096 } as const;

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * One double-quoted R literal: `\`, `"` and control characters escaped,
 * everything outside ASCII as `\u` escapes (R source stays ASCII), control
 * characters too (R refuses a string mixing `\x` and `\u` escapes). R
 * strings cannot hold NUL or lone surrogates: those become U+FFFD.
 */
function rLiteralString(text: string): string {
  return quotedLiteral(text, (char, code) => {
    if (code === 0 || (code >= 0xd800 && code <= 0xdfff)) return '\\ufffd';
    if (code < 0x20 || code === 0x7f) return u4(code);
    if (code < 0x80) return char;
    return code <= 0xffff ? u4(code) : `\\U{${code.toString(16)}}`;
  });
}

/**
 * A string as an R expression: one literal, or (text with escapes too long
 * for one literal) `paste0()` of literals of at most
 * `R_PARSER_LIMITS.escapedStringChars` characters each.
 */
export function rString(text: string): string {
  const chars = [...text];
  if (chars.length <= R_PARSER_LIMITS.escapedStringChars || /^[\x20-\x7e]*$/.test(text)) return rLiteralString(text);
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += R_PARSER_LIMITS.escapedStringChars) pieces.push(rLiteralString(chars.slice(i, i + R_PARSER_LIMITS.escapedStringChars).join('')));
  return `paste0(${pieces.join(', ')})`;
}

/** A JavaScript number as an R numeric literal (`404`, `6.25`, `1e+21`). */
export function rNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} has no R literal here`);
  return String(value);
}

/**
 * A name as R writes it where a name goes (`list(name = ...)`): bare when
 * syntactic, else a string; undefined when R cannot hold it as a name
 * (`R_PARSER_LIMITS`), where only `rNamedList` can give it.
 */
export function rTag(name: string): string | undefined {
  const bytes = utf8Bytes(name);
  if (isSyntacticName(name) && bytes <= R_PARSER_LIMITS.bareNameBytes) return name;
  return bytes <= R_PARSER_LIMITS.nameBytes ? rLiteralString(name) : undefined;
}

/**
 * `list(name = value, ...)` (one entry per line after `indent` when given);
 * when a name is longer than R can parse as one, the names come as a
 * character vector instead: `structure(list(value, ...), names = c(...))`.
 */
export function rNamedList(entries: readonly (readonly [name: string, value: string])[], indent?: string): string {
  if (entries.length === 0) return 'structure(list(), names = character())';
  const tags = entries.map(([name]) => rTag(name));
  const lay = (items: readonly string[]) => (indent === undefined ? items.join(', ') : `\n${items.map((item) => `${indent}  ${item}`).join(',\n')}\n${indent}`);
  if (tags.every((tag) => tag !== undefined)) return `list(${lay(entries.map(([, value], i) => `${tags[i]} = ${value}`))})`;
  return `structure(list(${lay(entries.map(([, value]) => value))}), names = ${rStrings(entries.map(([name]) => name))})`;
}

/**
 * A JSON value as an R expression: `NULL`, `TRUE`/`FALSE`, numbers, strings;
 * an array of scalars of one type is an atomic vector (`c("a", "b")`), any
 * other array a `list()`; an object a named `list()`.
 */
export function rLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return rNumber(value);
  if (typeof value === 'string') return rString(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return 'list()';
    const kinds = new Set(value.map((v) => (v === null ? 'null' : typeof v)));
    const atomic = kinds.size === 1 && ['string', 'number', 'boolean'].includes([...kinds][0]!);
    return atomic ? `c(${value.map(rLiteral).join(', ')})` : `list(${value.map(rLiteral).join(', ')})`;
  }
  return rNamedList(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, rLiteral(v)]));
}

/** A character vector literal: `character()` when empty. */
export function rStrings(values: readonly string[]): string {
  return values.length === 0 ? 'character()' : values.length === 1 ? rString(values[0]!) : `c(${values.map(rString).join(', ')})`;
}

/** A numeric vector literal: `numeric()` when empty. */
export function rNumbers(values: readonly number[]): string {
  return values.length === 0 ? 'numeric()' : values.length === 1 ? rNumber(values[0]!) : `c(${values.map(rNumber).join(', ')})`;
}

/** Text for Rd's LaTeX-like sections (titles, descriptions, `\item`s): its four specials escaped. */
export function rdEscape(text: string): string {
  return normalizeText(text).replace(/[\\%{}]/g, (c) => `\\${c}`);
}

/**
 * Literal text in code type. `\code{}` is R-like inside, where a quote
 * starts a string that may run past the closing brace; text holding a quote,
 * a backtick or a backslash goes in `\verb{}`, which is verbatim. Both are
 * escaped like any Rd text, braces too, so the text cannot close them.
 */
export function rdCodeSpan(text: string): string {
  const inner = rdEscape(oneLine(text));
  return /["'`\\]/.test(text) ? `\\verb{${inner}}` : `\\code{${inner}}`;
}

/** Spec text (Markdown) as Rd text: `code` spans in code type (rdCodeSpan), the rest escaped. */
export function rdText(text: string): string {
  const parts = normalizeText(text.trim()).split(/(`[^`\n]+`)/);
  return parts.map((part) => (/^`[^`\n]+`$/.test(part) ? rdCodeSpan(part.slice(1, -1)) : rdEscape(part))).join('');
}

/** Spec text on one line, as Rd text (a title, a table cell). */
export function rdLine(text: string): string {
  return rdText(oneLine(text));
}

/**
 * R code inside Rd's R-like sections (`\usage`, `\examples`): `\` and `%`
 * escaped. Braces need no escape there: generated code balances them, and
 * inside quoted strings (where spec text goes, through `rString`) Rd
 * accepts unbalanced ones.
 */
export function rdCode(code: string): string {
  return code.replace(/[\\%]/g, (c) => `\\${c}`);
}

/**
 * Rd text as the text of a roxygen comment: roxygen copies it into the Rd
 * as it is (markdown off), except that `@` starts a tag, so every `@` is
 * written `@@`, which roxygen reads as one `@`.
 */
export function roxygenText(rd: string): string {
  return rd.replace(/@/g, '@@');
}

/** Lines as a roxygen block: every line starts with `#'`, blank ones too, and so does each line of a text that holds line breaks. */
export function roxygenLines(lines: readonly string[]): string {
  return lines.flatMap((line) => normalizeText(line).split('\n')).map((line) => (line === '' ? "#'" : `#' ${line}`)).join('\n');
}

/** A `#` comment block: every line, whatever ended it (CR ends an R line too), starts with `#`. */
export function rComment(text: string, indent = ''): string {
  return lineComment(text, '#', indent);
}

/** A call laid out on one line when it fits in `width` after `indent`, else one argument per line. */
export function rCall(callee: string, args: readonly string[], indent = '', width = 100): string {
  const flat = `${callee}(${args.join(', ')})`;
  if (indent.length + flat.length <= width && !flat.includes('\n')) return flat;
  const inner = `${indent}  `;
  return `${callee}(\n${args.map((a) => `${inner}${a}`).join(',\n')}\n${indent})`;
}
