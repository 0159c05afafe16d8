/**
 * Offsets of nodes in JSON text, found by scanning it: each value that is not
 * on the way is skipped over (strings, nesting) without being parsed. Answers
 * as redocly's AST lookup does, so a diagnostic's line is the same either way.
 */

const isSpace = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

function skipSpace(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

/** The offset just past the string that opens at `at`. */
function skipString(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x5c) i++;
    else if (code === 0x22) return i + 1;
  }
  return text.length;
}

/** The offset just past the value that starts at `at`. */
function skipValue(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === 0x22) return skipString(text, at);
  if (first !== 0x7b && first !== 0x5b) {
    let i = at;
    while (i < text.length && !',}]'.includes(text[i]!) && !isSpace(text.charCodeAt(i))) i++;
    return i;
  }
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) i = skipString(text, i) - 1;
    else if (code === 0x7b || code === 0x5b) depth++;
    else if ((code === 0x7d || code === 0x5d) && --depth === 0) return i + 1;
  }
  return text.length;
}

/** After a member or an element: past its comma, at the next one (or at the closing bracket). */
function next(text: string, at: number): number {
  const after = skipSpace(text, at);
  return text.charCodeAt(after) === 0x2c ? skipSpace(text, after + 1) : after;
}

/**
 * The offset of the deepest node `segments` reach (its key's, with
 * `reportOnKey`, when it was reached through an object key); undefined when
 * the text is not JSON where the walk goes.
 */
export function jsonNodeOffset(text: string, segments: readonly string[], reportOnKey: boolean): number | undefined {
  let at = skipSpace(text, 0);
  let keyAt = -1;
  for (const segment of segments) {
    const open = text.charCodeAt(at);
    if (open === 0x7b) {
      let member = skipSpace(text, at + 1);
      let found = -1;
      while (text.charCodeAt(member) === 0x22) {
        const keyEnd = skipString(text, member);
        const raw = text.slice(member + 1, keyEnd - 1);
        let key = raw;
        if (raw.includes('\\')) {
          try {
            key = JSON.parse(text.slice(member, keyEnd)) as string;
          } catch {
            return undefined;
          }
        }
        const colon = skipSpace(text, keyEnd);
        if (text.charCodeAt(colon) !== 0x3a) return undefined;
        const value = skipSpace(text, colon + 1);
        if (key === segment) {
          found = value;
          keyAt = member;
          break;
        }
        member = next(text, skipValue(text, value));
      }
      if (found < 0) break;
      at = found;
    } else if (open === 0x5b) {
      const index = Number.parseInt(segment, 10);
      if (!(index >= 0)) break;
      let element = skipSpace(text, at + 1);
      for (let i = 0; i < index && text.charCodeAt(element) !== 0x5d; i++) element = next(text, skipValue(text, element));
      if (text.charCodeAt(element) === 0x5d || element >= text.length) break;
      at = element;
      keyAt = -1;
    } else {
      break;
    }
  }
  return reportOnKey && keyAt >= 0 ? keyAt : at;
}
