/**
 * R's naming rules in one place: reserved words, the names an export must not
 * mask, file names Windows refuses, the runtime's own names, and the rules
 * the name planner applies to exports and to arguments.
 */
import { safeIdentifier, snakeCase, type NamingRules } from '../../emit/naming.js';
import type { Words } from '../../ir/types.js';
import { R_ATTACHED_NAMES } from './masked-names.js';

/** `?Reserved`: words the parser owns; none can name a function or an argument without backticks. */
export const R_RESERVED: ReadonlySet<string> = new Set([
  'if', 'else', 'repeat', 'while', 'function', 'for', 'next', 'break', 'in', 'TRUE', 'FALSE', 'NULL', 'Inf', 'NaN',
  'NA', 'NA_integer_', 'NA_real_', 'NA_character_', 'NA_complex_',
]);

/**
 * Names Windows refuses as file names whatever the extension; `R CMD check`
 * reports `man/aux.Rd` or `R/con.R` as non-portable, so no export or file may use them.
 */
export const WINDOWS_DEVICE_NAMES: ReadonlySet<string> = new Set([
  'con', 'prn', 'aux', 'nul', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`com${n}`, `lpt${n}`]),
]);

/**
 * Longest export name: its help page is `man/<name>.Rd` inside `<package>/`,
 * and `R CMD build` warns about paths over 100 bytes in the tarball.
 */
export const R_MAX_EXPORT_LENGTH = 60;

/**
 * What an export that would mask an attached function is called instead:
 * every such export is a call of the spec's catalogue API (`search` ->
 * `search_catalogue`), the name the runtime's README promises.
 */
const MASK_SUFFIX = '_catalogue';

/** The prefix the runtime keeps for itself (`bd_call`, `bd_page`): a generated name starting with it would collide. */
export const RUNTIME_PREFIX = 'bd_';

/** Exported functions: no reserved word, no attached name, no device name. */
export const R_EXPORT_RULES: NamingRules = {
  language: 'R',
  reserved: new Set([...R_RESERVED, ...R_ATTACHED_NAMES, ...WINDOWS_DEVICE_NAMES]),
  maxLength: R_MAX_EXPORT_LENGTH,
  escapeReserved: (name) => (name === '' ? 'unnamed_call' : `${name}${MASK_SUFFIX}`),
};

/**
 * Arguments: reserved words get a trailing underscore (`if` -> `if_`);
 * arguments may share names with functions (R looks functions up apart).
 */
export const R_ARG_RULES: NamingRules = {
  language: 'R',
  reserved: R_RESERVED,
  maxLength: R_MAX_EXPORT_LENGTH,
  escapeReserved: (name) => (name === '' ? 'unnamed_' : `${name}_`),
};

/** The snake_case export name of some words, before clashes are checked. */
export const rFunctionName = (words: Words): string => safeIdentifier(words, snakeCase, R_EXPORT_RULES);

/** The snake_case argument name of some words. */
export const rArgName = (words: Words): string => safeIdentifier(words, snakeCase, R_ARG_RULES);

/**
 * Whether `name` is a syntactic R name that needs no quoting (`make.names`
 * would keep it): ASCII letters, digits, `.` and `_`, not starting with a
 * digit, `_` or `.digit`, and not reserved.
 */
export function isSyntacticName(name: string): boolean {
  return /^([A-Za-z]|\.[A-Za-z._]|\.$)[A-Za-z0-9._]*$/.test(name) && !R_RESERVED.has(name) && !/^\.\.(\.|[0-9]+)$/.test(name);
}

/** Base and recommended packages a package may not be named after (R CMD check refuses them). */
const R_BASE_PACKAGES: ReadonlySet<string> = new Set([
  'base', 'compiler', 'datasets', 'graphics', 'grDevices', 'grid', 'methods', 'parallel', 'splines', 'stats', 'stats4',
  'tcltk', 'tools', 'translations', 'utils',
]);

/** Why `name` cannot be an R package's name (Writing R Extensions 1.1.1), or null when it can. */
export function packageNameProblem(name: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9.]*[A-Za-z0-9]$/.test(name)) {
    return 'an R package name has at least two ASCII letters, digits and dots, starts with a letter and does not end with a dot';
  }
  if (R_BASE_PACKAGES.has(name)) return `${name} is a package of base R`;
  return null;
}
