/**
 * `src/generated/client.ts`: the client class, one resource class per tag,
 * one method per operation delegating to the runtime's HttpClient, and one
 * params interface per operation with query, header or cookie parameters.
 */
import { BODY_KEY, OPTIONS_KEY, PARAMS_KEY, paramKey } from '../../../emit/labels.js';
import { raisesTable } from '../../../emit/raises.js';
import { exampleValue, rulesInWords } from '../../../emit/rules-text.js';
import type { IR, IRMedia, IROperation, IRParam, IRType } from '../../../ir/types.js';
import { tsDoc, tsLiteral, tsMember } from '../doc.js';
import { optionParams, pathParams, type TsNames } from '../names.js';
import { tsPropertyKey, tsVariableName } from '../naming.js';
import { tsType } from '../types.js';
import { credentialsView } from './auth.js';

/** What a multipart file part or a binary body may be, in the runtime's terms. */
const BINARY = 'Uint8Array | Blob';
const FILE_PART = `${BINARY} | { data: ${BINARY}; filename?: string; contentType?: string }`;

class Refs {
  readonly used = new Set<string>();
  constructor(private readonly names: TsNames) {}
  readonly ref = (schema: string): string => {
    const name = this.names.model.get(schema) ?? 'unknown';
    if (name !== 'unknown') this.used.add(name);
    return name;
  };
  type(type: IRType): string {
    return tsType(type, this.ref);
  }
}

function mediaType(media: IRMedia, refs: Refs): string {
  switch (media.kind) {
    case 'binary':
      return BINARY;
    case 'text':
      return 'string';
    case 'multipart': {
      if (media.fileFields.length === 0) return refs.type(media.schema);
      // File fields are typed as what the runtime sends as a file; the other fields keep the schema's types.
      const base = refs.type(media.schema);
      const files = media.fileFields.map((f) => `${tsPropertyKey(f)}?: ${FILE_PART}`).join('; ');
      return `Omit<${base}, ${media.fileFields.map((f) => JSON.stringify(f)).join(' | ')}> & { ${files} }`;
    }
    default:
      return refs.type(media.schema);
  }
}

function returnType(op: IROperation, refs: Refs): string {
  switch (op.success.kind) {
    case 'binary':
      return 'Uint8Array';
    case 'text':
      return 'string';
    case 'empty':
      return 'void';
    default:
      return refs.type(op.success.type);
  }
}

