/**
 * Every name the TypeScript output uses, claimed once per scope so two things
 * that end up with one name are reported (naming both pointers) before
 * anything is written.
 */
import type { Diagnostic } from '../../diagnostics.js';
import { BODY_KEY, OPTIONS_KEY, PARAMS_KEY, paramKey } from '../../emit/labels.js';
import { camelCase, NamePlanner, pascalCase, safeIdentifier } from '../../emit/naming.js';
import type { IR, IROperation } from '../../ir/types.js';
import { TS_IDENTIFIER_RULES, TS_MEMBER_RULES } from './naming.js';

/** The runtime's own name of the errors' base class; a package of another brand exports it under its own. */
export const RUNTIME_ERROR_BASE = 'BaseDosDadosError';

/** What the runtime exports into the same module scope as generated types. */
const RUNTIME_TYPES = ['HttpClient', 'HttpClientOptions', 'PagePromise', 'Page', 'RequestOptions', 'BaseDosDadosError', 'APIError', 'BasicCredentials', 'ClientCredentials'];

export interface TsNames {
  readonly diagnostics: readonly Diagnostic[];
  readonly clientClass: string;
  /** The base class of every error, named from the brand (`BaseDosDadosError`, `SwaggerPetstoreError`): the runtime's base under the spec's name. */
  readonly errorBase: string;
  /** The type of the client's `credentials` option (`PetstoreClientCredentials`); null when the spec has no securitySchemes. */
  readonly credentialsType: string | null;
  readonly model: ReadonlyMap<string, string>;
  /** Error kind -> its class (`not_found` -> `NotFoundError`). */
  readonly errorClass: ReadonlyMap<string, string>;
  readonly groupProperty: ReadonlyMap<string, string>;
  readonly groupClass: ReadonlyMap<string, string>;
  readonly method: ReadonlyMap<string, string>;
  readonly paramsInterface: ReadonlyMap<string, string>;
  /** Per operation or data function, per parameter wire name (`body` for a request body): the label the caller types. */
  readonly label: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Data function name -> its key in `DATA_FUNCTIONS` (`readSql`). */
  readonly dataFunction: ReadonlyMap<string, string>;
}

/** The arguments of an operation that go in its params object (everything but path parameters and the body). */
export const optionParams = (op: IROperation) => op.params.filter((p) => p.in !== 'path');
export const pathParams = (op: IROperation) => op.params.filter((p) => p.in === 'path');

/** The client class: the spec's `x-bd-packages.typescript.client`, else the title's brand plus `Client`. */
function clientWords(ir: IR): string[] {
  const declared = ir.packages.typescript?.client;
  if (declared) return [declared];
  const words = [...ir.packages.titleWords];
  while (words.length > 1 && ['api', 'datalake', 'client', 'sdk', 'rest', 'openapi', 'spec'].includes(words[words.length - 1]!)) words.pop();
  return [...(words.length > 0 ? words : ['api']), 'client'];
}

