/**
 * The old package's names (`x-bd-aliases.stata`, docs/architecture.md). An
 * alias named like its target's command (`bd_read_sql`) adds its old options to
 * that command (`path()`); any other alias is a deprecated command of its own
 * (`bd_get_table_description`), which notes once per session which command to
 * use, then calls the target and lands what the old command gave (`returns`).
 */
import { paramKey } from '../../emit/labels.js';
import { snakeCase } from '../../emit/naming.js';
import type { IRAlias, IRAliasParam, IRArgument } from '../../ir/types.js';
import { shownFields, type TableField } from './fields.js';
import { effectDescriptions, refuse, type Builder, type DraftCommand, type StoredResult } from './model.js';
import { EFFECT_OPTIONS, isStataName, MAX_NAME, MAX_OPTION } from './naming.js';
import { effectOption, type StataOption } from './options.js';

/** Runtime effects an old option may switch on, with the results they work on (stata_runtime.py). */
const EFFECTS: Readonly<Record<string, readonly string[]>> = { save_csv: ['rows'] };

export function applyAliases(b: Builder, drafts: DraftCommand[]): void {
  for (const alias of b.ir.aliases.stata ?? []) {
    const owner = alias.target.kind === 'operation'
      ? b.ir.operations.find((o) => o.id === alias.target.id)?.words
      : b.ir.data.functions.find((f) => f.name === alias.target.id)?.words;
    const target = owner && drafts.find((d) => !d.deprecated && d.function === snakeCase(owner));
    if (!target) {
      refuse(b, `${alias.pointer}/target`, `old command ${alias.name} calls ${alias.target.id}, which has no Stata command.`);
      continue;
    }
    if (!isStataName(alias.name)) {
      refuse(b, `${alias.pointer}/name`, `old command ${alias.name} is not a Stata command name: lowercase letters, digits and _, at most ${MAX_NAME} characters.`);
      continue;
    }
    if (alias.name === target.name) addOldOptions(b, alias, target);
    else {
      const command = deprecatedCommand(b, alias, target);
      if (command) drafts.push(command);
    }
  }
}

function addOldOptions(b: Builder, alias: IRAlias, target: DraftCommand): void {
  if (alias.returns !== 'same' && alias.returns !== 'legacy_page') {
    refuse(b, `${alias.pointer}/returns`, `old command ${alias.name} is ${target.name} itself, so it returns what ${target.name} returns, not ${alias.returns}.`);
  }
  alias.params.forEach((p, index) => {
    const existing = [...target.params, ...target.old].find((o) => o.name === p.name);
    if (p.to !== undefined && existing?.param === p.to && p.values === undefined) {
      target.legacy.push(p.name); // the option it always was, with the old help's abbreviation
      return;
    }
    const option = oldOption(b, alias, p, index, target, target.name);
    if (!option) return;
    target.old.push(option);
    target.legacy.push(option.name);
    if (option.effect === 'save_csv') saveCsvThrough(b, alias, index, target);
  });
}

/**
 * The old `path()` saved the rows as a CSV file and imported it: the file is
 * written by the data function that downloads (returns a file) and takes every
 * parameter of the command's own function, through its path parameter.
 */
function saveCsvThrough(b: Builder, alias: IRAlias, index: number, target: DraftCommand): void {
  const wanted = target.params.map((o) => o.param);
  const fn = b.ir.data.functions.find((f) => f.returns === 'file' && wanted.every((p) => f.params.some((fp) => fp.name === p)));
  const path = fn?.params.find((p) => p.rules.format === 'path' && !wanted.includes(p.name));
  if (!fn || !path) {
    refuse(b, `${alias.pointer}/parameters/${index}/effect`, `old option of ${alias.name} saves a CSV file, but no data function returns a file through a path parameter and takes every parameter of ${target.function}.`);
    return;
  }
  const keyword = (p: IRArgument) => b.py.names.param.get(fn.name)?.get(paramKey(p)) ?? p.name;
  // Written as CSV whatever the extension says: import delimited reads nothing else (x.parquet is then refused).
  const format = fn.params.find((p) => p.rules.kind === 'string' && p.rules.enum?.includes('csv'));
  target.saveCsv = { function: b.py.names.dataFunction.get(fn.name) ?? snakeCase(fn.words), path: keyword(path), args: format ? { [keyword(format)]: 'csv' } : {} };
}

