/**
 * One help topic, written twice from the same record: as the roxygen block
 * above the function in `R/` (for whoever reads the code) and as
 * `man/<name>.Rd` (what `?name` shows). Every text field is Rd already
 * (escaped by doc.ts); code fields are plain R, escaped here for Rd.
 */
import { rdCode, roxygenLines, roxygenText } from './doc.js';
import { append } from '../../emit/append.js';

export interface Topic {
  readonly name: string;
  readonly aliases: readonly string[];
  /** Rd text, one line. */
  readonly title: string;
  /** Rd paragraphs. */
  readonly description: readonly string[];
  /** The usage as R code (unescaped), or null (a package or a class page). */
  readonly usage: string | null;
  readonly arguments: readonly { readonly name: string; readonly doc: string }[];
  /** Rd text of `\value`, or null. */
  readonly value: string | null;
  readonly details: readonly string[];
  /** Sections: paragraphs, then a `\describe{}` list of items (label and text, both Rd). */
  readonly sections: readonly { readonly title: string; readonly paragraphs: readonly string[]; readonly items?: readonly { readonly label: string; readonly text: string }[] }[];
  /** R code lines of the examples (unescaped); they reach a server, so they are in `\dontrun{}`. */
  readonly examples: readonly string[];
  /** Functions to link to. */
  readonly seealso: readonly string[];
  readonly keywords: readonly string[];
  /** `package` for the package's own page. */
  readonly docType?: 'package';
  /** Whether the function is exported (`@export` in its roxygen block). */
  readonly exported: boolean;
}

/**
 * Wraps Rd text at spaces outside braces, so no line break lands inside a
 * `\code{}` (where it would be part of the code).
 */
export function wrapRd(text: string, width = 90): string[] {
  const words: string[] = [];
  let current = '';
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[i + 1]!;
      i += 1;
      continue;
    }
    if (char === '{') depth += 1;
    if (char === '}') depth = Math.max(0, depth - 1);
    if ((char === ' ' || char === '\n') && depth === 0) {
      if (current !== '') words.push(current);
      current = '';
    } else {
      current += char === '\n' ? ' ' : char;
    }
  }
  if (current !== '') words.push(current);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

const links = (names: readonly string[]) => names.map((n) => `\\code{\\link{${n}}}`).join(', ');

/** The topic as a roxygen block (markdown off: its text is the Rd text, `@` doubled). */
export function roxygenBlock(topic: Topic): string {
  const lines: string[] = [];
  const text = (rd: string) => wrapRd(roxygenText(rd)).map(untagged);
  const paragraphs = (texts: readonly string[]) => texts.forEach((t, i) => append(lines, i > 0 ? [''] : [], text(t)));
  const tagged = (tag: string, rd: string) => {
    const [first, ...rest] = wrapRd(roxygenText(rd));
    append(lines, [`${tag} ${first ?? ''}`.trimEnd()], rest.map((l) => `  ${l}`));
  };
  append(lines, text(topic.title), ['']);
  // Under an explicit tag: roxygen would take a third intro paragraph for details.
  if (topic.description.length > 0) {
    const [first, ...rest] = text(topic.description[0]!);
    append(lines, [`@description ${(first ?? '').trimStart()}`.trimEnd()], rest);
    for (const more of topic.description.slice(1)) append(lines, [''], text(more));
  }
  if (topic.arguments.length > 0 || topic.value !== null) lines.push('');
  for (const arg of topic.arguments) tagged(`@param ${arg.name}`, arg.doc);
  if (topic.value !== null) tagged('@return', topic.value);
  if (topic.details.length > 0) {
    lines.push('', '@details');
    paragraphs(topic.details);
  }
  for (const section of topic.sections) {
    lines.push('', `@section ${roxygenText(section.title)}:`);
    paragraphs(section.paragraphs);
    append(lines, describeLines(section.items).map((l) => untagged(roxygenText(l))));
  }
  if (topic.seealso.length > 0 || topic.examples.length > 0 || topic.keywords.length > 0 || topic.exported) lines.push('');
  if (topic.seealso.length > 0) lines.push(`@seealso ${links(topic.seealso)}`);
  // Examples are R code: roxygen escapes them for Rd itself.
  if (topic.examples.length > 0) lines.push('@examples', '\\dontrun{', ...topic.examples, '}');
  for (const keyword of topic.keywords) lines.push(`@keywords ${keyword}`);
  if (topic.exported) lines.push('@export');
  return roxygenLines(lines);
}

/**
 * A text line of a roxygen block that starts with `@` (an escaped `@@`)
 * would still be read as a tag after a blank line; one leading space keeps
 * it text (roxygen 7.2).
 */
const untagged = (line: string) => (line.startsWith('@') ? ` ${line}` : line);

/** A `\describe{}` list, one `\item` per line (none when there are no items). */
function describeLines(items: readonly { readonly label: string; readonly text: string }[] | undefined): string[] {
  if (!items || items.length === 0) return [];
  return ['\\describe{', ...items.map((item) => `  \\item{${item.label}}{${item.text}}`), '}'];
}

/** The topic as an Rd file (sections in roxygen's order), after `header` (`%` comment lines). */
export function rdFile(topic: Topic, header: string): string {
  const out: string[] = [header];
  const section = (name: string, body: readonly string[]) => append(out, [`\\${name}{`], body, ['}']);
  const paragraphs = (texts: readonly string[]) => texts.flatMap((t, i) => [...(i > 0 ? [''] : []), ...wrapRd(t)]);
  if (topic.docType) out.push(`\\docType{${topic.docType}}`);
  out.push(`\\name{${topic.name}}`, ...topic.aliases.map((a) => `\\alias{${a}}`), `\\title{${topic.title}}`);
  if (topic.usage !== null) section('usage', rdCode(topic.usage).split('\n'));
  if (topic.arguments.length > 0) {
    section('arguments', topic.arguments.flatMap((a, i) => {
      const lines = wrapRd(a.doc);
      lines[0] = `\\item{${a.name}}{${lines[0] ?? ''}`;
      lines[lines.length - 1] += '}';
      return [...(i > 0 ? [''] : []), ...lines];
    }));
  }
  if (topic.value !== null) section('value', wrapRd(topic.value));
  section('description', paragraphs(topic.description.length > 0 ? topic.description : [topic.title]));
  if (topic.details.length > 0) section('details', paragraphs(topic.details));
  for (const s of topic.sections) append(out, [`\\section{${s.title}}{`], paragraphs(s.paragraphs), describeLines(s.items), ['}']);
  if (topic.examples.length > 0) section('examples', ['\\dontrun{', ...topic.examples.map(rdCode), '}']);
  if (topic.seealso.length > 0) section('seealso', [links(topic.seealso)]);
  for (const keyword of topic.keywords) out.push(`\\keyword{${keyword}}`);
  return `${out.join('\n')}\n`;
}