export function planNames(ir: IR): TsNames {
  const types = new NamePlanner(TS_IDENTIFIER_RULES);
  const members = new NamePlanner(TS_MEMBER_RULES);
  // The generator's own names first: a schema called `page` or `validation-error` gives way to them.
  for (const name of RUNTIME_TYPES) types.reserve('module types', name, '#/x-bd-packages/typescript', `the runtime's ${name}`);
  const errorBase = safeIdentifier([...ir.brand.words, 'error'], pascalCase, TS_IDENTIFIER_RULES);
  if (errorBase !== RUNTIME_ERROR_BASE) types.reserve('module types', errorBase, '#/info/title', 'the base class of every error');
  const declaredClient = ir.packages.typescript?.client;
  const clientClass = types.reserve('module types', declaredClient ?? safeIdentifier(clientWords(ir), pascalCase, TS_IDENTIFIER_RULES), declaredClient ? '#/x-bd-packages/typescript/client' : '#/info/title', 'the client class');
  types.reserve('module types', `${clientClass}Options`, '#/info/title', 'the client options');
  const credentialsType = ir.securitySchemes.length > 0 ? types.reserve('module types', `${clientClass}Credentials`, '#/components/securitySchemes', 'the client credentials') : null;
  const errorClass = new Map(ir.errors.map((e, i) => {
    const name = safeIdentifier([...e.words, 'error'], pascalCase, TS_IDENTIFIER_RULES);
    return [e.kind, types.reserve('module types', name, `#/x-bd-errors/${i}`, `the error class of kind ${e.kind}`)];
  }));
  const model = new Map(ir.schemas.map((s) => [s.name, types.claim('module types', s.words, pascalCase, s.pointer, `schema ${s.name}`, { yields: true })]));
  // Top-level methods before the tags' properties, so a tag that would shadow one is the name that gives way.
  for (const op of ir.operations) if (op.group === null) members.claim('client members', op.method, camelCase, op.pointer, `operation ${op.id}`);
  const groupProperty = new Map(ir.groups.map((g) => [g.name, members.claim('client members', g.words, camelCase, `#/tags/${g.name}`, `tag ${g.name}`, { yields: true })]));
  const groupClass = new Map(ir.groups.map((g) => [g.name, types.claim('module types', [...g.words, 'resource'], pascalCase, `#/tags/${g.name}`, `the class of tag ${g.name}`, { yields: true })]));
  const method = new Map<string, string>();
  const paramsInterface = new Map<string, string>();
  const label = new Map<string, Map<string, string>>();
  for (const op of ir.operations) {
    const scope = op.group ? `${groupClass.get(op.group.name)}` : 'client members';
    method.set(op.id, members.claim(scope, op.method, camelCase, op.pointer, `operation ${op.id}`));
    if (optionParams(op).length > 0) {
      paramsInterface.set(op.id, types.claim('module types', [...op.words, 'params'], pascalCase, op.pointer, `the parameters interface of ${op.id}`, { yields: true }));
    }
    const labels = new Map<string, string>();
    const scopeOfParams = `parameters of ${op.id}`;
    labels.set(OPTIONS_KEY, types.reserve(scopeOfParams, 'options', `${op.pointer}#options`, 'the call options'));
    if (paramsInterface.has(op.id)) labels.set(PARAMS_KEY, types.reserve(scopeOfParams, 'params', `${op.pointer}#params`, 'the params object'));
    // The call's arguments travel as one object ({ id, ...params, body }), so every label is a key of it
    // (member rules, one scope); path parameters and the body are variables too (identifier rules).
    const asKey = (name: string, pointer: string, source: string) => members.claim(scopeOfParams, [name], () => name, pointer, source, { yields: true });
    for (const param of op.params) {
      const source = `parameter ${param.name}`;
      labels.set(paramKey(param), param.in === 'path'
        ? asKey(types.claim(scopeOfParams, param.words, camelCase, param.pointer, source, { yields: true }), param.pointer, source)
        : members.claim(scopeOfParams, param.words, camelCase, param.pointer, source, { yields: true }));
    }
    if (op.body) {
      const asVariable = types.claim(scopeOfParams, ['body'], camelCase, op.body.pointer, 'the request body', { yields: true });
      labels.set(BODY_KEY, asKey(asVariable, op.body.pointer, 'the request body'));
    }
    label.set(op.id, labels);
  }
  const dataFunction = new Map<string, string>();
  for (const fn of ir.data.functions) {
    dataFunction.set(fn.name, members.claim('data functions', fn.words, camelCase, fn.pointer, `data function ${fn.name}`));
    label.set(fn.name, new Map(fn.params.map((p) => [paramKey(p), members.claim(`parameters of ${fn.name}`, p.words, camelCase, p.pointer, `parameter ${p.name}`)])));
  }
  return {
    diagnostics: [...types.diagnostics, ...members.diagnostics],
    clientClass, errorBase, credentialsType, model, errorClass, groupProperty, groupClass, method, paramsInterface, label, dataFunction,
  };
}
