/** `metadata.py`: one function per operation of the spec, delegating to the runtime's HTTP client. */
import type { IRMedia, IROperation, IRType } from '../../../ir/types.js';
import { BODY_KEY, paramKey } from '../../../emit/labels.js';
import { snakeCase } from '../../../emit/naming.js';
import { callOptions, CONTENT_TYPE_OPTION, importLine, type Context } from '../context.js';
import { pyDocstring, pyString } from '../doc.js';
import { PYTHON_BUILTINS } from '../naming.js';
import { argsDict, modelRef, pyExample, pyParams } from '../params.js';
import { dunderAllOrder } from '../ruff-order.js';
import { modelsIn, raisesSection, typingImport } from '../sections.js';
import { oldKeywords, sameNameAlias, translatedArguments } from './aliases.js';
import { pyOptional, pyType } from '../types.js';

/** What a body of one media type may be, in the runtime's terms. */
function mediaAnnotation(ctx: Context, media: IRMedia): string {
  switch (media.kind) {
    case 'binary':
      return 'bytes | BinaryIO';
    case 'text':
      return 'str';
    case 'multipart':
      return 'Mapping[str, Any]';
    default:
      return pyType(media.schema, modelRef(ctx));
  }
}

function returnAnnotation(ctx: Context, op: IROperation): string {
  switch (op.success.kind) {
    case 'binary':
      return 'bytes';
    case 'text':
      return 'str';
    case 'empty':
      return 'None';
    default:
      return pyType(op.success.type, modelRef(ctx));
  }
}

