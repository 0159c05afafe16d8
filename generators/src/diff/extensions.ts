/**
 * Compares what the `x-bd-*` extensions and the spec's other top-level parts
 * put in the IR: data functions, aliases, environments, error kinds, paging
 * names, security schemes, brand and package names, retry policy, servers.
 */
import type { IR, IRAlias, IRDataFunction } from '../ir/types.js';
import { compareArguments } from './arguments.js';
import { sameJson as same, type ChangeLog } from './changes.js';
import { compareTypes } from './types-compare.js';

/** Matches two lists by a key: what was removed, what was added, and the pairs present in both. */
function match<T>(before: readonly T[], after: readonly T[], key: (item: T) => string) {
  const afterByKey = new Map(after.map((item) => [key(item), item]));
  const beforeKeys = new Set(before.map(key));
  return {
    removed: before.filter((item) => !afterByKey.has(key(item))),
    added: after.filter((item) => !beforeKeys.has(key(item))),
    pairs: before.flatMap((item) => (afterByKey.has(key(item)) ? [[item, afterByKey.get(key(item))!] as const] : [])),
  };
}

export function compareDataFunctions(log: ChangeLog, oldIr: IR, newIr: IR): void {
  const { removed, added, pairs } = match(oldIr.data.functions, newIr.data.functions, (f) => f.name);
  for (const fn of removed) log.breaking('data-function-removed', fn.pointer, `data function ${fn.name} was removed`);
  for (const fn of added) log.minor('data-function-added', fn.pointer, `data function ${fn.name} was added`);
  for (const [before, after] of pairs) compareDataFunction(log, oldIr, newIr, before, after);
  if (oldIr.data.onDemandUsdPerTib !== newIr.data.onDemandUsdPerTib) {
    log.patch('price-changed', '#/x-bd-data', `estimates now price a TiB at ${newIr.data.onDemandUsdPerTib} USD (was ${oldIr.data.onDemandUsdPerTib})`);
  }
}

function compareDataFunction(log: ChangeLog, oldIr: IR, newIr: IR, before: IRDataFunction, after: IRDataFunction): void {
  const owner = `data function ${after.name}`;
  if (before.summary !== after.summary) log.patch('summary-changed', after.pointer, `the summary of ${owner} changed`);
  if (before.description !== after.description) log.patch('description-changed', after.pointer, `the description of ${owner} changed`);
  compareArguments(log, owner, before.params, after.params);
  if (before.returns !== after.returns) log.breaking('response-kind-changed', after.pointer, `${owner} now returns ${after.returns} (was ${before.returns})`);
  else if (before.result && after.result) {
    const ctx = { log, oldIr, newIr, side: 'response' as const, visited: new Set<string>() };
    compareTypes(ctx, before.result, after.result, { oldPointer: `${before.pointer}/result`, newPointer: `${after.pointer}/result`, label: `${owner}'s result` });
  }
  const raised = (fn: IRDataFunction) => [...fn.raises].sort().join(', ');
  if (raised(before) !== raised(after)) log.breaking('error-kinds-changed', after.pointer, `${owner} now raises ${raised(after) || 'no error kind'} (was ${raised(before) || 'none'})`);
}

export function compareAliases(log: ChangeLog, oldIr: IR, newIr: IR): void {
  const languages = [...new Set([...Object.keys(oldIr.aliases), ...Object.keys(newIr.aliases)])].sort();
  for (const language of languages) {
    const { removed, added, pairs } = match(oldIr.aliases[language] ?? [], newIr.aliases[language] ?? [], (a) => a.name);
    for (const alias of removed) log.breaking('alias-removed', alias.pointer, `${language} alias ${alias.name} was removed`, [language]);
    for (const alias of added) log.minor('alias-added', alias.pointer, `${language} alias ${alias.name} was added`, [language]);
    for (const [before, after] of pairs) compareAlias(log, language, before, after);
  }
}

function compareAlias(log: ChangeLog, language: string, before: IRAlias, after: IRAlias): void {
  const label = `${language} alias ${after.name}`;
  const { params: oldParams, message: oldMessage, pointer: _a, words: _b, ...oldCall } = before;
  const { params: newParams, message: newMessage, pointer: _c, words: _d, ...newCall } = after;
  if (!same(oldCall, newCall)) log.breaking('alias-changed', after.pointer, `${label} now calls or returns something else`, [language]);
  // Old code passes the old parameters by position: they must stay, in order, meaning the same; new ones may follow.
  const kept = newParams.slice(0, oldParams.length);
  if (!same(oldParams, kept)) log.breaking('alias-changed', after.pointer, `${label}'s parameters changed (${oldParams.map((p) => p.name).join(', ')} -> ${newParams.map((p) => p.name).join(', ')})`, [language]);
  else if (newParams.length > oldParams.length) log.minor('alias-parameter-added', after.pointer, `${label} now also takes ${newParams.slice(oldParams.length).map((p) => p.name).join(', ')}`, [language]);
  if (oldMessage !== newMessage) log.patch('description-changed', after.pointer, `the message of ${label} changed`, [language]);
}

