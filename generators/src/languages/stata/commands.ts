/**
 * The commands of a Stata package, from the IR: one per data function
 * (`bd_read_sql`, ...) and one per catalogue operation (`bd_list_datasets`,
 * ...), then the old package's names (aliases.ts). Each says what it calls in
 * the Python package, how the result lands in Stata and its options: the
 * command table (views/table.ts), the ado-files and the help files are all
 * written from this one model.
 */
import { oneLine } from '../../emit/escape.js';
import { snakeCase } from '../../emit/naming.js';
import { BODY_KEY, paramKey } from '../../emit/labels.js';
import type { IR, IRArgument, IRBody, IRType, JsonValue, Words } from '../../ir/types.js';
import { createContext as pythonContext } from '../python/context.js';
import { applyAliases } from './aliases.js';
import { pyBaseException } from '../python/brand.js';
import { commandPrefix } from './brand.js';
import { fieldsOf, nounOf, objectProperties, shownFields, type TableField } from './fields.js';
import { CommandNames, EFFECT_OPTIONS, OptionNames, stataPackage } from './naming.js';
import { effectDescriptions, PYTHON_INSTALL, refuse, type Builder, type DraftCommand, type LabelsFrom, type Lands, type StataModel, type StoredResult } from './model.js';
import { bodyOption, effectOption, isNegated, paramOption, planOptions, unsupportedParam } from './options.js';

export function buildModel(ir: IR): StataModel {
  const pkg = stataPackage(ir);
  const py = pythonContext(ir);
  const examples = new Map<string, JsonValue>();
  for (const p of [...ir.operations.flatMap((o) => o.params), ...ir.data.functions.flatMap((f) => f.params)]) {
    if (p.example !== undefined && !examples.has(p.name)) examples.set(p.name, p.example);
  }
  const b: Builder = { ir, py, commands: new CommandNames(pkg.name, commandPrefix(ir.brand.short)), options: new OptionNames(), fieldSets: new Map(), examples, problems: [] };
  const drafts: DraftCommand[] = [];
  const skipped = new Map<string, string>();
  for (const fn of ir.data.functions) {
    const draft = dataCommand(b, fn);
    if (draft) drafts.push(draft);
  }
  for (const op of ir.operations) {
    const draft = operationCommand(b, op, skipped);
    if (draft) drafts.push(draft);
    else if (!skipped.has(op.id)) skipped.set(op.id, 'its Stata name is another command\'s (an error above).');
  }
  applyAliases(b, drafts);
  const { version } = ir;
  return {
    name: pkg.name,
    python: { importName: py.pkg.importName, pip: py.pkg.name, install: PYTHON_INSTALL, exception: pyBaseException(ir) },
    version: `${version.major}.${version.minor}.${version.patch}`,
    commands: drafts.map(({ params, old, effects, legacy, ...rest }) => ({ ...rest, options: planOptions([...params, ...old, ...effects], new Set(legacy)) })),
    skipped,
    fieldSets: b.fieldSets,
    diagnostics: [...pkg.diagnostics, ...b.commands.diagnostics, ...b.options.diagnostics, ...b.problems],
  };
}

interface Callable {
  readonly id: string;
  readonly words: Words;
  readonly params: readonly IRArgument[];
  readonly body?: IRBody | null;
  readonly summary: string;
  readonly description: string;
  readonly pointer: string;
}

