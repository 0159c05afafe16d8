/**
 * Each command's `.sthlp` ([P] smcl): title, syntax with every option (its
 * abbreviation underlined exactly as `syntax` accepts it), description,
 * stored results and examples. Spec text goes through doc.ts (braces escaped,
 * code spans as `{cmd:}`), so it shows as text and can add no directive: no
 * example is a `{stata}` link, so nothing from the spec runs when clicked.
 */
import { oneLine } from '../../../emit/escape.js';
import { exampleValue, rulesInWords } from '../../../emit/rules-text.js';
import type { JsonValue } from '../../../ir/types.js';
import { optionArgument, smclCode, smclLine, smclParagraphs, smclText } from '../doc.js';
import type { StataCommand, StataModel } from '../model.js';
import type { PlannedOption } from '../options.js';

/** `{opt que:ry(string)}`: the typed minimum underlined, then the rest, then the placeholder. */
export function optSpec(o: PlannedOption): string {
  const shown = o.minimum >= o.name.length ? o.name : `${o.name.slice(0, o.minimum)}:${o.name.slice(o.minimum)}`;
  return o.kind === 'flag' ? `{opt ${shown}}` : `{opt ${shown}(${o.doc.placeholder})}`;
}

const literal = (value: JsonValue): string => smclCode(typeof value === 'string' ? value : JSON.stringify(value));

/** The option's line of the options table: what it is, its values, default and rules. */
function optionText(o: PlannedOption): string {
  const parts: string[] = [];
  if (o.doc.origin) parts.push(`From ${smclLine(o.doc.origin)}.`);
  const described = smclLine(o.doc.description);
  if (described) parts.push(described);
  const rules = o.doc.rules;
  if (rules?.enum && rules.enum.length > 0) parts.push(`One of ${rules.enum.map(literal).join(', ')}.`);
  else if (rules) {
    const words = rulesInWords(rules, smclCode);
    if (words) parts.push(words);
  }
  if (o.kind === 'names') parts.push('Names separated by blanks or commas.');
  if (o.values) parts.push(`Old values: ${Object.entries(o.values).map(([from, to]) => `${literal(from)} (now ${literal(to)})`).join(', ')}; any other is an error.`);
  if (o.default !== undefined && o.kind !== 'flag') parts.push(`Default ${literal(o.default)}.`);
  return parts.join(' ');
}

/** One example's option, as typed: `name(value)`, or the flag alone. */
function typed(o: PlannedOption): string {
  if (o.kind === 'flag') return o.name;
  if (o.doc.example === undefined && o.doc.placeholder === 'filename') return `${o.name}({it:filename})`;
  const value = o.doc.example ?? exampleValue({ name: o.param ?? o.name, rules: o.doc.rules ?? { kind: 'string', nullable: false }, ...(o.default !== undefined ? { default: o.default } : {}) });
  const text = Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' ') : typeof value === 'string' ? value : JSON.stringify(value);
  const argument = optionArgument(text);
  return argument === null ? `${o.name}({it:${o.doc.placeholder}})` : `${o.name}(${smclText(argument)})`;
}

/**
 * The data functions' billing project option (the runtime's messages name it):
 * in every example of a data command, since a query runs only with one.
 */
const BILLING = { param: 'billing_project_id', example: 'my-gcp-project' };

/** Up to four calls: the required options alone, with each of two optional options the spec gives an example of, and every page. */
function examples(c: StataCommand): string[] {
  const billing = c.options.filter((o) => o.param === BILLING.param && !o.required).map((o) => ({ ...o, doc: { ...o.doc, example: o.doc.example ?? BILLING.example } }));
  const required = c.options.filter((o) => o.required);
  // Text options only: a page number or a size is no example worth a line.
  const withExample = c.options.filter((o) => !o.required && o.param !== undefined && o.param !== BILLING.param && o.kind !== 'integer' && o.doc.example !== undefined).slice(0, 2);
  const allPages = c.options.filter((o) => o.effect === 'allpages' || o.effect === 'clear');
  const calls = [[], ...withExample.map((o) => [o]), ...(allPages.length === 2 ? [allPages] : [])].map((extra) => [...required, ...extra, ...billing]);
  const lines = calls.map((options) => (options.length === 0 ? c.name : `${c.name}, ${options.map(typed).join(' ')}`));
  return [...new Set(lines)].map((line) => `{phang}{cmd:. ${line}}{p_end}`);
}

