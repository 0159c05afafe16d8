/**
 * The lexical layer of an ado-file, as Stata reads it ([U] 16.1.2 comments,
 * [U] 18.3.5 compound double quotes, [P] macro): physical lines joined into
 * logical lines by `///` and by `/* *\/` comments that span lines, comments
 * removed, and the quotes that must balance within a logical line checked:
 * strings `"..."`, compound quotes `` `"..."' `` (which nest) and macro
 * references `` `name' `` (which nest too, and expand inside strings).
 */

export interface LogicalLine {
  /** Physical line (1-based) the logical line starts on. */
  readonly line: number;
  /** The code with comments blanked out; strings and macro references kept. */
  readonly text: string;
  /** Braces outside strings and macro references: `{`/`}` with their physical line. */
  readonly braces: readonly { readonly char: '{' | '}'; readonly line: number }[];
}

export interface QuoteProblem {
  readonly line: number;
  readonly message: string;
}

type Quote = 'string' | 'compound' | 'macro';

const OPENERS: Record<Quote, string> = {
  string: 'a string "',
  compound: 'a compound quote `"',
  macro: "a macro reference `",
};
const CLOSERS: Record<Quote, string> = { string: '"', compound: `"'`, macro: "'" };

/** Splits an ado-file into logical lines and reports quotes left open and comments never closed. */
export function lexAdo(source: string): { lines: LogicalLine[]; problems: QuoteProblem[] } {
  const physical = source.split(/\r?\n/);
  const lines: LogicalLine[] = [];
  const problems: QuoteProblem[] = [];
  let text = '';
  let start = 0;
  let braces: { char: '{' | '}'; line: number }[] = [];
  let stack: { quote: Quote; line: number }[] = [];
  let blockComment: number | null = null;

  const finish = () => {
    // The innermost quote is the one whose closing quote is missing, unless it is a string inside a macro reference.
    let depth = stack.length - 1;
    while (depth > 0 && stack[depth]!.quote === 'string' && stack[depth - 1]!.quote === 'macro') depth -= 1;
    const open = stack[depth];
    if (open) problems.push({ line: open.line, message: `${OPENERS[open.quote]} opened on line ${open.line} is not closed with ${CLOSERS[open.quote]} before the line ends` });
    if (text.trim() !== '') lines.push({ line: start, text, braces });
    text = '';
    braces = [];
    stack = [];
  };

  for (let index = 0; index < physical.length; index += 1) {
    const lineNo = index + 1;
    const raw = physical[index]!;
    if (text === '' && blockComment === null) {
      start = lineNo;
      if (/^\s*\*/.test(raw)) continue; // a `*` comment line
    }
    let continued = false;
    for (let i = 0; i < raw.length; i += 1) {
      const c = raw[i]!;
      const next = raw[i + 1];
      if (blockComment !== null) {
        if (c === '*' && next === '/') {
          blockComment = null;
          i += 1;
        }
        continue;
      }
      const top = stack.at(-1)?.quote;
      if (top === 'string') {
        if (c === '"') stack.pop();
        else if (c === '`') stack.push({ quote: next === '"' ? 'compound' : 'macro', line: lineNo });
        if (c === '`' && next === '"') i += 1;
        text += c === '`' && next === '"' ? '`"' : c;
        continue;
      }
      if (top === 'compound' || top === 'macro') {
        if (top === 'compound' && c === '"' && next === "'") {
          stack.pop();
          text += `"'`;
          i += 1;
        } else if (c === '`') {
          stack.push({ quote: next === '"' ? 'compound' : 'macro', line: lineNo });
          text += next === '"' ? '`"' : '`';
          if (next === '"') i += 1;
        } else {
          if (top === 'macro' && c === "'") stack.pop();
          else if (top === 'macro' && c === '"') stack.push({ quote: 'string', line: lineNo });
          text += c;
        }
        continue;
      }
      const atWordStart = i === 0 || /\s/.test(raw[i - 1]!);
      if (c === '/' && next === '*') {
        blockComment = lineNo;
        text += ' ';
        i += 1;
      } else if (c === '/' && next === '/' && raw[i + 2] === '/' && atWordStart) {
        continued = true;
        break;
      } else if (c === '/' && next === '/' && atWordStart) {
        break;
      } else if (c === '`') {
        stack.push({ quote: next === '"' ? 'compound' : 'macro', line: lineNo });
        text += next === '"' ? '`"' : '`';
        if (next === '"') i += 1;
      } else if (c === '"') {
        stack.push({ quote: 'string', line: lineNo });
        text += c;
      } else {
        if (c === '{' || c === '}') braces.push({ char: c, line: lineNo });
        text += c;
      }
    }
    if (continued || blockComment !== null) {
      text += ' ';
      continue;
    }
    finish();
  }
  if (blockComment !== null) problems.push({ line: blockComment, message: `the comment /* opened on line ${blockComment} is never closed with */` });
  finish();
  return { lines, problems };
}

/** The command word of a logical line, past `capture`/`quietly`/`noisily` prefixes (`cap noi di` -> `di`). */
export function commandOf(text: string): { word: string; rest: string } {
  let rest = text.trim();
  for (;;) {
    const prefix = /^(capture|captur|captu|capt|cap|quietly|quietl|quiet|quie|qui|noisily|noisil|noisi|nois|noi)\s*:?\s+/.exec(rest);
    if (!prefix) break;
    rest = rest.slice(prefix[0].length);
  }
  const word = /^[A-Za-z_][A-Za-z0-9_]*:?/.exec(rest)?.[0] ?? '';
  return { word: word.replace(/:$/, ''), rest: rest.slice(word.length).trim() };
}
