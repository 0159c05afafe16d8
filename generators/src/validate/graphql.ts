/**
 * The checks of `x-bd-graphql` a JSON Schema cannot make: each document is one
 * GraphQL query (parsed by `graphql`, the reference implementation, so a typo
 * is a diagnostic here, not a refusal by the server), every variable it
 * declares is given a value (a parameter, the page size or the offset), every
 * name the function maps exists, and its paths start at a field the query
 * selects. Whether the fields exist is the server's to say: the tests check the
 * documents against the local datalake's schema, a replica of the backend's.
 */
import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { isObject, nodeAtRef } from '../load/pointer.js';
import type { ExtensionProblem } from './extensions.js';

type Json = Record<string, unknown>;

/** Wire names of the parameters of an operation object (following local `$ref`s). */
function parameterNames(root: Json, op: Json): Set<string> {
  const names = new Set<string>();
  for (const raw of Array.isArray(op.parameters) ? op.parameters : []) {
    const p = isObject(raw) && typeof raw.$ref === 'string' ? nodeAtRef(root, raw.$ref) : raw;
    if (isObject(p) && typeof p.name === 'string') names.add(p.name);
  }
  return names;
}

function documentOf(query: string): { doc?: DocumentNode; error?: string } {
  try {
    return { doc: parse(query, { noLocation: true, maxTokens: 20_000 }) };
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0]!.replace(/\.$/, '') };
  }
}

/** Response names (aliases, else field names) of the query's root selection. */
function rootFields(operation: OperationDefinitionNode): Set<string> {
  return new Set(operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.alias?.value ?? s.name.value] : [])));
}

export function checkGraphql(root: Json): ExtensionProblem[] {
  const extension = root['x-bd-graphql'];
  if (!isObject(extension) || !isObject(extension.operations)) return [];
  const problems: ExtensionProblem[] = [];
  const pathIds = new Set<string>();
  for (const item of Object.values(isObject(root.paths) ? root.paths : {})) {
    if (isObject(item)) for (const op of Object.values(item)) if (isObject(op) && typeof op.operationId === 'string') pathIds.add(op.operationId);
  }
  for (const [id, op] of Object.entries(extension.operations)) {
    if (!isObject(op)) continue;
    const at = (...path: (string | number)[]) => ['x-bd-graphql', 'operations', id, ...path];
    const say = (path: (string | number)[], message: string) => problems.push({ path: at(...path), message: `x-bd-graphql ${id}: ${message}` });
    if (pathIds.has(id)) say([], `operationId ${JSON.stringify(id)} is also an operation under paths; each becomes a function name, so it must be unique.`);
    if (typeof op.query !== 'string') continue;
    const { doc, error } = documentOf(op.query);
    if (!doc) {
      say(['query'], `the document is not GraphQL: ${error}.`);
      continue;
    }
    const operations = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = operations[0];
    if (operations.length !== 1 || doc.definitions.length !== 1 || operation!.operation !== 'query' || !operation!.name) {
      say(['query'], 'the document must be exactly one named query (no fragments, mutations or subscriptions).');
      continue;
    }
    const declared = new Set((operation!.variableDefinitions ?? []).map((v) => v.variable.name.value));
    const params = parameterNames(root, op);
    const variables = isObject(op.variables) ? op.variables : {};
    const connection = isObject(op.connection) ? op.connection : undefined;
    const given = new Set([...Object.keys(variables), ...(connection ? [String(connection.first), String(connection.offset)] : [])]);
    for (const [variable, param] of Object.entries(variables)) {
      if (!declared.has(variable)) say(['variables', variable], `the query declares no variable $${variable}.`);
      if (!params.has(String(param))) say(['variables', variable], `$${variable} takes the parameter ${JSON.stringify(param)}, which the function does not have.`);
    }
    for (const variable of declared) {
      if (!given.has(variable)) say(['query'], `the query's variable $${variable} is given no value: map it in \`variables\` or \`connection\`.`);
    }
    const paging = isObject(root['x-bd-pagination']) ? root['x-bd-pagination'] : {};
    const pageParams = [String(paging.page_param ?? 'page'), String(paging.page_size_param ?? 'page_size')];
    if (connection && !pageParams.every((p) => params.has(p))) say(['connection'], `a paged function takes the parameters ${pageParams.join(' and ')}.`);
    if (connection) for (const key of ['first', 'offset'] as const) {
      if (!declared.has(String(connection[key]))) say(['connection', key], `the query declares no variable $${String(connection[key])}.`);
    }
    if (typeof op.locale === 'string' && !params.has(op.locale)) say(['locale'], `the locale parameter ${JSON.stringify(op.locale)} is not a parameter of the function.`);
    const roots = rootFields(operation!);
    for (const key of ['result', 'exists'] as const) {
      const path = op[key];
      if (typeof path === 'string' && !roots.has(path.split('.')[0]!)) say([key], `the path ${JSON.stringify(path)} starts at no field the query selects (${[...roots].join(', ')}).`);
    }
  }
  return problems;
}
