// Python's text for values, as the real backend writes them: json.dumps (ASCII
// only, `\uXXXX` escapes; JsonResponse's ", " and ": " separators or the
// GraphQL view's compact ones) and repr() of a string, which Django and
// graphene put into error messages.
import { PyObject } from './properties.js';

/** json.dumps cannot encode this value (a UUID, a datetime, a model instance): Python raises TypeError. */
export class PythonJsonError extends Error {}

export interface PythonJsonOptions {
  /** (item, key) separators; json.dumps defaults to [', ', ': ']. */
  separators?: readonly [string, string];
  indent?: number;
  sortKeys?: boolean;
}

const asciiString = (s: string): string =>
  JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** json.dumps(value) with ensure_ascii; `undefined` object members are left out, as JSON.stringify does. */
export function pythonJson(value: unknown, options: PythonJsonOptions = {}): string {
  const indent = options.indent;
  const [item, key] = options.separators ?? (indent === undefined ? [', ', ': '] : [',', ': ']);
  const write = (v: unknown, depth: number): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return 'NaN';
      if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
      return String(v);
    }
    if (typeof v === 'string') return asciiString(v);
    if (v instanceof PyObject) throw new PythonJsonError(`Object of type ${v.pythonType} is not JSON serializable`);
    const pad = indent === undefined ? '' : `\n${' '.repeat(indent * (depth + 1))}`;
    const close = indent === undefined ? '' : `\n${' '.repeat(indent * depth)}`;
    if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${pad}${v.map((x) => write(x, depth + 1)).join(item + pad)}${close}]`;
    if (typeof v === 'object') {
      let entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      if (options.sortKeys) entries = entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (entries.length === 0) return '{}';
      return `{${pad}${entries.map(([k, x]) => `${asciiString(k)}${key}${write(x, depth + 1)}`).join(item + pad)}${close}}`;
    }
    throw new PythonJsonError(`Object of type ${typeof v} is not JSON serializable`);
  };
  return write(value, 0);
}

/** repr() of a Python str: single quotes unless the text has ' and no ". */
export function pythonRepr(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value !== 'string') return pythonJson(value);
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${quote}${out}${quote}`;
}
