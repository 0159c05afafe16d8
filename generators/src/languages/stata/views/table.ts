/**
 * `<package>_commands.py`: the command table the runtime and the checker read
 * (format in runtime/README.md), JSON inside `TABLE = json.loads(r"""...""")`.
 * JSON text can never hold `"""` (a quote inside a string is `\"`, and strings
 * are separated by `,` `:` or brackets), and a raw string pairs backslashes
 * the way JSON does, so Python reads exactly the JSON the checker parses.
 */
import type { JsonValue } from '../../../ir/types.js';
import type { TableField } from '../fields.js';
import type { StataCommand, StataModel } from '../model.js';
import type { PlannedOption } from '../options.js';


/** JSON to write; an undefined member is left out, as JSON.stringify leaves it out. */
type Json = { readonly [key: string]: Json | undefined } | readonly Json[] | string | number | boolean | null;

export function tableJson(model: StataModel): Json {
  return {
    format: 1,
    package: { stata: model.name, python: model.python.importName, pip: model.python.pip, install: model.python.install, exception: model.python.exception, version: model.version },
    commands: Object.fromEntries(model.commands.map((c) => [c.name, commandJson(c)])),
    field_sets: Object.fromEntries([...model.fieldSets].map(([name, fields]) => [name, fields.map(fieldJson)])),
  };
}

const fieldJson = (f: TableField): Json => ({ var: f.var, path: f.path, kind: f.kind, label: f.label, ...(f.values ? { values: f.values } : {}) });

function commandJson(c: StataCommand): Json {
  return {
    function: c.function,
    ...(c.call ? { call: c.call } : {}),
    lands: c.lands,
    summary: c.summary,
    ...(c.fields !== undefined ? { fields: typeof c.fields === 'string' ? c.fields : c.fields.map(fieldJson) } : {}),
    ...(c.noun ? { noun: c.noun.one === c.noun.other ? { one: c.noun.one } : { one: c.noun.one, other: c.noun.other } } : {}),
    ...(c.show ? { show: c.show.map((p) => [...p]) } : {}),
    ...(c.items ? { items: c.items } : {}),
    ...(c.saveCsv ? { save_csv: { function: c.saveCsv.function, path: c.saveCsv.path, args: { ...c.saveCsv.args } } } : {}),
    ...(c.labelsFrom ? { labels_from: { function: c.labelsFrom.function, args: [...c.labelsFrom.args], extra: { ...c.labelsFrom.extra }, name: c.labelsFrom.name, description: c.labelsFrom.description } } : {}),
    ...(c.allPages ? { all_pages: true } : {}),
    ...(c.displayField ? { display_field: c.displayField } : {}),
    ...(c.deprecated ? { deprecated: { use: c.deprecated.use, origin: c.deprecated.origin } } : {}),
    options: c.options.map(optionJson),
  };
}

function optionJson(o: PlannedOption): Json {
  return {
    name: o.name,
    ...(o.param !== undefined ? { param: o.param } : o.body !== undefined ? {} : { effect: o.effect! }),
    ...(o.body !== undefined ? { body: o.body } : {}),
    ...(o.files ? { files: [...o.files] } : {}),
    ...(o.negated ? { negated: true } : {}),
    ...(o.keyword ? { keyword: o.keyword } : {}),
    kind: o.kind,
    ...(o.required ? { required: true } : {}),
    ...(o.default !== undefined ? { default: o.default as Json } : {}),
    ...(o.values ? { values: o.values as Json } : {}),
  };
}

/** One-line JSON, with the line and paragraph separators some editors break lines at escaped. */
const flat = (value: JsonValue | Json): string => JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

/** Laid out for reading: objects two levels deep key by key, and each element of an array of objects on a line of its own. */
export function layoutJson(value: Json, indent = '', depth = 0): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0 || !value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) return flat(value);
    return `[\n${value.map((v) => `${inner}${flat(v)}`).join(',\n')}\n${indent}]`;
  }
  if (value === null || typeof value !== 'object' || depth > 2) return flat(value);
  const entries = Object.entries(value).filter((entry): entry is [string, Json] => entry[1] !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${flat(k)}: ${layoutJson(v, inner, depth + 1)}`).join(',\n')}\n${indent}}`;
}

export function tableView(model: StataModel) {
  const json = layoutJson(tableJson(model));
  // Never expected (see above); a guard, so a raw string that would end early is never written.
  if (json.includes('"""')) throw new Error('the command table would hold """ and end its raw string early');
  return { pkg: model.name, json };
}
