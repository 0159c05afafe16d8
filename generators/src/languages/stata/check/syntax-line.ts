/**
 * The options of a `syntax` command ([P] syntax): which exist, their
 * argument type and default, whether they are required (outside `[ ]`), and
 * the minimal abbreviation their leading capitals declare (`BILLing_project_id`
 * accepts `bill` .. `billing_project_id`; an all-lowercase option must be typed
 * in full). Each option leaves a local macro of its lowercased name, and local
 * names hold at most 31 characters ([P] macro).
 */

export interface SyntaxOption {
  /** The option's name, lowercased: the local macro `syntax` sets. */
  readonly name: string;
  /** How many leading characters must be typed (the capitals; the whole name when there are none). */
  readonly minimum: number;
  /** `flag` for an option without parentheses; else the argument type (`string`, `integer`, `real`, ...). */
  readonly type: string;
  /** The words after the type inside the parentheses: `asis`, or the default of `integer #`. */
  readonly argument: readonly string[];
  readonly required: boolean;
}

export interface SyntaxParse {
  /** Text before the comma (a varlist, `anything`, `[if]`, ...). */
  readonly positional: string;
  readonly options: readonly SyntaxOption[];
  readonly problems: readonly string[];
}

const TYPES = new Set(['string', 'integer', 'real', 'numlist', 'namelist', 'name', 'varlist', 'varname', 'passthru', 'numeric', 'str', 'cilevel']);
const MAX_LOCAL = 31;
const DESCRIPTOR = /^([A-Za-z_][A-Za-z0-9_]*)(\((.*)\))?$/;

/** Splits `syntax`'s arguments into bracket, comma and option tokens (parentheses keep their spaces). */
function tokens(text: string): { tokens: string[]; problem?: string } {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  for (const c of text) {
    if (depth > 0) {
      current += c;
      if (c === '(') depth += 1;
      if (c === ')') depth -= 1;
    } else if (c === '(') {
      current += c;
      depth = 1;
    } else if (c === '[' || c === ']' || c === ',') {
      if (current) out.push(current);
      out.push(c);
      current = '';
    } else if (/\s/.test(c)) {
      if (current) out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current) out.push(current);
  return depth === 0 ? { tokens: out } : { tokens: out, problem: 'a parenthesis of an option is never closed' };
}

export function parseSyntax(text: string): SyntaxParse {
  const problems: string[] = [];
  const split = tokens(text);
  if (split.problem) problems.push(split.problem);
  const comma = split.tokens.indexOf(',');
  const positional = (comma < 0 ? split.tokens : split.tokens.slice(0, comma)).join(' ');
  const options: SyntaxOption[] = [];
  if (comma < 0) return { positional, options, problems };
  // `[` before the comma (`syntax [, options]`) makes every option optional.
  let depth = split.tokens.slice(0, comma).filter((t) => t === '[').length - split.tokens.slice(0, comma).filter((t) => t === ']').length;
  for (const token of split.tokens.slice(comma + 1)) {
    if (token === '[') depth += 1;
    else if (token === ']') depth -= 1;
    else if (token === ',') problems.push('a second comma in the option list');
    else {
      const option = descriptor(token, depth === 0, problems);
      if (option) options.push(option);
    }
    if (depth < 0) {
      problems.push('a ] closes more brackets than were opened');
      depth = 0;
    }
  }
  if (depth > 0) problems.push('a [ is never closed with ]');
  const seen = new Set<string>();
  for (const option of options) {
    if (seen.has(option.name)) problems.push(`option ${option.name} is declared twice`);
    seen.add(option.name);
  }
  problems.push(...ambiguities(options));
  return { positional, options, problems };
}

function descriptor(token: string, required: boolean, problems: string[]): SyntaxOption | null {
  const found = DESCRIPTOR.exec(token);
  if (!found) {
    problems.push(`${token} is not an option descriptor (name or name(type ...))`);
    return null;
  }
  const written = found[1]!;
  const capitals = /^[A-Z]*/.exec(written)![0].length;
  if (/[A-Z]/.test(written.slice(capitals))) {
    problems.push(`option ${written}: capitals mark the minimal abbreviation and must all lead the name`);
  }
  const name = written.toLowerCase();
  if (name.length > MAX_LOCAL) problems.push(`option ${name} is ${name.length} characters long; the local macro it sets holds at most ${MAX_LOCAL}`);
  const inside = found[3]?.trim().split(/\s+/).filter(Boolean) ?? [];
  const type = found[2] === undefined ? 'flag' : inside[0] ?? '';
  if (type !== 'flag' && !TYPES.has(type)) problems.push(`option ${name}(${found[3]}): ${type || 'an empty type'} is not a syntax argument type`);
  const argument = inside.slice(1);
  if ((type === 'integer' || type === 'real') && argument.length > 0 && !(type === 'integer' ? /^-?\d+$/ : /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i).test(argument[0]!)) {
    problems.push(`option ${name}(${found[3]}): the default ${argument[0]} is not ${type === 'integer' ? 'an integer' : 'a number'}`);
  }
  if (type === 'string' && argument.some((a) => a !== 'asis')) problems.push(`option ${name}(${found[3]}): string takes only asis`);
  return { name, minimum: capitals > 0 ? capitals : name.length, type, argument, required };
}

/** Pairs of options some typed spelling would match both of: Stata would take the first, silently. */
function ambiguities(options: readonly SyntaxOption[]): string[] {
  const problems: string[] = [];
  for (let i = 0; i < options.length; i += 1) {
    for (let j = i + 1; j < options.length; j += 1) {
      const a = options[i]!;
      const b = options[j]!;
      let common = 0;
      while (common < Math.min(a.name.length, b.name.length) && a.name[common] === b.name[common]) common += 1;
      if (common >= Math.max(a.minimum, b.minimum)) {
        const spelling = a.name.slice(0, Math.max(a.minimum, b.minimum));
        problems.push(`options ${a.name} and ${b.name} are ambiguous: \`${spelling}\` abbreviates both; capitalise a longer prefix of one of them`);
      }
    }
  }
  return problems;
}
