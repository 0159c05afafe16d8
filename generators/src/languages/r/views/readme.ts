/** `README.md` of the package: install, quick start, coming from basedosdados, every function, settings, conditions, types. */
import { oneLine } from '../../../emit/escape.js';
import { rTarballName } from '../../../release/artifact-names.js';
import type { IRAlias } from '../../../ir/types.js';
import type { Context } from '../context.js';
import { rNumber } from '../doc.js';
import { aliasTarget, oldShape, toLabel } from '../old-names.js';
import { envName } from '../context.js';
import { ALIAS_EFFECT_FILLS, R_IMPORTS, R_SUGGESTS } from '../runtime-contract.js';
import { conditionClass, errorClass, type RFunction } from '../sections.js';
import { operationExample } from './catalogue.js';
import { dataExample } from './data.js';
import { securityReadme } from './security.js';

/** Text in a Markdown table cell: one line, pipes escaped. */
const cell = (text: string) => oneLine(text).replace(/\|/g, '\\|');
const fence = (lines: readonly string[]) => ['```r', ...lines, '```'].join('\n');

/** The signature shown in the tables: required arguments, then `…` for the optional ones. */
const signature = (fn: RFunction) => `${fn.name}(${[...fn.args.filter((a) => a.default === null).map((a) => a.label), ...(fn.args.some((a) => a.default !== null) ? ['…'] : [])].join(', ')})`;

/** One row of the "Coming from basedosdados" table: the old call, the new one, what changed. */
function migrationRow(ctx: Context, alias: IRAlias) {
  const target = aliasTarget(ctx, alias);
  const old = `${alias.name}(${alias.params.map((p) => p.name).join(', ')})`;
  const labels = ctx.names.param.get(alias.target.id)!;
  const filled = [...new Set(alias.params.flatMap((p) => {
    const label = toLabel(ctx, alias, p);
    if (label !== undefined) return [label];
    return p.effect ? (ALIAS_EFFECT_FILLS[p.effect] ?? []).map((wire) => labels.get(wire) ?? wire) : [];
  }))];
  const now = `${target}(${filled.map((l) => `${l} = …`).join(', ')})`;
  const notes = [
    alias.sameName
      ? (alias.params.some((p) => p.to === undefined || toLabel(ctx, alias, p) !== p.name) ? 'same function, old arguments still accepted (each warns once)' : 'same function, same arguments')
      : 'deprecated: works, warns once per session',
    ...alias.params.filter((p) => p.ignored !== undefined).map((p) => `\`${p.name}\` is ignored: ${p.ignored}`),
    ...alias.params.filter((p) => p.effect === 'split_table').map((p) => `\`${p.name} = "dataset.table"\` still works; given with a query, it is the path (the first package's \`${alias.name}(query, path)\`)`),
    ...(alias.returns === 'same' ? [] : [`returns ${oldShape(ctx, alias)?.doc ?? `${alias.returns === 'all_items' ? 'a tibble of every item' : alias.returns === 'legacy_page' ? 'the old page list' : 'what the old function returned'}, as before`}${alias.sameName ? ' by default; `as = "page"` gives one page' : ''}`]),
  ];
  return { old: cell(old), now: cell(now), notes: cell(notes.join('; ')) };
}

