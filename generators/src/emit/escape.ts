/**
 * What every escaping helper starts from. Spec text is hostile: a title with
 * a line break would end a `//` comment and run the rest as code. Languages
 * disagree on what ends a line (JavaScript: LF, CR, U+2028, U+2029; Python:
 * LF, CR; R and Stata: LF, CR), so every helper first turns every line
 * terminator any of them knows into LF, and drops the other control
 * characters, then applies its own context's rules (`*\/` in a block comment,
 * `"""` in a docstring, `%` in roxygen, braces in SMCL).
 */

/** CR LF, CR, NEL, LS, PS, VT, FF: line breaks in some language or editor. */
const LINE_BREAKS = /\r\n|[\r\u0085\u2028\u2029\v\f]/g;
/** C0 controls but tab and LF, DEL, C1 controls, and lone surrogates. */
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f\u0080-\u0084\u0086-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text with every line break as LF and no other control character (tabs kept). */
export function normalizeText(text: string): string {
  return text.replace(LINE_BREAKS, '\n').replace(CONTROLS, '');
}

/** The text's lines, trailing space trimmed. */
export function textLines(text: string): string[] {
  return normalizeText(text).split('\n').map((line) => line.trimEnd());
}

/** The text on one line (line breaks become spaces): for a header, a table cell, a label. */
export function oneLine(text: string): string {
  return normalizeText(text).replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * A comment of `prefix` lines (`//`, `#`, `*`) at `indent`: every line of the
 * text, whatever ended it, starts with the prefix, so none can escape it.
 */
export function lineComment(text: string, prefix: string, indent = ''): string {
  return textLines(text.trim())
    .map((line) => (line === '' ? `${indent}${prefix}` : `${indent}${prefix} ${line}`))
    .join('\n');
}

/**
 * A double-quoted string literal with the escapes Python, TOML and R share
 * (backslash, the quote, `\n`, `\r`, `\t`); `other` writes every other
 * character as its language must (its control characters, non-ASCII text).
 */
export function quotedLiteral(text: string, other: (char: string, code: number) => string): string {
  let out = '"';
  for (const char of text) {
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else out += other(char, char.codePointAt(0)!);
  }
  return `${out}"`;
}

/** `\u` plus four hex digits. */
export const u4 = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;