/** What every command has; null when its name is another command's (reported as a clash). */
function base(b: Builder, c: Callable, pythonName: string | undefined, lands: Lands): Omit<DraftCommand, 'results'> | null {
  const name = b.commands.claim(c.words, c.pointer, `${lands === 'rows' || lands === 'file' || lands === 'estimate' ? 'data function' : 'operation'} ${c.id}`);
  if (name === null) return null;
  const fn = snakeCase(c.words);
  const keywords = b.py.names.param.get(c.id);
  // A boolean that defaults to true is turned off by no<name>, Stata's convention. Two parameters of one
  // Stata name (`_group`, `group`): the later is renamed with a warning, as in Python.
  const words = (p: IRArgument): Words => (isNegated(p) ? [`no${p.words[0] ?? ''}`, ...p.words.slice(1)] : p.words);
  const params = c.params.map((p) => paramOption(p, b.options.claim(name, words(p), p.pointer, `parameter ${p.name}`, true), keywords?.get(paramKey(p)), name, b.problems, b.examples.get(p.name)));
  if (c.body) params.push(bodyOption(c.body, b.options.claim(name, ['body'], c.body.pointer, 'the request body', true), keywords?.get(BODY_KEY)));
  const effects: { name: string; kind: 'flag' | 'string' }[] = lands === 'none'
    ? []
    : lands === 'rows' || lands === 'object'
    ? [{ name: EFFECT_OPTIONS.clear, kind: 'flag' }]
    : lands === 'page'
      ? [{ name: EFFECT_OPTIONS.allpages, kind: 'flag' }, { name: EFFECT_OPTIONS.clear, kind: 'flag' }]
      : lands === 'csv'
        ? [{ name: EFFECT_OPTIONS.saving, kind: 'string' }, { name: EFFECT_OPTIONS.replace, kind: 'flag' }, { name: EFFECT_OPTIONS.clear, kind: 'flag' }]
        : [];
  const descriptions = effectDescriptions(b.ir);
  // A catalogue answer is shown and returned; clear loads it as the dataset (it never replaces the data unasked).
  const described = (effect: string) => (effect === EFFECT_OPTIONS.clear && lands !== 'rows' ? descriptions.load! : descriptions[effect]!);
  return {
    name,
    function: fn,
    ...(pythonName !== undefined && pythonName !== fn ? { call: pythonName } : {}),
    lands,
    summary: oneLine(c.summary),
    description: c.description,
    pointer: c.pointer,
    params,
    old: [],
    legacy: [],
    effects: effects.map((e) => effectOption(b.options.claimExact(name, e.name, `${c.pointer}#${e.name}`, `the runtime's ${e.name} option`), e.name, e.kind, described(e.name))),
  };
}

function dataCommand(b: Builder, fn: IR['data']['functions'][number]): DraftCommand | null {
  const lands: Lands = fn.returns;
  if (!['rows', 'file', 'estimate'].includes(lands)) {
    refuse(b, fn.pointer, `data function ${fn.name} returns ${String(fn.returns)}, which the Stata runtime cannot land (rows, file or estimate).`);
    return null;
  }
  const draft = base(b, { id: fn.name, words: fn.words, params: fn.params, summary: fn.summary, description: fn.description, pointer: fn.pointer }, b.py.names.dataFunction.get(fn.name), lands);
  if (!draft) return null;
  const results = lands === 'rows'
    ? [{ name: 'N', description: 'number of observations' }, { name: 'k', description: 'number of variables' }]
    : propertyResults(b.ir, fn.result);
  const labels = lands === 'rows' ? labelsFrom(b, fn.name, fn.params) : undefined;
  return { ...draft, results, ...(labels ? { labelsFrom: labels } : {}) };
}

function operationCommand(b: Builder, op: IR['operations'][number], skipped: Map<string, string>): DraftCommand | null {
  // An operation Stata cannot express is left out of the Stata package only, counted as a warning:
  // any real spec still generates (the other languages have it).
  const refusal = (message: string) => {
    skipped.set(op.id, message);
    b.problems.push({ severity: 'warning', rule: 'bdgen/stata-skipped', pointer: op.pointer, message: `operation ${op.id} is not a Stata command: it ${message.replace(/^is /, 'is ').replace(/^has /, 'has ')}` });
    return null;
  };
  if (op.body && op.body.media.length === 0) return refusal('has a request body of no media type to send it as.');
  const unsupported = op.params.map(unsupportedParam).find((reason) => reason !== undefined);
  if (unsupported) return refusal(`has a parameter no option can express: ${unsupported}`);
  const callable = { id: op.id, words: op.words, params: op.params, body: op.body, summary: op.summary, description: op.description, pointer: op.pointer };
  const pythonName = b.py.names.operation.get(op.id);
  if (op.pagination) {
    if (!op.params.some((p) => p.in === 'query' && p.name === b.ir.pagination.pageParam)) return refusal(`is a list operation without the "${b.ir.pagination.pageParam}" query parameter, so its pages cannot be walked.`);
    const fields = fieldSet(b, op.pagination.item);
    if (!fields) return refusal('lists items that are not objects: they cannot land as observations with one variable per field.');
    const envelope = propertyResults(b.ir, op.success.type).filter((r) => r.name !== b.ir.pagination.items);
    const draft = base(b, callable, pythonName, 'page');
    return draft && {
      ...draft,
      ...fields,
      noun: nounOf(op.pagination.item),
      results: envelope,
      ...(op.pagination.items !== 'items' ? { items: op.pagination.items } : {}),
    };
  }
  if (op.success.kind === 'binary') return refusal('answers bytes, which cannot land in Stata as data.');
  if (op.success.kind === 'empty') {
    // Nothing to land: the command says it is done (a delete, an update answering 204).
    const draft = base(b, callable, pythonName, 'none');
    return draft && { ...draft, results: [] };
  }
  if (isCsv(op)) {
    const draft = base(b, callable, pythonName, 'csv');
    return draft && { ...draft, results: [{ name: 'N', description: 'number of observations (rows after the header)' }, { name: 'k', description: 'number of variables (columns)' }] };
  }
  const fields = (op.success.kind === 'json' ? fieldSet(b, op.success.type) : null) ?? wholeResult(op);
  const draft = base(b, callable, pythonName, 'object');
  return draft && { ...draft, ...fields, noun: nounOf(namedRef(op.success.type) ?? op.success.type, true), results: [] };
}

