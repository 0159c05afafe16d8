/**
 * Compares the arguments of a function users call: an operation's parameters
 * or a data function's. What users pass must stay accepted: an argument
 * removed, renamed, made required or narrowed (its type, its values, a
 * tighter bound or pattern) breaks them; one added as optional, or a rule
 * relaxed, does not.
 */
import type { IRArgument, IRParam, IRValueRules } from '../ir/types.js';
import { sameJson, type ChangeLog } from './changes.js';

type Argument = IRArgument & Partial<Pick<IRParam, 'in' | 'style' | 'explode'>>;

/** A value as messages quote it. */
const json = (value: unknown) => JSON.stringify(value ?? null);
const where = (arg: Argument) => arg.in ?? 'argument';

/** Compares the arguments of one function; `owner` names it in messages (`operation search`). */
export function compareArguments(log: ChangeLog, owner: string, oldArgs: readonly Argument[], newArgs: readonly Argument[]): void {
  const key = (arg: Argument) => `${where(arg)}:${arg.name}`;
  const newByKey = new Map(newArgs.map((a) => [key(a), a]));
  const oldKeys = new Set(oldArgs.map(key));
  const removed = oldArgs.filter((a) => !newByKey.has(key(a)));
  const added = newArgs.filter((a) => !oldKeys.has(key(a)));
  for (const before of oldArgs) {
    const after = newByKey.get(key(before));
    if (after) compareArgument(log, owner, before, after);
  }
  for (const location of new Set([...removed, ...added].map(where))) {
    const gone = removed.filter((a) => where(a) === location);
    const come = added.filter((a) => where(a) === location);
    // One out and one in at the same place, of the same kind: users see a rename.
    if (gone.length === 1 && come.length === 1 && gone[0]!.rules.kind === come[0]!.rules.kind) {
      log.breaking('parameter-renamed', come[0]!.pointer, `${owner}: ${location} parameter ${gone[0]!.name} was renamed to ${come[0]!.name}`);
      continue;
    }
    for (const arg of gone) log.breaking('parameter-removed', arg.pointer, `${owner}: ${location} parameter ${arg.name} was removed`);
    for (const arg of come) {
      if (arg.required) log.breaking('parameter-required', arg.pointer, `${owner}: ${location} parameter ${arg.name} was added as required`);
      else log.minor('parameter-added', arg.pointer, `${owner}: optional ${location} parameter ${arg.name} was added`);
    }
  }
}

function compareArgument(log: ChangeLog, owner: string, before: Argument, after: Argument): void {
  const label = `${owner}: parameter ${after.name}`;
  const at = after.pointer;
  if (before.required !== after.required) {
    if (after.required) log.breaking('parameter-required', at, `${label} is now required`);
    else log.minor('requirement-relaxed', at, `${label} is now optional`);
  }
  if (!sameJson(before.default, after.default)) log.minor('parameter-default-changed', at, `${label} defaults to ${json(after.default)} (was ${json(before.default)})`);
  if (!before.deprecated && after.deprecated) log.minor('deprecated', at, `${label} is now deprecated`);
  if (before.description !== after.description) log.patch('description-changed', at, `the description of ${label} changed`);
  if (!sameJson(before.example, after.example)) log.patch('example-changed', at, `the example of ${label} changed`);
  if (before.style !== after.style || before.explode !== after.explode) {
    log.patch('parameter-serialization-changed', at, `${label} is now sent as style ${after.style}${after.explode ? ', exploded' : ''}`);
  }
  compareRules(log, label, at, before.rules, after.rules);
}

const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems'] as const;
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems'] as const;

/** A value's rules as a runtime checks them: narrowing breaks callers, widening is minor. */
export function compareRules(log: ChangeLog, label: string, at: string, before: IRValueRules, after: IRValueRules): void {
  const narrowed = (what: string) => log.breaking('parameter-narrowed', at, `${label}: ${what}`);
  const relaxed = (what: string) => log.minor('requirement-relaxed', at, `${label}: ${what}`);
  if (before.kind !== after.kind) {
    const what = `type changed from ${before.kind} to ${after.kind}`;
    if ((before.kind === 'integer' && after.kind === 'number') || after.kind === 'unknown') relaxed(what);
    else log.breaking('parameter-type-changed', at, `${label}: ${what}`);
    return;
  }
  if ((before.format ?? '') !== (after.format ?? '')) log.breaking('parameter-type-changed', at, `${label}: format changed from ${before.format ?? 'none'} to ${after.format ?? 'none'}`);
  if (before.nullable !== after.nullable) (after.nullable ? relaxed : narrowed)(after.nullable ? 'now accepts null' : 'no longer accepts null');
  for (const bound of LOWER_BOUNDS) {
    const was = before[bound];
    const now = after[bound];
    if (was === now) continue;
    if (now !== undefined && (was === undefined || now > was)) narrowed(`${bound} is now ${now} (was ${was ?? 'none'})`);
    else relaxed(`${bound} is now ${now ?? 'none'} (was ${was})`);
  }
  for (const bound of UPPER_BOUNDS) {
    const was = before[bound];
    const now = after[bound];
    if (was === now) continue;
    if (now !== undefined && (was === undefined || now < was)) narrowed(`${bound} is now ${now} (was ${was ?? 'none'})`);
    else relaxed(`${bound} is now ${now ?? 'none'} (was ${was})`);
  }
  // Whether one pattern accepts less than another cannot be decided in general: any new or changed pattern may.
  if (before.pattern !== after.pattern) (after.pattern !== undefined ? narrowed : relaxed)(after.pattern !== undefined ? `pattern is now ${after.pattern} (was ${before.pattern ?? 'none'})` : 'no longer has a pattern');
  if (before.uniqueItems !== after.uniqueItems) (after.uniqueItems ? narrowed : relaxed)(after.uniqueItems ? 'items must now differ' : 'items may now repeat');
  compareAllowedValues(log, label, at, before.enum, after.enum);
  if (before.items && after.items) compareRules(log, `${label} (items)`, at, before.items, after.items);
}

function compareAllowedValues(log: ChangeLog, label: string, at: string, before: IRValueRules['enum'], after: IRValueRules['enum']): void {
  if (before === undefined && after === undefined) return;
  if (before === undefined) return log.breaking('parameter-narrowed', at, `${label}: now limited to ${after!.map(json).join(', ')}`);
  if (after === undefined) return log.minor('requirement-relaxed', at, `${label}: no longer limited to a list of values`);
  for (const value of before.filter((v) => !after.includes(v))) log.breaking('enum-value-removed', at, `${label} no longer takes ${json(value)}`);
  for (const value of after.filter((v) => !before.includes(v))) log.minor('enum-value-added', at, `${label} now takes ${json(value)}`);
}
