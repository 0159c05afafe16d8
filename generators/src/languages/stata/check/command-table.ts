/**
 * The command table every Stata package ships (`<package>_commands.py`): JSON
 * in a raw string, so the Python runtime (`json.loads`) and this checker read
 * the same text. Its format is documented in ../runtime/README.md.
 */
import type { Diagnostic } from '../../../diagnostics.js';

export type OptionKind = 'string' | 'integer' | 'names' | 'flag';

export interface TableOption {
  readonly name: string;
  readonly kind: OptionKind;
  readonly param?: string;
  /** The Python keyword for `param`, when it is not the wire name. */
  readonly keyword?: string;
  readonly effect?: string;
  readonly required?: boolean;
  readonly default?: string | number | boolean;
  readonly values?: Readonly<Record<string, string>>;
  /** A boolean parameter that defaults to true: the option (`no<name>`) sends false. */
  readonly negated?: boolean;
  /** The option holds the request body, of this kind (json, form, multipart, binary, text). */
  readonly body?: string;
  readonly files?: readonly string[];
}

export interface TableCommand {
  readonly function: string;
  /** The Python package's function, when its name is not `function`. */
  readonly call?: string;
  readonly lands: 'rows' | 'page' | 'object' | 'file' | 'estimate' | 'csv' | 'none';
  readonly options: readonly TableOption[];
  readonly deprecated?: { readonly use: string; readonly origin?: string };
  readonly fields?: string | readonly unknown[];
}

export interface CommandTable {
  readonly format: number;
  readonly package: { readonly stata: string; readonly python: string; readonly pip: string; readonly exception?: string };
  readonly commands: Readonly<Record<string, TableCommand>>;
  readonly field_sets?: Readonly<Record<string, readonly unknown[]>>;
}

const TABLE_TEXT = /TABLE\s*=\s*json\.loads\(\s*r"""([\s\S]*?)"""\s*\)/;
const KINDS: readonly OptionKind[] = ['string', 'integer', 'names', 'flag'];
const LANDS = ['rows', 'page', 'object', 'file', 'estimate', 'csv', 'none'];
const BODY_KINDS = ['json', 'form', 'multipart', 'binary', 'text'];

/** The table of a `<package>_commands.py`, or the diagnostics saying why it cannot be read. */
export function parseCommandTable(file: string, text: string): { table?: CommandTable; diagnostics: Diagnostic[] } {
  const error = (message: string): Diagnostic => ({ severity: 'error', rule: 'stata/command-table', file, line: 1, message });
  const found = TABLE_TEXT.exec(text);
  if (!found) return { diagnostics: [error('no `TABLE = json.loads(r"""...""")` in the command table; the runtime reads the table from there')] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(found[1]!);
  } catch (cause) {
    return { diagnostics: [error(`the command table is not valid JSON: ${(cause as Error).message}`)] };
  }
  const table = parsed as CommandTable;
  const problems: string[] = [];
  if (table.format !== 1) problems.push(`format is ${JSON.stringify(table.format)}; this checker reads format 1`);
  for (const key of ['stata', 'python', 'pip'] as const) {
    if (typeof table.package?.[key] !== 'string') problems.push(`package.${key} is missing`);
  }
  for (const [name, command] of Object.entries(table.commands ?? {})) {
    if (!LANDS.includes(command.lands)) problems.push(`${name}: lands is ${JSON.stringify(command.lands)}, not one of ${LANDS.join(', ')}`);
    if (typeof command.function !== 'string') problems.push(`${name}: function is missing`);
    for (const option of command.options ?? []) {
      if (!KINDS.includes(option.kind)) problems.push(`${name}: option ${option.name} has kind ${JSON.stringify(option.kind)}, not one of ${KINDS.join(', ')}`);
      if ([option.param, option.effect, option.body].filter(Boolean).length !== 1) problems.push(`${name}: option ${option.name} has not exactly one of a param, an effect and a body`);
      if (option.body !== undefined && (!BODY_KINDS.includes(option.body) || option.kind !== 'string')) problems.push(`${name}: option ${option.name} holds a body of kind ${JSON.stringify(option.body)}; a body option is a string option of kind ${BODY_KINDS.join(', ')}`);
      if (option.negated && (option.kind !== 'flag' || option.default !== true)) problems.push(`${name}: option ${option.name} is negated, which only a flag defaulting to true can be`);
    }
    const fields = command.fields;
    if (typeof fields === 'string' && !table.field_sets?.[fields]) problems.push(`${name}: fields names the field set ${fields}, which the table does not have`);
    if ((command.lands === 'page' || command.lands === 'object') && fields === undefined) problems.push(`${name}: a ${command.lands} command needs fields`);
  }
  // A table may have no commands: a spec none of whose operations Stata can express still gets its package.
  if (!table.commands || typeof table.commands !== 'object') problems.push('the table has no commands object');
  return problems.length > 0 ? { diagnostics: problems.map(error) } : { table, diagnostics: [] };
}