/** A text answer in CSV (`text/csv`): it lands as a dataset, one variable per column of its header. */
function isCsv(op: IR['operations'][number]): boolean {
  const media = op.responses.find((r) => r.status === op.success.status)?.media[0]?.type ?? '';
  return op.success.kind === 'text' && /^text\/csv\b/i.test(media);
}

/** JSON that is not an object (a list, a value of no declared shape) or text: one variable holding all of it (a field of path []). */
function wholeResult(op: IR['operations'][number]): { fields: readonly TableField[]; show: string[][] } {
  const response = op.responses.find((r) => r.status === op.success.status);
  const label = oneLine(response?.description ?? '').replace(/`/g, '') || 'Value';
  return { fields: [{ var: 'value', path: [], kind: op.success.kind === 'text' ? 'str' : 'json', label }], show: [] };
}

/** The ref a type names, seen through a nullable union. */
function namedRef(type: IRType): IRType | null {
  if (type.kind === 'ref') return type;
  if (type.kind === 'union') {
    const real = type.variants.filter((v) => v.kind !== 'null');
    return real.length === 1 && real[0]!.kind === 'ref' ? real[0]! : null;
  }
  return null;
}

/** The fields of an item type: a shared set named after its schema, or the command's own list for an inline type. */
function fieldSet(b: Builder, type: IRType): { fields: string | readonly TableField[]; show: string[][] } | null {
  const fields = fieldsOf(b.ir, type);
  if (!fields) return null;
  const ref = namedRef(type);
  if (ref?.kind === 'ref') b.fieldSets.set(ref.name, fields);
  return { fields: ref?.kind === 'ref' ? ref.name : fields, show: shownFields(fields) };
}

function propertyResults(ir: IR, type: IRType | null): StoredResult[] {
  const properties = type ? objectProperties(ir, type) ?? [] : [];
  return properties.map((p) => ({ name: p.name, description: oneLine(p.description).replace(/`/g, '') || p.words.join(' ') }));
}

/**
 * Where a rows function's variable labels come from: the list operation
 * addressed by the most of the function's identifiers (its path parameters all
 * among the function's parameters) whose items have a name and a description,
 * i.e. the catalogue's columns of the table read. Every page is walked, at the
 * largest page size the spec allows.
 */
function labelsFrom(b: Builder, fnName: string, params: readonly IRArgument[]): LabelsFrom | undefined {
  // Python's labels are keyed by location and wire name (emit/labels.ts).
  const keyword = (owner: string, p: IRArgument) => b.py.names.param.get(owner)?.get(paramKey(p)) ?? p.name;
  let best: { op: IR['operations'][number]; ids: readonly IRArgument[] } | undefined;
  for (const op of b.ir.operations) {
    const ids = op.params.filter((p) => p.in === 'path');
    const item = op.pagination ? objectProperties(b.ir, op.pagination.item) : null;
    if (!item || ids.length === 0 || !['name', 'description'].every((n) => item.some((p) => p.name === n))) continue;
    if (!ids.every((p) => params.some((a) => a.name === p.name && keyword(fnName, a) === keyword(op.id, p)))) continue;
    if (!best || ids.length > best.ids.length) best = { op, ids };
  }
  if (!best) return undefined;
  const pageSize = best.op.params.find((p) => p.name === b.ir.pagination.pageSizeParam);
  const function_ = b.py.names.operation.get(best.op.id) ?? snakeCase(best.op.words);
  return {
    function: function_,
    args: best.ids.map((p) => keyword(best!.op.id, p)),
    extra: pageSize?.rules.maximum !== undefined ? { [keyword(best.op.id, pageSize)]: pageSize.rules.maximum } : {},
    name: 'name',
    description: 'description',
  };
}
