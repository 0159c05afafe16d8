/**
 * One ado-file: programs opened by `program [define] name` and closed by `end`
 * (never nested, nothing outside them but `capture program drop`), the file
 * defining the program it is named after, `version 16` (or later) first in
 * every program, braces balanced with `{` ending its line and `}` alone on its
 * line, quotes balanced (ado-lexer), and for a command of the table: its
 * `syntax` against the table's options, and its one `python:` line calling the
 * runtime for this very command, with no macro expanded into Python source.
 */
import type { Diagnostic } from '../../../diagnostics.js';
import { commandOf, lexAdo, type LogicalLine } from './ado-lexer.js';
import type { CommandTable, TableCommand } from './command-table.js';
import { parseSyntax, type SyntaxParse } from './syntax-line.js';

export const MAX_NAME = 32;
const PROGRAM_WORD = /^(pr|pro|prog|progr|progra|program)$/;
const PROGRAM_OPTIONS = new Set(['rclass', 'eclass', 'sclass', 'nclass', 'sortpreserve', 'plugin']);
const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Program {
  readonly name: string;
  readonly line: number;
  depth: number;
  commands: number;
  syntax: { line: number; parse: SyntaxParse }[];
  python: LogicalLine[];
  calls: string[];
}

export interface AdoFacts {
  readonly programs: readonly string[];
}