function methodView(ir: IR, op: IROperation, names: TsNames, refs: Refs, indent: string) {
  const labels = names.label.get(op.id)!;
  const positional = pathParams(op).map((p) => ({ label: labels.get(paramKey(p))!, type: refs.type(p.type), param: p }));
  const paramsType = names.paramsInterface.get(op.id);
  const anyRequired = optionParams(op).some((p) => p.required);
  const bodyLabel = labels.get(BODY_KEY);
  const bodyType = op.body ? [...new Set(op.body.media.map((m) => mediaType(m, refs)))].join(' | ') : '';
  const paramsLabel = labels.get(PARAMS_KEY) ?? 'params';
  const optionsLabel = labels.get(OPTIONS_KEY)!;
  const signature = [
    ...positional.map((p) => `${p.label}: ${p.type}`),
    ...(op.body ? [op.body.required || anyRequired ? `${bodyLabel}: ${op.body.required ? bodyType : `${bodyType} | undefined`}` : `${bodyLabel}?: ${bodyType}`] : []),
    ...(paramsType ? [anyRequired ? `${paramsLabel}: ${paramsType}` : `${paramsLabel}: ${paramsType} = {}`] : []),
    `${optionsLabel}?: RequestOptions`,
  ].join(', ');
  const args = [...positional.map((p) => p.label), ...(paramsType ? [`...${paramsLabel}`] : []), ...(bodyLabel ? [bodyLabel] : [])];
  const argsLiteral = args.length === 0 ? '{}' : `{ ${args.join(', ')} }`;
  const returns = op.pagination ? refs.type(op.pagination.item) : returnType(op, refs);
  // A page's whole body (aggregations of a search, say) stays typed: PagePromise<Item, Body>.
  const pageTypes = op.pagination ? `${returns}, ${refs.type(op.success.type)}` : '';
  const example = exampleOf(ir, op, names);
  const raises = raisesTable(ir, op.raises).map((r) => `{@link ${names.errorClass.get(r.kind)}} ${r.when}`);
  const doc = tsDoc([
    op.summary,
    op.description,
    [
      ...positional.map((p) => `@param ${p.label} - ${p.param.description || p.param.name}`),
      ...(op.body ? [`@param ${bodyLabel} - ${op.body.description || `The request body (${op.body.media.map((m) => m.type).join(', ')}).`}`] : []),
      ...(paramsType ? [`@param ${paramsLabel} - ${op.pagination ? 'Filters and paging' : 'Parameters'} (see {@link ${paramsType}}).`] : []),
      `@param ${optionsLabel} - Abort signal, timeout and headers of this call${op.body && op.body.media.length > 1 ? '; `contentType` picks the media type of the body' : ''}.`,
      op.pagination
        ? `@returns A page promise: \`await\` it for one page, or \`for await\` over it for every ${returns} of every page.`
        : `@returns ${/^[A-Z][A-Za-z0-9]*$/.test(returns) ? `The ${returns}` : op.success.kind === 'empty' ? 'Nothing' : 'The response body'}.`,
      ...(raises.length > 0 ? [`@throws ${raises.join('; ')}.`] : []),
      ...(op.deprecated ? ['@deprecated'] : []),
      '@example',
      example,
    ].join('\n'),
  ], indent);
  const target = tsMember('OPERATIONS', op.id);
  return {
    doc,
    example,
    name: names.method.get(op.id)!,
    signature,
    returnType: op.pagination ? `PagePromise<${pageTypes}>` : `Promise<${returns}>`,
    body: op.pagination
      ? `return this.http.paginate<${pageTypes}>(${target}, ${argsLiteral}, ${optionsLabel});`
      : `return this.http.call<${returns}>(${target}, ${argsLiteral}, ${optionsLabel});`,
  };
}

function qualifiedMethod(op: IROperation, names: TsNames): string {
  const method = names.method.get(op.id)!;
  return op.group ? `${names.groupClass.get(op.group.name)}.${method}` : `${names.clientClass}.${method}`;
}

