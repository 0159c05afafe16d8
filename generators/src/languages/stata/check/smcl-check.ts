/**
 * A help file in SMCL ([P] smcl): starts with `{smcl}`, every `{` opens a
 * directive closed by its `}` (literal braces are `{c -(}` and `{c )-}`),
 * directives are ones SMCL knows, and every paragraph (`{p}`, `{pstd}`,
 * `{phang}`, `{synopt:...}`, ...) ends with `{p_end}` or a blank line before
 * the next one or a `{title:...}` starts.
 */
import type { Diagnostic } from '../../../diagnostics.js';

const KNOWN = new Set(
  (
    'smcl title p p_end pstd psee phang phang2 phang3 pmore pmore2 pmore3 pin pin2 pin3 p2col p2colset p2colreset p2coldent p2line ' +
    'synoptset synopthdr synoptline synopt syntab marker hline cmd cmdab opt opth bf it ul sf inp input err error res result txt text ' +
    'com hi hilite help helpb manhelp manhelpi manlink mansection browse view stata dialog net ado update search c char ' +
    'vieweralsosee viewerjumpto viewerdialog col space dup bind break newvar var varname vars varlist depvar depvars indepvars ' +
    'ifin weight center centre right rcenter ralign lalign ccl tab asis s6hlp reset dlgtab * ...'
  ).split(' '),
);
const PARAGRAPHS = new Set(['p', 'pstd', 'psee', 'phang', 'phang2', 'phang3', 'pmore', 'pmore2', 'pmore3', 'pin', 'pin2', 'pin3', 'p2coldent', 'synopt']);

export interface HelpFacts {
  readonly titles: readonly string[];
  /** `{opt que:ry(...)}` and `{opth ...}` arguments: each option named, with the lengths of its underlined abbreviations. */
  readonly options: ReadonlyMap<string, readonly { readonly underlined: number; readonly line: number }[]>;
}

interface Directive {
  readonly name: string;
  readonly line: number;
  readonly start: number;
}

export function checkSmcl(file: string, source: string): { diagnostics: Diagnostic[]; facts: HelpFacts } {
  const diagnostics: Diagnostic[] = [];
  const report = (rule: string, line: number, message: string) => diagnostics.push({ severity: 'error', rule: `stata/${rule}`, file, line, message });
  const titles: string[] = [];
  const options = new Map<string, { underlined: number; line: number }[]>();
  if (source.split(/\r?\n/)[0]?.trim() !== '{smcl}') report('smcl-header', 1, 'a help file must start with {smcl} on its first line, or Stata shows it as plain text');

  let paragraph: { name: string; line: number } | null = null;
  const stack: Directive[] = [];
  const onDirective = (name: string, body: string, line: number) => {
    if (!KNOWN.has(name) && !name.startsWith('*')) report('smcl-directive', line, `{${name}} is not an SMCL directive`);
    if (name === 'title') {
      if (paragraph) report('smcl-paragraph', line, `{${paragraph.name}} opened on line ${paragraph.line} is not closed with {p_end} before this {title}`);
      paragraph = null;
      const text = body.replace(/^:/, '').trim();
      if (!text) report('smcl-title', line, '{title:} has no text');
      titles.push(text);
    } else if (name === 'p_end') {
      if (!paragraph) report('smcl-paragraph', line, '{p_end} closes no paragraph');
      paragraph = null;
    } else if (PARAGRAPHS.has(name) || (name === 'p2col' && body.startsWith(':'))) {
      if (paragraph) report('smcl-paragraph', line, `{${paragraph.name}} opened on line ${paragraph.line} is not closed with {p_end} (or a blank line) before this {${name}}`);
      paragraph = { name, line };
    } else if (name === 'opt' || name === 'opth') {
      const spelled = body.trim().split(/[\s(]/)[0] ?? '';
      const [abbreviation, rest = ''] = spelled.split(':');
      const name = `${abbreviation}${rest}`.toLowerCase();
      options.set(name, [...(options.get(name) ?? []), { underlined: spelled.includes(':') ? abbreviation!.length : spelled.length, line }]);
    }
  };

  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (c === '\n') {
      if (source.slice(lineStart, i).trim() === '' && stack.length === 0) paragraph = null; // a blank line ends a paragraph
      line += 1;
      lineStart = i + 1;
    } else if (c === '{') {
      stack.push({ name: '', line, start: i + 1 });
    } else if (c === '}') {
      const open = stack.pop();
      if (!open) {
        report('smcl-braces', line, 'this } closes no SMCL directive (write a literal brace as {c )-})');
        continue;
      }
      const inner = source.slice(open.start, i);
      const name = /^(\*|\.\.\.|[A-Za-z_][A-Za-z0-9_]*)/.exec(inner)?.[0] ?? inner;
      onDirective(name, inner.slice(name.length), open.line);
    }
  }
  for (const open of stack) report('smcl-braces', open.line, 'this { opens an SMCL directive that is never closed with } (write a literal brace as {c -(})');
  if (paragraph) {
    const open = paragraph as { name: string; line: number };
    report('smcl-paragraph', open.line, `{${open.name}} opened here is never closed with {p_end}`);
  }
  return { diagnostics, facts: { titles, options } };
}
