/**
 * `R/data.R`: the spec's `x-bd-data` functions, which run on BigQuery
 * through the runtime (`bd_read_sql()`, `bd_read_table()`, `bd_download()`,
 * `bd_estimate_query()`), with the old arguments of a same-name alias.
 */
import type { IRArgument, IRDataFunction } from '../../../ir/types.js';
import { envName, type Context } from '../context.js';
import { rdEscape, rdText, rLiteral, rNumber, rString } from '../doc.js';
import { sameNameAlias, translateOldArguments } from '../old-names.js';
import { passed, specArgs, withOldOrder, wireList, type RArg } from '../params.js';
import { DATA_CALL_OPTIONS, DATA_RUNTIME_FUNCTIONS, ENVIRONMENT_PARAM } from '../runtime-contract.js';
import { conditionClass, conditionsSection, rdParagraphs, rdTitle, topicArguments, usage, type RFunction } from '../sections.js';

const ROWS_VALUE = [
  'A tibble, one column per result column, with \\code{attr(x, "bigquery_types")} naming each column\'s BigQuery type.',
  'INT64 is a double when every value of the column is within +-(2^53 - 1), else character (never integer64);',
  'FLOAT64 double; NUMERIC and BIGNUMERIC character in plain notation (exact); BOOL logical;',
  'STRING, GEOGRAPHY (WKT), JSON, BYTES (base64) and TIME character; DATE \\code{Date};',
  'TIMESTAMP \\code{POSIXct} in UTC; DATETIME \\code{POSIXct} holding the wall clock (tz "UTC", never shifted);',
  'RECORD and REPEATED list columns; NULL the column type\'s \\code{NA}.',
].join(' ');

function valueOf(ctx: Context, fn: IRDataFunction): string {
  switch (fn.returns) {
    case 'rows':
      return ROWS_VALUE;
    case 'file':
      return 'Invisibly, the path of the file written (as basedosdados 0.2.3 returned it, so \\code{read.csv(download(...))} works), with the attributes \\code{format}, \\code{rows} and \\code{bytes}: \\code{attr(x, "rows")}.';
    default:
      return `A list: \\code{bytes_processed} (what the query would scan) and \\code{cost_usd} (their on-demand price, US$ ${rNumber(ctx.ir.data.onDemandUsdPerTib)} per TiB).`;
  }
}

/**
 * The `environment` argument defaults to the environment in use (runtime-config.R's
 * bd_environment_in_use()), so the option or variable that picks the catalogue's
 * backend picks the BigQuery project too.
 */
function withEnvironmentInUse(ctx: Context, args: readonly RArg[]): RArg[] {
  const fallback = (ctx.ir.environments.find((e) => e.isDefault) ?? ctx.ir.environments[0])?.name;
  if (fallback === undefined) return [...args];
  const words = `Default: the option \\code{${rdEscape(ctx.pkg.name)}.environment}, else \\code{${envName(ctx, 'ENVIRONMENT')}}, else \\code{"${rdEscape(fallback)}"}.`;
  return args.map((a) => (a.wire === ENVIRONMENT_PARAM && a.default !== null ? { ...a, default: 'NULL', doc: `${a.doc} ${words}` } : a));
}

function dataFunction(ctx: Context, fn: IRDataFunction): RFunction {
  const name = ctx.names.dataFunction.get(fn.name)!;
  const alias = sameNameAlias(ctx, fn.name);
  const own = withEnvironmentInUse(ctx, specArgs(ctx, fn.name, fn.params));
  const options = DATA_CALL_OPTIONS.map((o): RArg => ({ label: o.name, wire: null, default: 'NULL', doc: rdText(o.doc(ctx.pkg.name)) }));
  const args = [...withOldOrder(ctx, alias, own), ...options];
  const sent = own.map((a) => ({ wire: a.wire!, value: passed(a) }));
  const call = `bd_${fn.name}(.bd_spec, .args, options = list(${options.map((o) => `${o.label} = ${o.label}`).join(', ')}), call = sys.call())`;
  const value = DATA_RUNTIME_FUNCTIONS[fn.name]?.value;
  const lines = [
    `  .args <- ${wireList(sent, '  ')}`,
    ...(alias ? translateOldArguments(ctx, alias, name, new Set(own.map((a) => a.label))) : []),
    `  ${value ? `${value}(${call})` : call}`,
  ];
  return {
    name,
    args,
    body: lines.join('\n'),
    topic: {
      name,
      aliases: [name],
      title: rdTitle(fn.summary, fn.name),
      description: rdParagraphs(fn.description || fn.summary),
      usage: usage(name, args),
      arguments: topicArguments(args),
      value: valueOf(ctx, fn),
      details: [rdText(
        `The billing project comes from the \`billing_project_id\` argument, else \`set_billing_id()\`, else the environment variable \`${envName(ctx, 'BILLING_PROJECT_ID')}\`, else \`GOOGLE_CLOUD_PROJECT\`; without one the call signals \`${conditionClass(ctx, 'billing_project')}\` before any request. `
        + `The option \`${ctx.pkg.name}.bigquery_endpoint\` (or \`${envName(ctx, 'BIGQUERY_ENDPOINT')}\`, or \`BIGQUERY_EMULATOR_HOST\`) points it at another BigQuery endpoint, such as the local datalake, without credentials.`,
      )],
      sections: [conditionsSection(ctx, fn.raises)],
      examples: dataExample(ctx, fn),
      seealso: fn.name === 'read_sql' && ctx.names.dataFunction.has('estimate_query') ? [ctx.names.dataFunction.get('estimate_query')!] : [],
      keywords: [],
      exported: true,
    },
  };
}

/** Example values of the Base dos Dados data functions where the spec gives none. */
const KNOWN: Readonly<Record<string, string>> = { dataset_id: 'br_ibge_populacao', table_id: 'municipio', path: 'municipio.csv', query: 'SELECT 1' };

/** An example call of a data function: its required arguments, and a table for a download. */
export function dataExample(ctx: Context, fn: IRDataFunction): string[] {
  const name = ctx.names.dataFunction.get(fn.name)!;
  const labels = ctx.names.param.get(fn.name)!;
  const example = (p: IRArgument) => rLiteral(p.example ?? KNOWN[p.name] ?? p.name);
  const args = fn.params.filter((p) => p.required).map((p) => `${labels.get(p.name)} = ${example(p)}`);
  if (fn.returns === 'file') args.push(...fn.params.filter((p) => p.name === 'dataset_id' || p.name === 'table_id').map((p) => `${labels.get(p.name)} = ${example(p)}`));
  const call = `${name}(${args.join(', ')})`;
  return [`set_billing_id(${rString('my-gcp-project')})`, fn.returns === 'rows' ? `rows <- ${call}` : `result <- ${call}`];
}

export function dataFunctions(ctx: Context): RFunction[] {
  return ctx.ir.data.functions.map((fn) => dataFunction(ctx, fn));
}
