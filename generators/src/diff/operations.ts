/**
 * Compares the operations of two IRs, matched by operationId (or, when the id
 * changed, by method and path): what each call takes, returns, pages, raises
 * and needs to authenticate.
 */
import { escapePointerToken } from '../diagnostics.js';
import type { IR, IROperation, IRSecurityRequirement } from '../ir/types.js';
import { compareArguments } from './arguments.js';
import type { ChangeLog } from './changes.js';
import { compareTypes, type Side, type TypeContext } from './types-compare.js';

/** How users call it: `datasets.list`, or `search` at top level. */
const callName = (op: IROperation) => [op.group?.name, op.method.join('_')].filter(Boolean).join('.');

export function compareOperations(log: ChangeLog, oldIr: IR, newIr: IR): void {
  const newById = new Map(newIr.operations.map((op) => [op.id, op]));
  const oldIds = new Set(oldIr.operations.map((op) => op.id));
  const added = newIr.operations.filter((op) => !oldIds.has(op.id));
  const endpoint = (op: IROperation) => `${op.httpMethod} ${op.path}`;
  const contexts = { request: context(log, oldIr, newIr, 'request'), response: context(log, oldIr, newIr, 'response') };
  for (const before of oldIr.operations) {
    let after = newById.get(before.id);
    if (after === undefined) {
      // The id changed but the endpoint did not: the same operation under a new id.
      after = added.find((op) => endpoint(op) === endpoint(before));
      if (after === undefined) {
        log.breaking('operation-removed', before.pointer, `operation ${before.id} (${endpoint(before)}) was removed`);
        continue;
      }
      added.splice(added.indexOf(after), 1);
      if (callName(before) === callName(after)) {
        // TypeScript calls group.method (x-bd-method); Python, R and Stata name their functions after the operationId's words.
        if (before.words.join('_') === after.words.join('_')) log.patch('operation-id-changed', after.pointer, `operation ${before.id} is now ${after.id}; users still call ${callName(after)}`);
        else log.breaking('operation-id-changed', after.pointer, `operation ${before.id} is now ${after.id}: TypeScript users still call ${callName(after)}, but the Python, R and Stata functions are named after the operationId (${before.words.join('_')} -> ${after.words.join('_')})`, ['python', 'r', 'stata']);
      }
    }
    compareOperation(log, contexts, before, after);
  }
  for (const op of added) log.minor('operation-added', op.pointer, `operation ${op.id} (${endpoint(op)}) was added`);
}

function context(log: ChangeLog, oldIr: IR, newIr: IR, side: Side): TypeContext {
  return { log, oldIr, newIr, side, visited: new Set() };
}

function compareOperation(log: ChangeLog, ctx: Record<Side, TypeContext>, before: IROperation, after: IROperation): void {
  const owner = `operation ${after.id}`;
  const at = after.pointer;
  if (callName(before) !== callName(after)) log.breaking('operation-renamed', at, `${owner}: users called ${callName(before)}, now ${callName(after)}`);
  if (before.httpMethod !== after.httpMethod || before.path !== after.path) {
    log.minor('operation-endpoint-changed', at, `${owner} now calls ${after.httpMethod} ${after.path} (was ${before.httpMethod} ${before.path})`);
  }
  if (before.summary !== after.summary) log.patch('summary-changed', at, `the summary of ${owner} changed`);
  if (before.description !== after.description) log.patch('description-changed', at, `the description of ${owner} changed`);
  if (!before.deprecated && after.deprecated) log.minor('deprecated', at, `${owner} is now deprecated`);
  compareArguments(log, owner, before.params, after.params);
  compareBody(log, ctx.request, before, after);
  compareSuccess(log, ctx.response, before, after);
  comparePagination(log, ctx.response, before, after);
  compareGraphql(log, before, after);
  const raised = (op: IROperation) => [...op.raises].sort().join(', ');
  if (raised(before) !== raised(after)) log.breaking('error-kinds-changed', at, `${owner} now raises ${raised(after) || 'no error kind'} (was ${raised(before) || 'none'})`);
  for (const response of after.responses) {
    const old = before.responses.find((r) => r.status === response.status);
    if (old && old.description !== response.description) {
      log.patch('description-changed', `${at}/responses/${escapePointerToken(response.status)}`, `the description of ${owner}'s ${response.status} response changed`);
    }
  }
  compareSecurity(log, owner, `${at}/security`, before.security, after.security);
}

