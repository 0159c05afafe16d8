/**
 * A whole Stata package, from its file texts: the command table, every
 * ado-file (ado-check), every help file (smcl-check), help for every command
 * with its options and examples, the `<name>.pkg` listing every file of the
 * package (`v 3`, `d` lines, `f` lines) and `stata.toc` offering it, every
 * name within Stata's 32 characters. A pure function, so the generator can run
 * it on its own output and the tests on broken fixtures.
 */
import type { Diagnostic } from '../../../diagnostics.js';
import { sortDiagnostics } from '../../../diagnostics.js';
import { SURFACE_FILE } from '../../../diff/surface.js';
import { checkAdo, MAX_NAME } from './ado-check.js';
import { lexAdo, commandOf } from './ado-lexer.js';
import { parseCommandTable, type CommandTable } from './command-table.js';
import { checkSmcl, type HelpFacts } from './smcl-check.js';
import { parseSyntax, type SyntaxOption } from './syntax-line.js';

export interface PackageFile {
  /** Path inside the package (a Stata package is one flat folder). */
  readonly path: string;
  readonly contents: string;
}

const error = (rule: string, file: string, line: number, message: string): Diagnostic => ({ severity: 'error', rule: `stata/${rule}`, file, line, message });
const base = (path: string) => path.replace(/^.*\//, '');
const stem = (path: string) => base(path).replace(/\.[^.]+$/, '');

export function checkStataPackage(input: Iterable<PackageFile>): Diagnostic[] {
  const files = new Map([...input].map((f) => [base(f.path), f.contents]));
  const out: Diagnostic[] = [];
  const packages = [...files.keys()].filter((f) => f.endsWith('.pkg'));
  if (packages.length !== 1) {
    out.push(error('pkg', packages[1] ?? '(package)', 1, `a Stata package has one <name>.pkg file; found ${packages.length}${packages.length ? `: ${packages.join(', ')}` : ''}`));
  }
  const pkg = packages[0] ? stem(packages[0]) : '';
  const tableFile = `${pkg}_commands.py`;
  let table: CommandTable | undefined;
  if (pkg && files.has(tableFile)) {
    const parsed = parseCommandTable(tableFile, files.get(tableFile)!);
    out.push(...parsed.diagnostics);
    table = parsed.table;
    if (table && table.package.stata !== pkg) out.push(error('command-table', tableFile, 1, `the table's package is ${table.package.stata}, but the package file is ${pkg}.pkg`));
  } else if (pkg) {
    out.push(error('command-table', `${pkg}.pkg`, 1, `${tableFile} is missing: the runtime reads every command's options and result from it`));
  }

  const syntaxOf = new Map<string, readonly SyntaxOption[]>();
  for (const [file, text] of files) {
    if (file.endsWith('.ado')) {
      out.push(...checkAdo(file, text, table).diagnostics);
      syntaxOf.set(stem(file), optionsOf(text));
      if (!stem(file).startsWith('_') && table && !table.commands[stem(file)]) out.push(error('command-table', file, 1, `${stem(file)} is not in the command table ${tableFile}`));
    }
  }
  const helps = new Map<string, HelpFacts>();
  for (const [file, text] of files) {
    if (!file.endsWith('.sthlp')) continue;
    const checked = checkSmcl(file, text);
    out.push(...checked.diagnostics);
    helps.set(stem(file), checked.facts);
  }
  for (const [name, command] of Object.entries(table?.commands ?? {})) {
    if (name.length > MAX_NAME) out.push(error('name-length', tableFile, 1, `command ${name} is ${name.length} characters long; command names hold at most ${MAX_NAME}`));
    if (!files.has(`${name}.ado`)) out.push(error('command-ado', tableFile, 1, `command ${name} of the table has no ${name}.ado`));
    const help = helps.get(name);
    if (!help) {
      out.push(error('help', `${name}.ado`, 1, `command ${name} has no help file: add ${name}.sthlp (help ${name} would find nothing)`));
      continue;
    }
    out.push(...helpContents(`${name}.sthlp`, name, help, command.options.map((o) => o.name), syntaxOf.get(name) ?? []));
  }
  if (pkg) out.push(...checkPkg(`${pkg}.pkg`, files.get(`${pkg}.pkg`)!, files), ...checkToc(files.get('stata.toc'), pkg));
  if (pkg.length > MAX_NAME) out.push(error('name-length', `${pkg}.pkg`, 1, `package name ${pkg} is ${pkg.length} characters long; at most ${MAX_NAME}`));
  return sortDiagnostics(out);
}

function optionsOf(source: string): readonly SyntaxOption[] {
  const line = lexAdo(source).lines.find((l) => commandOf(l.text).word === 'syntax');
  return line ? parseSyntax(commandOf(line.text).rest).options : [];
}

function helpContents(file: string, name: string, help: HelpFacts, options: readonly string[], syntax: readonly SyntaxOption[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const title of ['Syntax', 'Examples']) {
    if (!help.titles.some((t) => t.toLowerCase().includes(title.toLowerCase()))) out.push(error('help', file, 1, `the help of ${name} has no {title:${title}} section`));
  }
  for (const option of options) {
    const underlined = help.options.get(option);
    const declared = syntax.find((o) => o.name === option);
    if (underlined === undefined) out.push(error('help', file, 1, `the help of ${name} does not document option ${option} (no {opt ${option}...})`));
    else if (declared && !underlined.some((u) => u.underlined === declared.minimum)) {
      const first = underlined[0]!;
      out.push(error('help', file, first.line, `the help underlines ${first.underlined} character(s) of ${option}, but its syntax accepts abbreviations of ${declared.minimum}`));
    }
  }
  return out;
}

function checkPkg(file: string, text: string, files: ReadonlyMap<string, string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const listed = new Map<string, number>();
  let version = false;
  let described = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const [kind = '', ...rest] = raw.trim().split(/\s+/);
    const argument = rest.join(' ');
    if (kind === '' || kind.startsWith('*')) return;
    if (kind === 'v') {
      if (argument !== '3') out.push(error('pkg', file, line, `v ${argument}: net install reads package files of version 3 (v 3)`));
      if (listed.size > 0 || described) out.push(error('pkg', file, line, 'v 3 must be the first line'));
      version = true;
    } else if (kind === 'd') {
      described = true;
    } else if (kind === 'f' || kind === 'F') {
      if (!argument) out.push(error('pkg', file, line, 'an f line names no file'));
      else if (listed.has(argument)) out.push(error('pkg', file, line, `${argument} is listed twice (also on line ${listed.get(argument)})`));
      else if (!files.has(base(argument))) out.push(error('pkg', file, line, `${argument} is listed, but the package has no such file: net install would fail`));
      listed.set(argument, line);
    } else if (!['g', 'G', 'h', 'e'].includes(kind)) {
      out.push(error('pkg', file, line, `\`${kind}\` is not a line of a package file (v, d, f, F, g, G, h)`));
    }
  });
  if (!version) out.push(error('pkg', file, 1, 'the package file has no v 3 line'));
  if (!described) out.push(error('pkg', file, 1, 'the package file has no d line describing the package'));
  const shipped = new Set([...listed.keys()].map(base));
  // stata.toc is read by net install, not installed; the API listing is for bdgen diff, not for Stata (and would collide in the ado-path).
  const notInstalled = new Set([file, 'stata.toc', SURFACE_FILE]);
  for (const name of files.keys()) {
    if (!notInstalled.has(name) && !shipped.has(name)) out.push(error('pkg', file, 1, `${name} is not listed in ${file}: net install would not install it`));
  }
  return out;
}

function checkToc(text: string | undefined, pkg: string): Diagnostic[] {
  if (text === undefined) return [error('toc', 'stata.toc', 1, `stata.toc is missing: net from would not offer ${pkg}`)];
  const out: Diagnostic[] = [];
  let version = false;
  let offered = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    const [kind = '', name = ''] = raw.trim().split(/\s+/);
    if (kind === '' || kind.startsWith('*')) return;
    if (kind === 'v') {
      version = true;
      if (name !== '3') out.push(error('toc', 'stata.toc', index + 1, `v ${name}: a table of contents is version 3 (v 3)`));
    } else if (kind === 'p') {
      if (name === pkg) offered = true;
      else out.push(error('toc', 'stata.toc', index + 1, `p ${name}: the folder has no ${name}.pkg`));
    } else if (!['d', 't', 'l'].includes(kind)) {
      out.push(error('toc', 'stata.toc', index + 1, `\`${kind}\` is not a line of stata.toc (v, d, p, t, l)`));
    }
  });
  if (!version) out.push(error('toc', 'stata.toc', 1, 'stata.toc has no v 3 line'));
  if (!offered) out.push(error('toc', 'stata.toc', 1, `stata.toc does not offer the package: add p ${pkg} <description>`));
  return out;
}