export function readmeView(ctx: Context, catalogue: readonly RFunction[], data: readonly RFunction[]) {
  const { ir, pkg } = ctx;
  // The quick start shows a `list` and a `get` (x-bd-method), else the first paged and the first JSON call.
  const isMethod = (words: readonly string[], name: string) => words.length === 1 && words[0] === name;
  const list = ir.operations.find((op) => op.pagination !== null && isMethod(op.method, 'list')) ?? ir.operations.find((op) => op.pagination !== null);
  const get = ir.operations.find((op) => op.pagination === null && op.success.kind === 'json' && isMethod(op.method, 'get'))
    ?? ir.operations.find((op) => op.pagination === null && op.success.kind === 'json');
  const defaultBaseUrl = ir.servers[0]?.url ?? 'http://127.0.0.1:8787';
  const environmentUrls = ir.environments.some((e) => e.apiUrl !== '');
  // The local datalake is a replica of the backends the environments name: a loopback server listed beside them.
  const localServer = environmentUrls ? ir.servers.find((s) => /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(s.url))?.url : undefined;
  const first = catalogue[0];
  // stats, utils and methods come with R itself.
  const thirdParty = R_IMPORTS.map((p) => p.name).filter((p) => !['stats', 'utils', 'methods'].includes(p));
  return {
    title: cell(ir.info.title),
    name: pkg.name,
    version: pkg.version,
    rTarball: rTarballName(pkg.name, pkg.version),
    summary: oneLine(ir.info.summary),
    description: ir.info.description.trim(),
    imports: R_IMPORTS.map((p) => `\`${p.name}\``).join(', '),
    // The data functions' suggestions are only told where there are data functions (DESCRIPTION lists all: the runtime's tests use them).
    suggests: R_SUGGESTS.filter((p) => ctx.hasData || !p.data).map((p) => `\`${p.name}\` (${p.why})`).join(', '),
    installList: thirdParty.map((p) => `"${p}"`).join(', '),
    debianList: thirdParty.map((p) => `r-cran-${p}`).join(' '),
    defaultBaseUrl,
    // Where the catalogue is: the backend of each environment, how to pick one or another host.
    environmentUrls,
    environmentVariable: envName(ctx, 'ENVIRONMENT'),
    envPrefix: ir.brand.envPrefix,
    errorClass: errorClass(ctx),
    billingClass: conditionClass(ctx, 'billing_project'),
    defaultEnvironment: (ir.environments.find((e) => e.isDefault) ?? ir.environments[0])?.name ?? '',
    otherEnvironment: (ir.environments.find((e) => !e.isDefault) ?? ir.environments[0])?.name ?? '',
    baseUrlOrder: cell(`the \`base_url\` argument, the option \`${pkg.name}.api_url\`, \`${envName(ctx, 'API_URL')}\`, the backend of the environment in use, then \`${defaultBaseUrl}\``),
    localServer,
    authentication: securityReadme(ctx),
    quickStart: fence([
      `library(${pkg.name})`,
      '',
      ...(list ? operationExample(ctx, list) : []),
      ...(get ? ['', ...operationExample(ctx, get)] : []),
      ...(!list && !get && first ? [`${first.name}()`] : []),
    ]),
    hasData: ctx.hasData,
    dataQuickStart: ctx.hasData
      ? fence([`library(${pkg.name})`, '', `set_billing_id("my-gcp-project")  # or ${envName(ctx, 'BILLING_PROJECT_ID')}`, ...ir.data.functions.flatMap((fn) => dataExample(ctx, fn).slice(1))])
      : '',
    // The dplyr flow of basedosdados 0.2.3 (runtime-bdplyr.R), on a table of the spec's examples.
    dplyrFlow: ctx.hasData
      ? fence([
          `library(${pkg.name})`,
          'library(dplyr)',
          'set_billing_id("my-gcp-project")',
          'pib <- bdplyr("br_ibge_pib.municipio")        # a lazy table: nothing is read yet',
          'por_ano <- pib %>%',
          '  filter(ano >= 2019) %>%',
          '  group_by(ano) %>%',
          '  summarise(pib = sum(pib, na.rm = TRUE))',
          'show_query(por_ano)                            # the BigQuery SQL it runs',
          'bd_collect(por_ano)                            # a tibble',
          'bd_write_csv(por_ano, "pib_por_ano.csv")       # or bd_write_rds(), bd_write(.write_fn = )',
          '',
          'con <- DBI::dbConnect(bd_driver())             # a DBI connection, as bigrquery\'s',
          'tbl(con, "basedosdados.br_bd_diretorios_brasil.uf")',
        ])
      : '',
    paging: list
      ? fence([
          `page <- ${ctx.names.operation.get(list.id)}(page = 1, page_size = 10)`,
          'page$count; page$page_total      # page_total = ceiling(count / page_size)',
          'page$items                       # this page, a tibble',
          'bd_has_next_page(page)',
          'page2 <- bd_next_page(page)      # NULL after the last page',
          'all <- bd_collect_pages(page)    # every item from this page on, a tibble',
        ])
      : '',
    hasAliases: ctx.aliases.length > 0,
    origins: [...new Set(ctx.aliases.map((a) => a.origin).filter((o) => o !== ''))].join(', ') || 'the old package',
    migration: ctx.aliases.map((a) => migrationRow(ctx, a)),
    catalogue: catalogue.map((fn) => ({ signature: cell(signature(fn)), summary: cell(ir.operations.find((op) => ctx.names.operation.get(op.id) === fn.name)?.summary ?? '') })),
    data: data.map((fn) => ({ signature: cell(signature(fn)), summary: cell(ir.data.functions.find((f) => ctx.names.dataFunction.get(f.name) === fn.name)?.summary ?? '') })),
    conditions: ir.errors.map((e) => ({
      cls: conditionClass(ctx, e.kind),
      statuses: e.statuses.join(', ') || '—',
      reasons: e.bigqueryReasons.map((r) => `\`${r}\``).join(', ') || '—',
      description: cell(e.description),
    })),
    retry: {
      attempts: ir.retry.maxAttempts,
      statuses: ir.retry.statuses.join(', '),
      initial: rNumber(ir.retry.initialDelayMs),
      multiplier: rNumber(ir.retry.multiplier),
      max: rNumber(ir.retry.maxDelayMs),
      jitter: rNumber(ir.retry.jitter * 100),
    },
    environments: ir.environments.map((e) => ({ name: e.name, project: e.project, apiUrl: e.apiUrl === '' ? '—' : `<${e.apiUrl}>`, isDefault: e.isDefault ? ' (default)' : '', description: cell(e.description) })),
    onDemand: rNumber(ir.data.onDemandUsdPerTib),
    errorExample: get && ir.errors.some((e) => e.kind === 'not_found')
      ? fence([
          'tryCatch(',
          `  ${operationExample(ctx, get)[0]!.replace(/^\w+ <- /, '')},`,
          `  ${conditionClass(ctx, 'not_found')} = function(e) NULL,       # no such resource`,
          `  ${errorClass(ctx)} = function(e) conditionMessage(e)     # any other failure`,
          ')',
        ])
      : '',
  };
}
