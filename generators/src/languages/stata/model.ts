/**
 * The model every view of the Stata package is written from: its commands,
 * each with what it calls in the Python package, how the result lands in
 * Stata, its options and its help's stored results.
 */
import type { Diagnostic } from '../../diagnostics.js';
import type { IR, JsonValue } from '../../ir/types.js';
import type { Context as PythonContext } from '../python/context.js';
import type { TableField } from './fields.js';
import type { CommandNames, OptionNames } from './naming.js';
import type { PlannedOption, StataOption } from './options.js';

/** How a result reaches Stata; `none`: no answer body, the command only says it is done; `csv`: a CSV text (`text/csv`) loaded as a dataset, and saved as it came with `saving()`. */
export type Lands = 'rows' | 'page' | 'object' | 'file' | 'estimate' | 'csv' | 'none';

/** read_table's variable labels: the catalogue call whose items describe the table's columns. */
export interface LabelsFrom {
  readonly function: string;
  readonly args: readonly string[];
  readonly extra: Readonly<Record<string, number>>;
  readonly name: string;
  readonly description: string;
}

export interface Noun {
  readonly one: string;
  readonly other: string;
}

/** The Python package's function that writes a data function's rows to a CSV file, its path keyword and the arguments that make it CSV. */
export interface SaveCsv {
  readonly function: string;
  readonly path: string;
  readonly args: Readonly<Record<string, string>>;
}

export interface StoredResult {
  readonly name: string;
  readonly description: string;
}

/** A command while it is built: its options in three groups (the target's, the old package's, the runtime's). */
export interface DraftCommand {
  readonly name: string;
  /** The IR name of what it calls: the operationId or data function, snake_case. */
  readonly function: string;
  /** The Python package's function, when its name differs from `function`. */
  readonly call?: string;
  readonly lands: Lands;
  readonly summary: string;
  readonly description: string;
  readonly pointer: string;
  readonly params: StataOption[];
  readonly old: StataOption[];
  readonly effects: StataOption[];
  /** The options the old package had (its help's one-letter abbreviations, naming.ts). */
  readonly legacy: string[];
  /** With the old `path()` (effect `save_csv`): the function that writes the CSV file the rows are then imported from (set by aliases.ts). */
  saveCsv?: SaveCsv;
  readonly fields?: string | readonly TableField[];
  /** What one item is called in the summary, and several (`table`, `tables`). */
  readonly noun?: Noun;
  readonly show?: readonly (readonly string[])[];
  readonly labelsFrom?: LabelsFrom;
  readonly allPages?: boolean;
  readonly displayField?: string;
  readonly items?: string;
  readonly deprecated?: { readonly use: string; readonly origin: string; readonly message: string };
  readonly results: readonly StoredResult[];
}

export interface StataCommand extends Omit<DraftCommand, 'params' | 'old' | 'effects' | 'legacy'> {
  readonly options: readonly PlannedOption[];
}

export interface StataModel {
  readonly name: string;
  /** The Python package the commands call; `exception` its base exception, which every command catches. */
  readonly python: { readonly importName: string; readonly pip: string; readonly install: string; readonly exception: string };
  readonly version: string;
  readonly commands: readonly StataCommand[];
  /** Operations left out of the package (each a bdgen/stata-skipped warning): operationId -> why. */
  readonly skipped: ReadonlyMap<string, string>;
  readonly fieldSets: ReadonlyMap<string, readonly TableField[]>;
  readonly diagnostics: readonly Diagnostic[];
}

/** Everything the commands are built with. */
export interface Builder {
  readonly ir: IR;
  readonly py: PythonContext;
  readonly commands: CommandNames;
  readonly options: OptionNames;
  readonly fieldSets: Map<string, readonly TableField[]>;
  /** The spec's example of each parameter name, for a parameter of the same name that has none (a data function's `dataset_id`). */
  readonly examples: ReadonlyMap<string, JsonValue>;
  readonly problems: Diagnostic[];
}

/**
 * How a Stata user installs the Python package the commands call: it is on no
 * package index, so from the folder bdgen generate writes (`out/python`, or a
 * wheel built there), into the Python Stata uses (`python query` shows it).
 */
export const PYTHON_INSTALL = 'shell <that python> -m pip install <the out/python folder bdgen generate wrote>';

export const refuse = (b: Builder, pointer: string, message: string): void => {
  b.problems.push({ severity: 'error', rule: 'bdgen/stata-unsupported', pointer, message });
};

export const effectDescriptions = (ir: IR): Readonly<Record<string, string>> => ({
  clear: 'Replace the data in memory, even though it changed since it was last saved.',
  load: 'Load the answer as the dataset in memory, replacing the data there even if it changed since it was last saved; without it the answer is shown and returned in `r()` only, and the data in memory are left alone.',
  allpages: `Every item of every page; \`${ir.pagination.pageSizeParam}()\` is then how many are fetched per request.`,
  save_csv: 'Save the rows to this CSV file and load them from it with `import delimited`, as the old package did (its types: numeric codes such as `id_municipio` become numbers); the data in memory are replaced without `clear`. `~` is your home folder, and missing folders are created.',
  saving: 'Also save the text as it came, byte for byte, to this file.',
  replace: 'With `saving()`, overwrite the file if it exists.',
});