function oldOption(b: Builder, alias: IRAlias, p: IRAliasParam, index: number, target: DraftCommand, command: string): StataOption | null {
  const at = `${alias.pointer}/parameters/${index}`;
  if (!isStataName(p.name, MAX_OPTION)) {
    refuse(b, `${at}/name`, `old option ${p.name} of ${alias.name} is not a Stata option name: lowercase letters, digits and _, at most ${MAX_OPTION} characters.`);
    return null;
  }
  const name = b.options.claimExact(command, p.name, at, `old option ${p.name} of ${alias.name}`);
  // On a deprecated command every option is old: the command's help says where from, once.
  const origin = command === target.name ? alias.origin || 'an earlier package' : undefined;
  if (p.to !== undefined) {
    const filled = target.params.find((o) => o.param === p.to);
    if (!filled) {
      refuse(b, `${at}/to`, `old option ${p.name} of ${alias.name} fills ${p.to}, for which ${target.name} has no option.`);
      return null;
    }
    if (filled.required && command === target.name) {
      refuse(b, `${at}/to`, `old option ${p.name} of ${alias.name} fills the required ${p.to}: Stata's syntax cannot require one of two options.`);
      return null;
    }
    return { ...filled, name, ...(p.values ? { values: p.values } : {}), doc: { ...filled.doc, ...(origin ? { origin } : {}) } };
  }
  if (p.effect !== undefined) {
    if (!EFFECTS[p.effect]?.includes(target.lands)) {
      refuse(b, `${at}/effect`, `old option ${p.name} of ${alias.name} switches on ${p.effect}, which the Stata runtime does not do for ${target.name}${EFFECTS[p.effect] ? ` (only for ${EFFECTS[p.effect]!.join(', ')} results)` : ''}.`);
      return null;
    }
    return effectOption(name, p.effect, 'string', effectDescriptions(b.ir)[p.effect]!, origin);
  }
  if (p.ignored !== undefined) return effectOption(name, 'ignored', 'string', `Accepted without effect: ${p.ignored}`, origin);
  refuse(b, at, `old option ${p.name} of ${alias.name} neither fills a parameter nor switches on an effect.`);
  return null;
}

function deprecatedCommand(b: Builder, alias: IRAlias, target: DraftCommand): DraftCommand | null {
  const name = b.commands.claimExact(alias.name, alias.pointer, `old command ${alias.name}`);
  const old = alias.params.flatMap((p, index) => oldOption(b, alias, p, index, target, name) ?? []);
  for (const required of target.params.filter((o) => o.required)) {
    if (!old.some((o) => o.param === required.param)) refuse(b, `${alias.pointer}/parameters`, `old command ${alias.name} fills no ${required.param}, which ${target.function} requires.`);
  }
  const shape = returnsShape(b, alias, target);
  if (!shape) return null;
  const effects = target.effects
    .filter((e) => !(shape.allPages && e.effect === EFFECT_OPTIONS.allpages))
    .map((e) => ({ ...e, name: b.options.claimExact(name, e.name, `${alias.pointer}#${e.name}`, `the runtime's ${e.name} option`) }));
  return {
    ...target,
    ...shape,
    name,
    pointer: alias.pointer,
    params: [],
    old,
    legacy: old.map((o) => o.name),
    effects,
    deprecated: { use: shape.allPages ? `${target.name}, ${EFFECT_OPTIONS.allpages}` : target.name, origin: alias.origin || 'an earlier package', message: alias.message },
  };
}

type Shape = Partial<Pick<DraftCommand, 'fields' | 'show' | 'allPages' | 'displayField'>> & { readonly results: readonly StoredResult[] };

/** How the old command's result (`returns`) lands: one field shown and returned, every page, some fields only. */
function returnsShape(b: Builder, alias: IRAlias, target: DraftCommand): Shape | null {
  const fail = (message: string) => {
    refuse(b, `${alias.pointer}/returns`, `old command ${alias.name} returns ${alias.returns}, ${message}`);
    return null;
  };
  const fields = typeof target.fields === 'string' ? b.fieldSets.get(target.fields) ?? [] : target.fields ?? [];
  const subset = (names: readonly string[]): Pick<Shape, 'fields' | 'show'> | null => {
    const kept: TableField[] = fields.filter((f) => names.includes(f.path[0]!));
    const missing = names.filter((n) => !fields.some((f) => f.path[0] === n));
    if (missing.length > 0) return fail(`but ${target.function}'s result has no field ${missing.join(', ')}.`);
    return { fields: kept, show: shownFields(kept) };
  };
  switch (alias.returns) {
    case 'same':
    case 'legacy_page':
      return { results: target.results };
    case 'field': {
      if (target.lands !== 'object' || !alias.field) return fail(`which needs a target that answers one object and a field.`);
      if (!fields.some((f) => f.path.length === 1 && f.path[0] === alias.field)) return fail(`but ${target.function}'s result has no field ${alias.field}.`);
      return { displayField: alias.field, results: [{ name: alias.field, description: `the ${alias.field}, also shown in full` }] };
    }
    case 'all_items': {
      if (target.lands !== 'page') return fail('which needs a list operation as its target.');
      const only = alias.pluck ? subset([alias.pluck]) : {};
      return only && { ...only, allPages: true, results: target.results.filter((r) => r.name === b.ir.pagination.count) };
    }
    case 'pick': {
      if (target.lands !== 'object' || !alias.pick) return fail('which needs a target that answers one object.');
      const only = subset(alias.pick);
      return only && { ...only, results: [] };
    }
    default:
      return fail('which Stata does not know.');
  }
}
