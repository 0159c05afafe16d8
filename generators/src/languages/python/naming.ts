/** Python's naming conventions, reserved words and the names of the package's exceptions, in one place. */
import { pascalCase, safeIdentifier, snakeCase, type NamingRules } from '../../emit/naming.js';
import type { Words } from '../../ir/types.js';

/** `keyword.kwlist` of Python 3.11 (soft keywords `match`, `case`, `_` are valid names). */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/**
 * The public names of `builtins`. A module-level function or class with one of
 * these names would shadow it for the whole module (annotations included).
 */
export const PYTHON_BUILTINS: ReadonlySet<string> = new Set([
  'ArithmeticError', 'AssertionError', 'AttributeError', 'BaseException', 'BaseExceptionGroup', 'BlockingIOError',
  'BrokenPipeError', 'BufferError', 'BytesWarning', 'ChildProcessError', 'ConnectionAbortedError', 'ConnectionError',
  'ConnectionRefusedError', 'ConnectionResetError', 'DeprecationWarning', 'EOFError', 'Ellipsis', 'EncodingWarning',
  'EnvironmentError', 'Exception', 'ExceptionGroup', 'FileExistsError', 'FileNotFoundError', 'FloatingPointError',
  'FutureWarning', 'GeneratorExit', 'IOError', 'ImportError', 'ImportWarning', 'IndentationError', 'IndexError',
  'InterruptedError', 'IsADirectoryError', 'KeyError', 'KeyboardInterrupt', 'LookupError', 'MemoryError',
  'ModuleNotFoundError', 'NameError', 'NotADirectoryError', 'NotImplemented', 'NotImplementedError', 'OSError',
  'OverflowError', 'PendingDeprecationWarning', 'PermissionError', 'ProcessLookupError', 'RecursionError',
  'ReferenceError', 'ResourceWarning', 'RuntimeError', 'RuntimeWarning', 'StopAsyncIteration', 'StopIteration',
  'SyntaxError', 'SyntaxWarning', 'SystemError', 'SystemExit', 'TabError', 'TimeoutError', 'TypeError',
  'UnboundLocalError', 'UnicodeDecodeError', 'UnicodeEncodeError', 'UnicodeError', 'UnicodeTranslateError',
  'UnicodeWarning', 'UserWarning', 'ValueError', 'Warning', 'ZeroDivisionError', 'abs', 'aiter', 'all', 'anext',
  'any', 'ascii', 'bin', 'bool', 'breakpoint', 'bytearray', 'bytes', 'callable', 'chr', 'classmethod', 'compile',
  'complex', 'copyright', 'credits', 'delattr', 'dict', 'dir', 'divmod', 'enumerate', 'eval', 'exec', 'exit',
  'filter', 'float', 'format', 'frozenset', 'getattr', 'globals', 'hasattr', 'hash', 'help', 'hex', 'id', 'input',
  'int', 'isinstance', 'issubclass', 'iter', 'len', 'license', 'list', 'locals', 'map', 'max', 'memoryview', 'min',
  'next', 'object', 'oct', 'open', 'ord', 'pow', 'print', 'property', 'quit', 'range', 'repr', 'reversed', 'round',
  'set', 'setattr', 'slice', 'sorted', 'staticmethod', 'str', 'sum', 'super', 'tuple', 'type', 'vars', 'zip',
]);

/**
 * Names the generated modules import next to the ones they define (typing
 * helpers, the runtime's `Page`, `pandas`): a schema or function with one of
 * these names would shadow the import.
 */
export const PYTHON_IMPORTED_NAMES: ReadonlySet<string> = new Set([
  'annotations', 'Any', 'Literal', 'NotRequired', 'TypeAlias', 'TypedDict', 'TYPE_CHECKING', 'cast', 'pandas', 'Page',
]);

const escapeName = (name: string): string => (name === '' ? 'unnamed_' : `${name}_`);

/** Parameters and locals: keywords are impossible; builtins may be shadowed (`format=`), since bodies never use them. */
export const PY_PARAM_RULES: NamingRules = {
  language: 'Python',
  reserved: PYTHON_KEYWORDS,
  escapeReserved: escapeName,
};

/** Module-level functions, classes and constants: no keyword, no builtin, no name the module imports. */
export const PY_MODULE_RULES: NamingRules = {
  language: 'Python',
  reserved: new Set([...PYTHON_KEYWORDS, ...PYTHON_BUILTINS, ...PYTHON_IMPORTED_NAMES]),
  escapeReserved: escapeName,
};

/** snake_case function names (`list_datasets`), PEP 8. */
export const pyFunctionName = (words: Words): string => safeIdentifier(words, snakeCase, PY_MODULE_RULES);
/** snake_case parameter names, `in_` for the keyword `in` (PEP 8's trailing underscore). */
export const pyParamName = (words: Words): string => safeIdentifier(words, snakeCase, PY_PARAM_RULES);
/** PascalCase class names (`DatasetPage`). */
export const pyClassName = (words: Words): string => safeIdentifier(words, pascalCase, PY_MODULE_RULES);

/** Whether `name` can be written bare as a Python identifier (ASCII only, so every reader sees the same name). */
export function isPyIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PYTHON_KEYWORDS.has(name);
}

/**
 * Whether a key can be a field of a TypedDict's class syntax: any Python
 * identifier (PEP 3131: `ændret` is one), as long as NFKC, which Python applies
 * to identifiers, leaves it as the spec spells it; else the functional syntax.
 */
export function isPyFieldName(name: string): boolean {
  return /^[\p{XID_Start}_]\p{XID_Continue}*$/u.test(name) && name.normalize('NFKC') === name && !PYTHON_KEYWORDS.has(name);
}

/** Whether `name` is a valid import name for the package: a dotted path of identifiers. */
export function isPyImportName(name: string): boolean {
  return name.split('.').every((part) => isPyIdentifier(part) && !PYTHON_BUILTINS.has(part));
}

/**
 * The built-in exception an SDK exception of a kind also derives from, so plain
 * Python handlers catch it: a bad argument is a `ValueError`. Only classes whose
 * constructor takes keyword arguments can be mixed in (not `OSError`'s family).
 */
const EXCEPTION_MIXINS: Readonly<Record<string, string>> = {
  validation: 'ValueError',
};

export function pyExceptionMixin(kind: string): string | undefined {
  return EXCEPTION_MIXINS[kind];
}