const LANDS: Readonly<Record<StataCommand['lands'], string>> = {
  rows: 'It loads every row into memory, replacing the data there: integers as {cmd:byte}, {cmd:int}, {cmd:long} or {cmd:double}, text as {cmd:str}{it:#} or {cmd:strL}, dates as {cmd:%td} and timestamps as {cmd:%tc}; variable names are made valid and unique, and the original names are kept in the characteristic {cmd:bd_name}.',
  page: 'It shows how many items there are and each item of the page ({opt allpages}: of every page), and returns the page\'s numbers in {cmd:r()}; the data in memory are left alone. With {opt clear} it also loads the items as the dataset, one observation per item and one variable per field (nested fields as {it:a_b}, lists and trees as text), and shows the first 20.',
  object: 'It shows the result\'s key fields and leaves the data in memory alone; with {opt clear} it also loads the result as a dataset of one observation, one variable per field.',
  file: 'It writes the file and leaves the data in memory as it was.',
  estimate: 'It runs nothing and leaves the data in memory as it was.',
  none: 'The answer has no body: it says the call is done and leaves the data in memory as it was.',
  csv: 'It shows how many rows and columns the CSV text has and leaves the data in memory alone. With {opt clear} it loads the text as the dataset: one observation per row, one variable per column (named from the header, which is kept as each variable\'s label; columns of whole numbers as numbers, the others as text). With {opt saving()} it also writes the text, exactly as it came, to that file ({opt replace} to overwrite one).',
};

/** What the old package's path() does instead, said on the commands that have it. */
const SAVE_CSV = 'With {opt path()}, as in the old package, the rows are saved to that CSV file and loaded from it with {cmd:import delimited}, replacing the data in memory without {opt clear}; the types are then those {cmd:import delimited} gives (numeric codes such as {cmd:id_municipio} become numbers, as do-files that {cmd:merge} on them expect).';

export function helpView(model: StataModel, command: StataCommand, specName: string) {
  const c = command;
  const required = c.options.filter((o) => o.required);
  const optional = c.options.filter((o) => !o.required);
  const synopsis = [
    `{cmd:${c.name}}`,
    ...(required.length > 0 ? [`{cmd:,} ${required.map(optSpec).join(' ')}`] : []),
    ...(optional.length > 0 ? [required.length > 0 ? ' [{it:options}]' : ' [{cmd:,} {it:options}]'] : []),
  ].join('');
  const groups = [
    { title: 'Required', options: required },
    { title: 'Optional', options: optional },
  ].filter((g) => g.options.length > 0).map((g) => ({ title: `{syntab:${g.title}}`, rows: g.options.map((o) => `{synopt:${optSpec(o)}}${optionText(o)}{p_end}`) }));
  // The first column as the viewer shows it: `query(string)`, `clear`.
  const width = Math.min(40, Math.max(20, ...c.options.map((o) => o.name.length + (o.kind === 'flag' ? 0 : o.doc.placeholder.length + 2) + 2)));
  const deprecated = c.deprecated
    ? `{pstd}\n{cmd:${c.name}} is the name from ${smclLine(c.deprecated.origin)}, kept so old do-files run; it is deprecated: use {cmd:${smclText(c.deprecated.use)}}. It shows a note saying so once per session.${c.deprecated.message ? ` ${smclLine(c.deprecated.message)}` : ''}\n{p_end}`
    : '';
  const results = [
    ...c.results.map((r) => `{synopt:{cmd:r(${smclText(r.name)})}}${smclLine(r.description)}{p_end}`),
  ];
  return {
    header: `{* *! version ${model.version}  ${model.name} (generated by bdgen from ${smclText(oneLine(specName))}; do not edit)}{...}`,
    name: c.name,
    title: `{bf:${c.name}} {hline 2} ${smclLine(c.summary) || smclText(c.name)}`,
    deprecated,
    synopsis,
    hasOptions: c.options.length > 0,
    width,
    groups,
    description: [
      smclParagraphs(c.description),
      `{pstd}\n${c.allPages ? LANDS.page.replace('each item of the page ({opt allpages}: of every page)', 'every item of every page') : LANDS[c.lands]}${c.saveCsv ? ` ${SAVE_CSV}` : ''} It needs Stata 16 or later with Python and the Python package {cmd:${smclText(model.python.importName)}} that bdgen generated (the package README says how to install it).\n{p_end}`,
    ].filter(Boolean).join('\n\n'),
    failure: `{pstd}\nOn failure {cmd:${c.name}} shows why, leaves the error's kind in the global {cmd:${model.name}_error} (empty after a success) and exits with a return code (the runtime README lists them): 198 for a bad option or value, 111 when something does not exist, 677 for server and connection failures and redirects to another host, 2 for a timeout, 603 when a file cannot be written, ${c.lands === 'rows' ? `4 when the data in memory changed since it was last saved and {opt clear} is not given${c.saveCsv ? ' (never with {opt path()})' : ''}, ` : ''}7102 for a Python problem.\n{p_end}`,
    hasResults: results.length > 0,
    results,
    examples: examples(c),
  };
}
