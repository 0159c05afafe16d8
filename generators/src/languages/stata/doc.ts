/**
 * Spec text in a Stata package, escaped once here per context so templates
 * never escape:
 *
 * - SMCL (`.sthlp`, `.pkg` and `stata.toc` lines): `{` and `}` open and close
 *   directives ([P] smcl), so they become `{c -(}` and `{c )-}`; nothing else is
 *   special. Spec text can therefore never add a directive (no `{stata ...}`
 *   link that runs a command, no `{browse}`), and Markdown code spans become
 *   `{cmd:...}`.
 * - ado comments (`*!` lines): one line (a line break would end the comment and
 *   run the rest), without what Stata or its editors read inside a comment:
 *   `///` and `/*` `*\/` (continuations and block comments), and macro quotes.
 * - Stata strings typed in a command (the help's examples): compound quotes,
 *   with `` ` `` and `$` escaped by a backslash so no macro is expanded.
 */
import { normalizeText, oneLine } from '../../emit/escape.js';

/** Text as literal SMCL: braces written as `{c -(}` and `{c )-}`. */
export function smclText(text: string): string {
  return text.replace(/[{}]/g, (brace) => (brace === '{' ? '{c -(}' : '{c )-}'));
}

/** One line of prose in SMCL: escaped, with Markdown code spans (`` `x` ``) as `{cmd:x}`. */
export function smclLine(text: string): string {
  const parts = oneLine(text).split('`');
  // An odd count of backticks leaves the last one unpaired: it stays a literal backtick.
  return parts
    .map((part, i) => (i % 2 === 0 ? smclText(part) : i < parts.length - 1 ? `{cmd:${smclText(part)}}` : `\`${smclText(part)}`))
    .join('');
}

/** Paragraphs of SMCL prose (a blank line starts a new one), each `{pstd}...{p_end}`. */
export function smclParagraphs(text: string, directive = 'pstd'): string {
  return normalizeText(text)
    .split(/\n\s*\n/)
    .map((p) => smclLine(p))
    .filter((p) => p !== '')
    .map((p) => `{${directive}}\n${p}\n{p_end}`)
    .join('\n\n');
}

/** `{cmd:...}` of literal text, for the rules of a value (patterns hold braces). */
export const smclCode = (text: string): string => `{cmd:${smclText(oneLine(text))}}`;

/**
 * Text for a `*` comment line of an ado-file: one line; backticks and `$`
 * dropped (Markdown code marks, never macros), and `//`, `/*`, `*\/` broken up
 * so no continuation or block comment can start inside it.
 */
export function adoComment(text: string): string {
  let line = oneLine(text).replace(/[`$]/g, '');
  for (;;) {
    const next = line.replace(/\/(?=[/*])/g, '/ ').replace(/\*(?=\/)/g, '* ');
    if (next === line) return line;
    line = next;
  }
}

/**
 * A Stata string as typed in a command: `"text"`, or compound quotes
 * (`` `"text"' ``) when it holds a double quote; `` ` `` and `$` are escaped
 * (`` \` ``, `\$`) so Stata expands no macro. Null when no Stata string can
 * hold the text: a line break, or `"'`, which would close a compound quote.
 */
export function stataString(text: string): string | null {
  const normalized = normalizeText(text);
  if (normalized.includes('\n') || normalized.includes(`"'`)) return null;
  const escaped = normalized.replace(/[`$]/g, (c) => `\\${c}`);
  return normalized.includes('"') ? `\`"${escaped}"'` : `"${escaped}"`;
}

/** An option's argument in an example: bare when it is one plain word, else a Stata string. */
export function optionArgument(text: string): string | null {
  return /^[A-Za-z0-9_.\-/:]+$/.test(text) ? text : stataString(text);
}