export function compareEnvironments(log: ChangeLog, oldIr: IR, newIr: IR): void {
  const at = (ir: IR, name: string) => `#/x-bd-environments/${ir.environments.findIndex((e) => e.name === name)}`;
  const { removed, added, pairs } = match(oldIr.environments, newIr.environments, (e) => e.name);
  for (const env of removed) log.breaking('environment-removed', at(oldIr, env.name), `environment ${env.name} was removed`);
  for (const env of added) log.minor('environment-added', at(newIr, env.name), `environment ${env.name} was added`);
  for (const [before, after] of pairs) {
    const { description: d1, ...oldRest } = before;
    const { description: d2, ...newRest } = after;
    if (!same(oldRest, newRest)) log.minor('environment-changed', at(newIr, after.name), `environment ${after.name} now uses project ${after.project}${after.apiUrl ? ` and ${after.apiUrl}` : ''}${after.isDefault ? ' (the default)' : ''}`);
    if (d1 !== d2) log.patch('description-changed', at(newIr, after.name), `the description of environment ${after.name} changed`);
  }
}

export function compareErrors(log: ChangeLog, oldIr: IR, newIr: IR): void {
  const at = (ir: IR, kind: string) => `#/x-bd-errors/${ir.errors.findIndex((e) => e.kind === kind)}`;
  const { removed, added, pairs } = match(oldIr.errors, newIr.errors, (e) => e.kind);
  for (const kind of removed) log.breaking('error-kinds-changed', at(oldIr, kind.kind), `error kind ${kind.kind} was removed`);
  for (const kind of added) log.minor('error-kind-added', at(newIr, kind.kind), `error kind ${kind.kind} was added`);
  for (const [before, after] of pairs) {
    const { description: d1, ...oldRest } = before;
    const { description: d2, ...newRest } = after;
    // Its class name, or which statuses and BigQuery reasons raise it: what users catch changes.
    if (!same(oldRest, newRest)) log.breaking('error-kinds-changed', at(newIr, after.kind), `error kind ${after.kind} changed (its name, statuses or BigQuery reasons)`);
    if (d1 !== d2) log.patch('description-changed', at(newIr, after.kind), `the description of error kind ${after.kind} changed`);
  }
  if (!same(oldIr.pagination, newIr.pagination)) log.breaking('pagination-changed', '#/x-bd-pagination', 'the paging parameters or page fields (x-bd-pagination) changed');
  if (!same(oldIr.retry, newIr.retry)) log.patch('retry-changed', '#/x-bd-retry', 'the retry policy changed');
}

export function compareSecuritySchemes(log: ChangeLog, oldIr: IR, newIr: IR): void {
  const { removed, added, pairs } = match(oldIr.securitySchemes, newIr.securitySchemes, (s) => s.name);
  for (const scheme of removed) log.breaking('security-scheme-removed', scheme.pointer, `security scheme ${scheme.name} was removed`);
  for (const scheme of added) log.minor('security-scheme-added', scheme.pointer, `security scheme ${scheme.name} was added`);
  for (const [before, after] of pairs) {
    const { description: d1, pointer: _p1, ...oldRest } = before;
    const { description: d2, pointer: _p2, ...newRest } = after;
    if (!same(oldRest, newRest)) log.breaking('security-scheme-changed', after.pointer, `security scheme ${after.name} changed how credentials are given`);
    if (d1 !== d2) log.patch('description-changed', after.pointer, `the description of security scheme ${after.name} changed`);
  }
}

const PACKAGE_LANGUAGES = { typescript: 'ts', python: 'python', r: 'r', stata: 'stata' } as const;

export function comparePackages(log: ChangeLog, oldIr: IR, newIr: IR): void {
  if (!same(oldIr.brand, newIr.brand)) {
    log.breaking('brand-changed', '#/x-bd-packages/brand', `the brand is now ${newIr.brand.name} (${newIr.brand.envPrefix}_* variables, ${newIr.brand.short}_ prefixes); was ${oldIr.brand.name}`);
  }
  const titleChanged = !same(oldIr.packages.titleWords, newIr.packages.titleWords);
  for (const [key, language] of Object.entries(PACKAGE_LANGUAGES) as [keyof typeof PACKAGE_LANGUAGES, string][]) {
    const [was, now] = [oldIr.packages[key], newIr.packages[key]];
    // A package the spec does not name is named from the title: a new title renames it.
    if (!same(was, now) || (was === undefined && now === undefined && titleChanged)) {
      log.breaking('package-renamed', `#/x-bd-packages/${key}`, `the ${language} package's names changed (${JSON.stringify(now ?? newIr.packages.titleWords)})`, [language]);
    }
  }
}

export function compareInfo(log: ChangeLog, oldIr: IR, newIr: IR): void {
  const { version: _v1, ...oldInfo } = oldIr.info;
  const { version: _v2, ...newInfo } = newIr.info;
  for (const key of Object.keys(newInfo) as (keyof typeof newInfo)[]) {
    if (!same(oldInfo[key], newInfo[key])) log.patch('info-changed', `#/info/${key}`, `info.${key} changed`);
  }
  const oldServers = oldIr.servers.map((s) => s.url);
  const newServers = newIr.servers.map((s) => s.url);
  // The first server is where calls go by default.
  if (!same(oldServers, newServers)) log.minor('server-changed', '#/servers', `the servers are now ${newServers.join(', ') || 'none'} (were ${oldServers.join(', ') || 'none'})`);
  else if (!same(oldIr.servers, newIr.servers)) log.patch('description-changed', '#/servers', 'the description of a server changed');
  for (const group of newIr.groups) {
    const old = oldIr.groups.find((g) => g.name === group.name);
    if (old && old.description !== group.description) log.patch('description-changed', `#/tags`, `the description of group ${group.name} changed`);
  }
}