/** The rules the runtime checks and the default, for a parameter's TSDoc. */
function constraintDoc(param: IRParam): string | undefined {
  const words = rulesInWords(param.rules, (t) => `\`${t}\``);
  const defaultTag = param.default !== undefined ? `@defaultValue ${JSON.stringify(param.default)}` : '';
  const location = param.in === 'query' ? '' : `Sent as the ${param.in} ${param.in === 'header' ? `\`${param.name}\`` : `\`${param.name}\``}.`;
  return [[location, words].filter(Boolean).join(' '), param.deprecated ? '@deprecated' : '', defaultTag].filter(Boolean).join('\n') || undefined;
}

/** The variable examples call the client by: the brand's short name (`bd` for ours, `swaggerPetstore`). */
export function clientVariable(ir: IR): string {
  return tsVariableName(ir.brand.short.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w.toLowerCase()));
}

/** A one-line usage example built from the spec's parameter examples. */
function exampleOf(ir: IR, op: IROperation, names: TsNames): string {
  const labels = names.label.get(op.id)!;
  const client = clientVariable(ir);
  const call = op.group ? `${client}.${names.groupProperty.get(op.group.name)}.${names.method.get(op.id)}` : `${client}.${names.method.get(op.id)}`;
  const args = pathParams(op).map((p) => tsLiteral(exampleValue(p)));
  if (op.body) args.push(op.body.required ? tsLiteral(op.body.media[0]?.example ?? {}) : 'undefined');
  const shown = optionParams(op).filter((p) => p.required || (p.example !== undefined && p.name !== 'page' && p.name !== 'page_size')).slice(0, 2);
  if (shown.length > 0) args.push(`{ ${shown.map((p) => `${tsPropertyKey(labels.get(paramKey(p))!)}: ${tsLiteral(exampleValue(p))}`).join(', ')} }`);
  while (args[args.length - 1] === 'undefined') args.pop();
  const invocation = `${call}(${args.join(', ')})`;
  return op.pagination
    ? ['```ts', `for await (const item of ${invocation}) console.log(item);`, '```'].join('\n')
    : ['```ts', `const result = await ${invocation};`, '```'].join('\n');
}

export function clientView(ir: IR, names: TsNames) {
  const refs = new Refs(names);
  const paramInterfaces = ir.operations.filter((op) => names.paramsInterface.has(op.id)).map((op) => ({
    doc: tsDoc([`Parameters of {@link ${qualifiedMethod(op, names)}}.`]),
    name: names.paramsInterface.get(op.id)!,
    members: optionParams(op).map((p) => ({
      doc: tsDoc([p.description, constraintDoc(p)], '  '),
      key: tsPropertyKey(names.label.get(op.id)!.get(paramKey(p))!),
      optional: p.required ? '' : '?',
      type: refs.type(p.type),
    })),
  }));
  // Each group's operations in one pass (filtering them per group is operations x tags: 10 M tests at 10,000 operations).
  const byGroup = new Map<string, IROperation[]>();
  for (const op of ir.operations) {
    if (!op.group) continue;
    const list = byGroup.get(op.group.name);
    if (list) list.push(op);
    else byGroup.set(op.group.name, [op]);
  }
  const groups = ir.groups.map((g) => ({
    doc: tsDoc([g.description || `The ${g.name} operations.`]),
    propertyDoc: tsDoc([g.description || `The ${g.name} operations.`], '  '),
    className: names.groupClass.get(g.name)!,
    propertyName: names.groupProperty.get(g.name)!,
    methods: (byGroup.get(g.name) ?? []).map((op) => methodView(ir, op, names, refs, '  ')),
  }));
  const topMethods = ir.operations.filter((op) => op.group === null).map((op) => methodView(ir, op, names, refs, '  '));
  const showcase = ir.operations.find((op) => op.pagination !== null) ?? ir.operations[0];
  const showcaseExample = showcase ? exampleOf(ir, showcase, names).split('\n').slice(1, -1) : [];
  const anyPaged = ir.operations.some((op) => op.pagination !== null);
  const credentials = credentialsView(ir, names);
  return {
    clientClass: names.clientClass,
    clientDoc: tsDoc([
      `The ${ir.info.title} client.`,
      ir.info.summary,
      ['@example', '```ts', `const ${clientVariable(ir)} = new ${names.clientClass}();`, ...showcaseExample, '```'].join('\n'),
    ]),
    runtimeImports: ['HttpClient', 'type HttpClientOptions', ...(anyPaged ? ['type PagePromise'] : []), 'type RequestOptions', 'resolveBaseUrl', ...credentials.credentialsImports].join(', '),
    ...environmentView(ir, names),
    ...credentials,
    optionMembers: credentials.credentials !== false || ir.environments.length > 0,
    apiUrlVariable: `${ir.brand.envPrefix}_API_URL`,
    environmentVariable: `${ir.brand.envPrefix}_ENVIRONMENT`,
    modelImports: [...refs.used].sort().join(', '),
    errorImports: '',
    paramInterfaces,
    groups,
    topMethods,
  };
}

/** The client's `environment` option: each environment's catalogue, for its TSDoc. */
function environmentView(ir: IR, names: TsNames) {
  if (ir.environments.length === 0) return { environments: false };
  const defaultName = (ir.environments.find((e) => e.isDefault) ?? ir.environments[0]!).name;
  const firstServer = ir.servers[0]?.url ?? 'http://127.0.0.1:8787';
  const validation = names.errorClass.get('validation');
  return {
    environments: true,
    environmentDoc: tsDoc([
      `Which environment's catalogue is called (default: \`${ir.brand.envPrefix}_ENVIRONMENT\`, else \`${defaultName}\`); the \`baseUrl\` option and \`${ir.brand.envPrefix}_API_URL\` come first.`,
      ir.environments.map((e) => `- \`${e.name}\`: ${e.apiUrl || `${firstServer} (the spec's first server)`}${e.description ? `. ${e.description}` : ''}`).join('\n'),
    ], '  '),
    validationError: validation ? `{@link ${validation}}` : 'an error',
  };
}