export function checkAdo(file: string, source: string, table?: CommandTable): { diagnostics: Diagnostic[]; facts: AdoFacts } {
  const diagnostics: Diagnostic[] = [];
  const report = (rule: string, line: number, message: string) => diagnostics.push({ severity: 'error', rule: `stata/${rule}`, file, line, message });
  const { lines, problems } = lexAdo(source);
  for (const problem of problems) report('quotes', problem.line, problem.message);

  const programs: Program[] = [];
  let open: Program | null = null;
  let block: { kind: string; line: number } | null = null;
  for (const logical of lines) {
    const { word, rest } = commandOf(logical.text);
    if (block) {
      if (word === 'end' && rest === '') block = null;
      continue;
    }
    if (PROGRAM_WORD.test(word) && !/^(drop|dir|list)\b/.test(rest)) {
      if (open) report('program-end', logical.line, `program ${open.name} (line ${open.line}) is still open: close it with end before defining another program`);
      const name = rest.replace(/^(def|defi|defin|define)\s+/, '').split(/[\s,]/)[0] ?? '';
      const options = rest.includes(',') ? rest.slice(rest.indexOf(',') + 1).trim().split(/\s+/).filter(Boolean) : [];
      if (!VALID_NAME.test(name)) report('program-name', logical.line, `\`${name}\` is not a valid program name`);
      else if (name.length > MAX_NAME) report('name-length', logical.line, `program ${name} is ${name.length} characters long; Stata names hold at most ${MAX_NAME}`);
      if (programs.some((p) => p.name === name)) report('program-name', logical.line, `program ${name} is defined twice in this file`);
      for (const option of options) {
        if (!PROGRAM_OPTIONS.has(option.replace(/\(.*$/, ''))) report('program-options', logical.line, `\`${option}\` is not an option of program define`);
      }
      open = { name, line: logical.line, depth: 0, commands: 0, syntax: [], python: [], calls: [] };
      programs.push(open);
      continue;
    }
    if (word === 'end' && rest === '') {
      if (!open) report('program-end', logical.line, 'end without a program to close');
      else {
        if (open.depth > 0) report('braces', logical.line, `program ${open.name} ends with ${open.depth} brace(s) still open`);
        if (open.commands === 0) report('version', open.line, `program ${open.name} is empty: it must start with version 16 (or later)`);
      }
      open = null;
      continue;
    }
    if (!open) {
      if (!(PROGRAM_WORD.test(word) && /^drop\b/.test(rest))) report('outside-program', logical.line, `\`${logical.text.trim()}\` is outside any program: an ado-file holds programs only`);
      continue;
    }
    inside(open, logical, word, rest, report);
    if ((word === 'python' || word === 'mata') && /^:?\s*$/.test(rest)) block = { kind: word, line: logical.line };
  }
  if (open) report('program-end', open.line, `program ${open.name} is never closed with end`);
  if (block) report('program-end', block.line, `the ${block.kind} block opened here is never closed with end`);

  const base = file.replace(/^.*\//, '').replace(/\.ado$/, '');
  if (programs.length === 0) report('program-name', 1, `${file} defines no program; it must define program ${base}`);
  else if (programs[0]!.name !== base) report('program-name', programs[0]!.line, `the first program is ${programs[0]!.name}, but Stata runs ${file} to find program ${base}`);
  const command = table?.commands[base];
  if (table && command && programs[0]?.name === base) checkCommand(programs[0]!, base, command, table, report);
  return { diagnostics, facts: { programs: programs.map((p) => p.name) } };
}

function inside(program: Program, logical: LogicalLine, word: string, rest: string, report: (rule: string, line: number, message: string) => void): void {
  for (const brace of logical.braces) {
    if (brace.char === '{') {
      program.depth += 1;
      if (!/\{\s*$/.test(logical.text)) report('braces', brace.line, 'an open brace must end its line (Stata reads nothing after it)');
    } else {
      program.depth -= 1;
      if (logical.text.trim() !== '}') report('braces', brace.line, 'a close brace must be alone on its line');
      if (program.depth < 0) {
        report('braces', brace.line, `this } closes a brace that was never opened in program ${program.name}`);
        program.depth = 0;
      }
    }
  }
  if (program.commands === 0 && word !== 'version') {
    report('version', logical.line, `program ${program.name} must start with version 16 (or later), not ${word || logical.text.trim()}: Stata would run it under the caller's version`);
  }
  program.commands += 1;
  if (word === 'version') {
    const number = Number.parseFloat(rest);
    if (Number.isNaN(number) || number < 16) report('version', logical.line, `version ${rest}: the package needs Stata 16 or later (python and sfi)`);
  } else if (word === 'syntax') {
    const parse = parseSyntax(rest);
    for (const problem of parse.problems) report('syntax', logical.line, problem);
    program.syntax.push({ line: logical.line, parse });
  } else if (word === 'python' && !/^:?\s*$/.test(rest)) {
    program.python.push(logical);
  } else if (word) {
    program.calls.push(word);
  }
}

function checkCommand(program: Program, name: string, command: TableCommand, table: CommandTable, report: (rule: string, line: number, message: string) => void): void {
  if (program.syntax.length !== 1) {
    report('syntax', program.line, `program ${name} must parse its options with one syntax command (it has ${program.syntax.length})`);
    return;
  }
  const { line, parse } = program.syntax[0]!;
  if (parse.positional.replace(/[[\]\s]/g, '') !== '') report('syntax-table', line, `${name} takes options only, but its syntax accepts \`${parse.positional}\` before the comma`);
  const declared = new Map(parse.options.map((o) => [o.name, o]));
  for (const option of command.options) {
    const found = declared.get(option.name);
    if (!found) {
      report('syntax-table', line, `option ${option.name}() of the command table is missing from ${name}'s syntax`);
      continue;
    }
    const required = option.required === true;
    if (found.required !== required) report('syntax-table', line, `option ${option.name} must be ${required ? 'required (outside the [ ])' : 'optional (inside [ ])'}, as the command table says`);
    // Text options are `asis`, so an empty text ("") is not an option left out (runtime README).
    const wanted = option.kind === 'flag' ? 'flag' : option.kind === 'integer' && option.default !== undefined ? `integer ${option.default}` : option.kind === 'string' ? 'string asis' : 'string';
    const got = [found.type, ...found.argument].join(' ');
    if (got !== wanted) report('syntax-table', line, `option ${option.name} is declared \`${found.type === 'flag' ? 'a flag' : `(${got})`}\`; the command table's ${option.kind} option${option.default !== undefined ? ` with default ${option.default}` : ''} needs \`${wanted === 'flag' ? 'a flag' : `(${wanted})`}\``);
  }
  for (const option of parse.options) {
    if (!command.options.some((o) => o.name === option.name)) report('syntax-table', line, `option ${option.name} is not in the command table: the runtime would never read it`);
  }
  const setup = `_${table.package.stata}_setup`;
  if (!program.calls.includes(setup)) report('python-setup', program.line, `program ${name} must call ${setup} (which checks Python and puts the runtime on sys.path) before its python: line`);
  if (program.python.length !== 1) {
    report('python', program.line, `program ${name} must end in one python: line calling the runtime (it has ${program.python.length})`);
    return;
  }
  const python = program.python[0]!;
  if (/[`$]/.test(python.text)) report('python', python.line, 'the python: line expands a macro into Python source: option values must reach Python through sfi.Macro.getLocal only');
  const call = /\.main\(\s*"([^"]*)"\s*,\s*"([^"]*)"\s*\)/.exec(python.text);
  if (!call) report('python', python.line, `the python: line must call the runtime's main("${table.package.stata}_commands", "${name}")`);
  else if (call[1] !== `${table.package.stata}_commands` || call[2] !== name) {
    report('python', python.line, `the python: line runs main("${call[1]}", "${call[2]}"), not main("${table.package.stata}_commands", "${name}")`);
  }
}