export function operationView(ctx: Context, op: IROperation) {
  const { names } = ctx;
  const params = pyParams(ctx, op.id, op.params);
  const name = names.operation.get(op.id)!;
  const ref = modelRef(ctx);
  const item = op.pagination ? pyType(op.pagination.item, ref) : '';
  const bodyType = returnAnnotation(ctx, op);
  const returns = op.pagination ? `Page[${item}, ${pyType(op.success.type, ref)}]` : bodyType;
  const bodyLabel = names.param.get(op.id)!.get(BODY_KEY);
  const bodyAnnotation = op.body ? [...new Set(op.body.media.map((m) => mediaAnnotation(ctx, m)))].join(' | ') : '';
  const required = params.filter((p) => p.required);
  const optional = params.filter((p) => !p.required);
  const options = op.body ? [CONTENT_TYPE_OPTION, ...callOptions(ctx)] : [...callOptions(ctx)];
  const alias = sameNameAlias(ctx, 'operation', op.id);
  const own = params.map((p) => p.label);
  const old = oldKeywords(ctx, alias, [...own, ...options.map((o) => o.name)]);
  const signature = [
    ...required.map((p) => p.declaration),
    ...(op.body ? [op.body.required ? `${bodyLabel}: ${bodyAnnotation}` : `${bodyLabel}: ${pyOptional(bodyAnnotation)} = None`] : []),
    ...optional.map((p) => p.declaration),
    '*',
    ...options.map((o) => `${o.name}: ${o.annotation} = None`),
    ...old.map((o) => o.declaration),
  ];
  // Arguments go to the runtime by wire name; with old keywords, through the runtime's translation first.
  const value = (label: string) => (alias ? `arguments.get(${pyString(label)})` : label);
  const sent = params.map((p) => ({ wire: p.wire, key: p.key, label: value(p.label) }));
  const call = '_http_client(_API_SPEC, base_url, timeout)';
  const operation = `_OPERATIONS[${pyString(op.id)}]`;
  const extra = op.body ? `, ${bodyLabel}, content_type=${CONTENT_TYPE_OPTION.name}` : '';
  const prelude = alias ? `${translatedArguments(alias, own, old.map((o) => o.name))}\n` : '';
  const codeBody = prelude + (op.pagination
    ? `    return ${call}.paginate(\n        ${operation},\n        ${argsDict(sent, '        ')},\n    )`
    : op.success.kind === 'empty'
      ? `    ${call}.call(${operation}, ${argsDict(sent, '    ')}${extra})`
      : `    return _cast(\n        ${pyString(bodyType)},\n        ${call}.call(${operation}, ${argsDict(sent, '        ')}${extra}),\n    )`);
  const example = operationExample(ctx, op);
  const docstring = pyDocstring(op.summary, op.description, [
    {
      title: 'Parameters',
      entries: [
        ...required.map((p) => p.doc),
        ...(op.body ? [{ head: `${bodyLabel} : ${bodyAnnotation}${op.body.required ? '' : ', optional'}`, text: op.body.description || `The request body, sent as ${op.body.media.map((m) => `\`\`${m.type}\`\``).join(' or ')}.` }] : []),
        ...optional.map((p) => p.doc),
        ...options.map((o) => ({ head: `${o.name} : ${o.annotation}, optional`, text: o.doc })),
        ...old.map((o) => o.doc),
      ],
    },
    {
      title: 'Returns',
      entries: [{
        head: returns,
        text: op.pagination
          ? `The page asked for (\`\`items\`\`, \`\`page\`\`, \`\`page_size\`\`, \`\`count\`\`, \`\`page_total\`\`); iterating it yields every ${item} of this page and of every later page.`
          : op.success.kind === 'empty' ? 'Nothing.' : `The response body${/^[A-Z]\w*$/.test(bodyType) ? `, a ${bodyType}` : ''}.`,
      }],
    },
    raisesSection(ctx, op.raises),
    { title: 'Examples', lines: example.map((l, i) => `${i === 0 || !l.startsWith(' ') ? '>>>' : '...'} ${l}`) },
    ...(op.deprecated ? [{ title: 'Notes', lines: ['Deprecated by the spec.'] }] : []),
  ], '    ');
  return {
    name,
    signature: signature.map((s) => `    ${s},`).join('\n'),
    returns,
    docstring,
    body: codeBody,
    annotations: [returns, bodyAnnotation, ...params.map((p) => p.declaration)],
  };
}

export function operationExample(ctx: Context, op: IROperation): string[] {
  const name = ctx.names.operation.get(op.id)!;
  const labels = ctx.names.param.get(op.id)!;
  const { pageParam, pageSizeParam } = ctx.ir.pagination;
  const args = op.params.filter((p) => p.in === 'path').map((p) => pyExample(p));
  const filter = op.params.find((p) => p.in !== 'path' && p.example !== undefined && p.name !== pageParam && p.name !== pageSizeParam);
  if (filter) args.push(`${labels.get(paramKey(filter))}=${pyExample(filter)}`);
  for (const p of op.params.filter((q) => q.in !== 'path' && q.required && q !== filter)) args.push(`${labels.get(paramKey(p))}=${pyExample(p)}`);
  const call = `${ctx.pkg.exampleAlias}.${name}(${args.join(', ')})`;
  if (!op.pagination) return [`${resultName(ctx, op.success.type)} = ${call}`];
  return [`page = ${call}`, `everything = list(page)  # this page and every later one`];
}

/** A variable name for an example's result: the schema's name in snake_case (`dataset`), else `result`. */
function resultName(ctx: Context, type: IRType): string {
  if (type.kind !== 'ref') return 'result';
  // The ref's words are the schema's (ir/schemas.ts): no search of every schema per operation.
  const name = snakeCase(type.words);
  return /^[a-z_][a-z0-9_]*$/.test(name) && !PYTHON_BUILTINS.has(name) && name !== ctx.pkg.exampleAlias ? name : 'result';
}

/** The operation examples show a single call of: one that takes an identifier and answers a named object, else any answering JSON. */
export function exampleGet(ctx: Context): IROperation | undefined {
  const single = ctx.ir.operations.filter((op) => op.pagination === null && op.success.kind === 'json');
  return single.find((op) => op.params.some((p) => p.in === 'path') && op.success.type.kind === 'ref') ?? single[0];
}

/** The package docstring's and README's first lines: a list call and a get call. */
export function quickExample(ctx: Context): string[] {
  const list = ctx.ir.operations.find((op) => op.pagination !== null);
  const get = exampleGet(ctx);
  return [...(list ? operationExample(ctx, list) : []), ...(get ? operationExample(ctx, get) : [])];
}

export function metadataView(ctx: Context) {
  const { ir } = ctx;
  const functions = ir.operations.map((op) => operationView(ctx, op));
  const annotations = functions.flatMap((f) => f.annotations);
  const anyPaged = ir.operations.some((op) => op.pagination !== null);
  const anyCast = ir.operations.some((op) => op.pagination === null && op.success.kind !== 'empty');
  const anyBinaryBody = ir.operations.some((op) => op.body?.media.some((m) => m.kind === 'binary'));
  const anyMultipart = ir.operations.some((op) => op.body?.media.some((m) => m.kind === 'multipart'));
  const typing = [...(anyBinaryBody ? ['BinaryIO'] : [])];
  return {
    docstring: pyDocstring(
      `The HTTP API of ${ir.info.title}: one function per operation of the spec.`,
      'Arguments are checked against the spec before any request; failures raise the exceptions of :mod:`.exceptions`; list functions return a :class:`Page`.',
      [],
    ),
    // One block, so a module that imports none of them has no stray blank line (isort's I001).
    stdlibImports: [
      anyMultipart ? 'from collections.abc import Mapping' : '',
      typingImport([...annotations, ...(anyMultipart ? ['Any'] : [])], typing),
      anyCast ? 'from typing import cast as _cast' : '',
    ].filter(Boolean).join('\n'),
    aliasImports: ir.operations.some((op) => sameNameAlias(ctx, 'operation', op.id)),
    pageImport: anyPaged ? 'from ._runtime.pagination import Page' : '',
    modelImport: importLine('.models', modelsIn(ctx, annotations)),
    all: dunderAllOrder(functions.map((f) => f.name)).map((n) => `    ${pyString(n)},`).join('\n'),
    functions,
  };
}
