/** `README.md` of the package: install, quick start, every function, errors, retries. */
import { oneLine } from '../../../emit/escape.js';
import { wheelName } from '../../../release/artifact-names.js';
import type { Context } from '../context.js';
import { pyNumber } from '../doc.js';
import { modelRef, pyParams } from '../params.js';
import { ALIAS_EFFECT_TEXT, REQUIRES_PYTHON } from '../runtime-contract.js';
import { pyType } from '../types.js';
import { dataExample } from './data.js';
import { aliasTarget } from './aliases.js';
import { exampleGet, operationExample } from './metadata.js';
import { envVar, pyBaseException } from '../brand.js';
import { importStatement, securityDocs, securityExample } from './security.js';

/** Text in a Markdown table cell: one line, pipes escaped. */
const cell = (text: string) => oneLine(text).replace(/\|/g, '\\|');

/** The "Coming from" table: each old call of x-bd-aliases.python beside the new one, with what changed. */
function comingFrom(ctx: Context) {
  const aliases = ctx.ir.aliases.python ?? [];
  if (aliases.length === 0) return false;
  const rows = aliases.map((alias) => {
    const renamed = alias.params.filter((p) => p.to !== undefined && p.to !== p.name);
    const target = aliasTarget(ctx, alias);
    const labels = ctx.names.param.get(alias.target.id);
    const notes = [
      ...renamed.map((p) => `\`${p.name}=\` → \`${labels?.get(p.to!) ?? p.to}=\`${p.values ? ` (${Object.entries(p.values).map(([a, b]) => `${a} → ${String(b)}`).join(', ')})` : ''}`),
      ...alias.params.filter((p) => p.effect).map((p) => `\`${p.name}=\` ${p.effect === 'split_table' ? '' : 'kept: '}${(ALIAS_EFFECT_TEXT[p.effect!] ?? p.effect!).replace(/``/g, '`')}`),
      ...alias.params.filter((p) => p.ignored).map((p) => `\`${p.name}=\` accepted, no effect`),
      ...(alias.returns !== 'same' ? [`returns the old shape (${alias.returns.replace(/_/g, ' ')}${alias.field ? `: ${alias.field}` : ''}${alias.pick ? `: ${alias.pick.join(', ')}` : ''})`] : []),
    ];
    return {
      old: `${ctx.pkg.exampleAlias}.${alias.name}(${alias.params.map((p) => p.name).join(', ')})`,
      // split_table fills both ids from one "dataset.table" argument.
      now: `${ctx.pkg.exampleAlias}.${target}(${[...new Set(alias.params.flatMap((p) => (p.to !== undefined ? [labels?.get(p.to) ?? p.to] : p.effect === 'split_table' ? ['dataset_id', 'table_id'] : [])))].join(', ')})`,
      notes: cell(notes.join('; ') || (alias.sameName ? 'the same function' : 'a new name')),
    };
  });
  return { origin: aliases.find((a) => a.origin)?.origin.split(' ')[0] ?? 'the old package', rows };
}

export function readmeView(ctx: Context) {
  const { ir, names } = ctx;
  const importName = ctx.pkg.importName;
  const alias = ctx.pkg.exampleAlias;
  const fence = (lines: readonly string[]) => ['```python', importStatement(ctx), '', ...lines, '```'].join('\n');
  const operations = ir.operations.map((op) => {
    const params = pyParams(ctx, op.id, op.params);
    return {
      signature: `${names.operation.get(op.id)}(${params.map((p) => p.label + (p.required ? '' : '=…')).join(', ')})`,
      summary: cell(op.summary),
      returns: op.pagination ? `\`Page\` of \`${pyType(op.pagination.item, modelRef(ctx))}\`` : `\`${pyType(op.success.type, modelRef(ctx))}\``,
    };
  });
  const dataFunctions = ir.data.functions.map((fn) => {
    const params = pyParams(ctx, fn.name, fn.params);
    return {
      signature: `${names.dataFunction.get(fn.name)}(${params.map((p) => p.label + (p.required ? '' : '=…')).join(', ')})`,
      summary: cell(fn.summary),
    };
  });
  const errors = ir.errors.map((e) => ({
    name: names.exception.get(e.kind)!,
    kind: e.kind,
    statuses: e.statuses.join(', ') || '—',
    reasons: e.bigqueryReasons.map((r) => `\`${r}\``).join(', ') || '—',
    description: cell(e.description),
  }));
  const list = ir.operations.find((op) => op.pagination !== null);
  const get = exampleGet(ctx);
  const environments = ir.environments.map((e) => ({ name: e.name, project: e.project, apiUrl: e.apiUrl, isDefault: e.isDefault ? ' (the default)' : '', description: cell(e.description) }));
  const graphqlPath = ir.operations.find((op) => op.graphql)?.path;
  return {
    title: oneLine(ir.info.title),
    alias,
    importStatement: importStatement(ctx),
    envPrefix: ir.brand.envPrefix,
    exceptionNames: {
      base: pyBaseException(ir),
      billing: names.exception.get('billing_project') ?? pyBaseException(ir),
      accessDenied: names.exception.get('access_denied') ?? pyBaseException(ir),
      validation: names.exception.get('validation') ?? pyBaseException(ir),
      timeout: names.exception.get('timeout') ?? pyBaseException(ir),
    },
    summary: oneLine(ir.info.summary),
    description: ir.info.description.trim(),
    distribution: ctx.pkg.name,
    importName,
    version: ctx.pkg.version,
    requiresPython: REQUIRES_PYTHON,
    defaultBaseUrl: ir.servers[0]?.url ?? 'http://127.0.0.1:8787',
    servers: (ir.servers.length > 0 ? ir.servers : [{ url: 'http://127.0.0.1:8787', description: '' }]).map((s) => ({ url: s.url, description: cell(s.description) })),
    wheel: wheelName(ctx.pkg.name, ctx.pkg.version),
    coming: comingFrom(ctx),
    quickStart: fence([
      ...(list ? [operationExample(ctx, list)[0]!, 'for item in page:  # this page, then every later one, fetched as needed', '    print(item)'] : []),
      ...(get ? ['', ...operationExample(ctx, get)] : []),
    ]),
    paging: list
      ? fence([
          `page = ${alias}.${names.operation.get(list.id)}(page=1, page_size=10)`,
          'print(page.page, page.page_size, page.count, page.page_total)  # page_total = ceil(count / page_size)',
          'print(len(page.items))        # this page only',
          'for item in page:             # this page, then every later one',
          '    ...',
          'for p in page.iter_pages():   # page by page',
          '    print(p.page, len(p.items))',
        ])
      : '',
    hasData: ctx.hasData,
    // The Base dos Dados datalake replica (`bdgen serve`) serves specs with data functions or environments.
    localDatalake: ctx.hasData || ir.environments.length > 0,
    dataQuickStart: ctx.hasData
      ? fence([
          `${alias}.config.billing_project_id = "my-gcp-project"  # or ${envVar(ir, 'BILLING_PROJECT_ID')}`,
          ...ir.data.functions.flatMap((fn) => dataExample(ctx, fn).slice(1)),
        ])
      : '',
    operations,
    dataFunctions,
    errors,
    environments: environments.length > 0 ? environments : false,
    defaultEnvironment: (ir.environments.find((e) => e.isDefault) ?? ir.environments[0])?.name ?? '',
    graphql: graphqlPath ? `POST ${graphqlPath}` : false,
    retry: {
      attempts: ir.retry.maxAttempts,
      statuses: ir.retry.statuses.join(', '),
      initial: pyNumber(ir.retry.initialDelayMs),
      multiplier: pyNumber(ir.retry.multiplier),
      max: pyNumber(ir.retry.maxDelayMs),
      jitter: pyNumber(ir.retry.jitter * 100),
      maxRetryAfter: pyNumber(ir.retry.maxRetryAfterMs / 1000),
      reasons: ir.retry.bigqueryReasons.map((r) => `\`${r}\``).join(', ') || 'none',
    },
    security: ir.securitySchemes.length > 0
      ? {
          alias: ctx.pkg.exampleAlias,
          schemes: securityDocs(ctx).map((s) => ({ ...s, description: cell(s.description) })),
          example: securityExample(ctx),
        }
      : false,
    errorExample: get && ctx.names.exception.get('not_found')
      ? fence([
          'try:',
          `    ${operationExample(ctx, get)[0]}`,
          `except ${alias}.${ctx.names.exception.get('not_found')} as error:`,
          '    print(error.status, error.request_id, error.problem)',
          `except ${alias}.${pyBaseException(ir)} as error:  # every other failure`,
          '    print(error.kind, error)',
        ])
      : '',
  };
}