function compareBody(log: ChangeLog, ctx: TypeContext, before: IROperation, after: IROperation): void {
  const owner = `operation ${after.id}`;
  const [was, now] = [before.body, after.body];
  if (was === null && now === null) return;
  if (was === null) {
    if (now!.required) log.breaking('request-body-required', now!.pointer, `${owner} now requires a request body`);
    else log.minor('request-body-added', now!.pointer, `${owner} now takes an optional request body`);
    return;
  }
  if (now === null) return log.breaking('request-body-removed', was.pointer, `${owner} no longer takes a request body`);
  if (!was.required && now.required) log.breaking('request-body-required', now.pointer, `${owner}'s request body is now required`);
  if (was.required && !now.required) log.minor('requirement-relaxed', now.pointer, `${owner}'s request body is now optional`);
  if (was.description !== now.description) log.patch('description-changed', now.pointer, `the description of ${owner}'s request body changed`);
  for (const media of was.media) {
    const still = now.media.find((m) => m.type === media.type);
    const token = `content/${escapePointerToken(media.type)}`;
    if (still === undefined) {
      log.breaking('request-media-removed', `${was.pointer}/${token}`, `${owner} no longer takes a ${media.type} body`);
      continue;
    }
    if (JSON.stringify(media.example ?? null) !== JSON.stringify(still.example ?? null)) log.patch('example-changed', `${now.pointer}/${token}`, `the example of ${owner}'s ${media.type} body changed`);
    compareTypes(ctx, media.schema, still.schema, { oldPointer: `${was.pointer}/${token}/schema`, newPointer: `${now.pointer}/${token}/schema`, label: `${owner}'s ${media.type} body` });
  }
  for (const media of now.media.filter((m) => !was.media.some((o) => o.type === m.type))) {
    log.minor('request-media-added', `${now.pointer}/content/${escapePointerToken(media.type)}`, `${owner} now also takes a ${media.type} body`);
  }
}

function successPointer(op: IROperation): string {
  const media = op.responses.find((r) => r.status === op.success.status)?.media[0];
  const base = `${op.pointer}/responses/${escapePointerToken(op.success.status)}`;
  return media ? `${base}/content/${escapePointerToken(media.type)}/schema` : base;
}

function compareSuccess(log: ChangeLog, ctx: TypeContext, before: IROperation, after: IROperation): void {
  const owner = `operation ${after.id}`;
  if (before.success.kind !== after.success.kind) {
    log.breaking('response-kind-changed', successPointer(after), `${owner} now returns ${after.success.kind} (was ${before.success.kind})`);
    return;
  }
  compareTypes(ctx, before.success.type, after.success.type, { oldPointer: successPointer(before), newPointer: successPointer(after), label: `${owner}'s result` });
}

function comparePagination(log: ChangeLog, ctx: TypeContext, before: IROperation, after: IROperation): void {
  const owner = `operation ${after.id}`;
  const [was, now] = [before.pagination, after.pagination];
  if (was === null && now === null) return;
  const describe = (p: typeof was) => (p === null ? 'not paged' : `paged by ${p.items}${p.pageTotal ? ` with ${p.pageTotal}` : ''}`);
  if (was === null || now === null || was.items !== now.items || was.pageTotal !== now.pageTotal) {
    log.breaking('pagination-changed', after.pointer, `${owner} is now ${describe(now)} (was ${describe(was)})`);
    return;
  }
  compareTypes(ctx, was.item, now.item, { oldPointer: before.pointer, newPointer: after.pointer, label: `an item of ${owner}'s pages` });
}

function compareGraphql(log: ChangeLog, before: IROperation, after: IROperation): void {
  const owner = `operation ${after.id}`;
  const [was, now] = [before.graphql, after.graphql];
  // A catalogue function's pointer is its own entry of `x-bd-graphql`.
  const pointer = after.pointer;
  if (was !== null && now === null) log.breaking('graphql-binding-removed', before.pointer, `${owner} is no longer answered by the catalogue's GraphQL query ${was.operationName}`);
  else if (was === null && now !== null) log.minor('graphql-binding-added', pointer, `${owner} is now answered by the catalogue's GraphQL query ${now.operationName}`);
  else if (was !== null && now !== null && JSON.stringify(was) !== JSON.stringify(now)) log.minor('graphql-binding-changed', pointer, `${owner}'s GraphQL query ${now.operationName} changed`);
}

const requirementKey = (req: IRSecurityRequirement) => req.map((s) => `${s.scheme}[${[...s.scopes].sort().join(' ')}]`).sort().join(' + ');

/** Callers without credentials must still be served; callers with some must find their way still accepted. */
export function compareSecurity(log: ChangeLog, owner: string, at: string, before: readonly IRSecurityRequirement[], after: readonly IRSecurityRequirement[]): void {
  const optional = (reqs: readonly IRSecurityRequirement[]) => reqs.length === 0 || reqs.some((r) => r.length === 0);
  const was = new Set(before.map(requirementKey));
  const now = new Set(after.map(requirementKey));
  const ways = (keys: Set<string>) => [...keys].filter(Boolean).join(' or ') || 'none';
  if (optional(before) && !optional(after)) return log.breaking('security-added', at, `${owner} now requires credentials (${ways(now)})`);
  if (!optional(before) && optional(after)) return log.minor('requirement-relaxed', at, `${owner} no longer requires credentials`);
  const dropped = [...was].filter((k) => !now.has(k));
  const gained = [...now].filter((k) => !was.has(k));
  if (dropped.length > 0 && !optional(after)) log.breaking('security-changed', at, `${owner} no longer accepts ${dropped.join(' or ')} (now ${ways(now)})`);
  else if (gained.length > 0 || dropped.length > 0) log.minor('requirement-relaxed', at, `${owner} now also accepts ${gained.join(' or ') || 'fewer optional ways'}`);
}
