/** `data.py`: the spec's `x-bd-data` functions, which run on BigQuery through the runtime. */
import type { IRArgument, IRDataFunction } from '../../../ir/types.js';
import { paramKey } from '../../../emit/labels.js';
import { importLine, type Context } from '../context.js';
import { dunderAllOrder, isortOrder } from '../ruff-order.js';
import { pyDocstring, pyLiteral, pyNumber, pyString } from '../doc.js';
import { argsDict, modelRef, pyParams } from '../params.js';
import { envVar } from '../brand.js';
import { DATA_CALL_OPTIONS } from '../runtime-contract.js';
import { modelsIn, raisesSection } from '../sections.js';
import { oldKeywords, sameNameAlias, translatedArguments } from './aliases.js';
import { pyType, typingNamesIn } from '../types.js';

const RETURNS_TEXT = (ctx: Context): Record<string, string> => ({
  rows: 'Every row, with the dtypes pandas-gbq gives: ``Int64`` for INT64, ``boolean``, text as pandas\' own text dtype (``object``; ``str`` on pandas 3), ``dbdate`` for DATE, ``decimal.Decimal`` objects for NUMERIC; ``dtypes="nullable"`` for pandas\' nullable ones (see the README\'s table).',
  file: 'Where the file is, its format, how many rows and bytes it has.',
  estimate: `The bytes the query would scan and their on-demand price (US$ ${pyNumber(ctx.ir.data.onDemandUsdPerTib)} per TiB).`,
});

/** The call options a data function takes (keyword-only), from the runtime's contract. */
const optionsOf = (fn: IRDataFunction) =>
  DATA_CALL_OPTIONS.filter((o) => (!o.rowsOnly || fn.returns !== 'estimate') && (!o.frameOnly || fn.returns === 'rows')
    && (!o.tableOnly || fn.params.some((p) => p.name === 'table_id')));

function dataFunctionView(ctx: Context, fn: IRDataFunction) {
  const name = ctx.names.dataFunction.get(fn.name)!;
  const alias = sameNameAlias(ctx, 'data', fn.name);
  // A parameter an old keyword may fill (download's `savepath` for `path`) defaults to None here, so the old one can fill it;
  // the runtime still requires one of them and applies the spec's default.
  const filledByOld = new Set(alias?.params.filter((p) => p.to !== undefined && p.to !== p.name).map((p) => p.to) ?? []);
  const params = pyParams(ctx, fn.name, fn.params.map((p) => (filledByOld.has(p.name) ? { ...p, required: false, default: undefined } : p)));
  const options = optionsOf(fn);
  const own = [...params.map((p) => p.label), ...options.map((o) => o.name)];
  const old = oldKeywords(ctx, alias, own);
  const ref = modelRef(ctx);
  const result = fn.result ? pyType(fn.result, ref) : 'dict[str, Any]';
  const returns = fn.returns === 'rows' ? 'pandas.DataFrame' : result;
  const wire = [...params.map((p) => ({ wire: p.wire, label: p.label })), ...options.map((o) => ({ wire: o.name, label: o.name }))];
  const passThrough = wire.every((w) => w.wire === w.label);
  const argsExpr = alias ? (passThrough ? 'arguments' : argsDict(wire.map((w) => ({ wire: w.wire, label: `arguments.get(${pyString(w.label)})` })), '        ')) : argsDict(wire, '        ');
  const call = `_data.${fn.name}(\n        _DATA_SPEC,\n        ${argsExpr},\n    )`;
  const prelude = alias ? `${translatedArguments(alias, own, old.map((o) => o.name))}\n` : '';
  const body = prelude + (fn.returns === 'rows'
    ? `    return ${call}`
    : `    return _cast(\n        ${pyString(result)},\n        ${call.replace(/\n/g, '\n    ')},\n    )`);
  const docstring = pyDocstring(fn.summary, fn.description, [
    { title: 'Parameters', entries: [...params.map((p) => p.doc), ...options.map((o) => ({ head: `${o.name} : ${o.annotation}, optional`, text: o.doc })), ...old.map((o) => o.doc)] },
    { title: 'Returns', entries: [{ head: returns, text: RETURNS_TEXT(ctx)[fn.returns] ?? '' }] },
    raisesSection(ctx, fn.raises),
    { title: 'Examples', lines: dataExample(ctx, fn).map((l) => `>>> ${l}`) },
  ], '    ');
  const signature = [...params.map((p) => p.declaration), '*', ...options.map((o) => `${o.name}: ${o.annotation} = None`), ...old.map((o) => o.declaration)];
  return { name, signature: signature.map((l) => `    ${l},`).join('\n'), returns, docstring, body, annotations: [returns, ...signature], alias: alias !== undefined };
}

/** Example values of the Base dos Dados data functions where the spec gives none. */
const KNOWN: Readonly<Record<string, string>> = { dataset_id: 'br_ibge_populacao', table_id: 'municipio', path: 'municipio.csv', query: 'SELECT 1' };

export function dataExample(ctx: Context, fn: IRDataFunction): string[] {
  const name = ctx.names.dataFunction.get(fn.name)!;
  const labels = ctx.names.param.get(fn.name)!;
  const example = (p: IRArgument): string => (p.example !== undefined ? pyLiteral(p.example) : pyLiteral(KNOWN[p.name] ?? p.name));
  const args = fn.params.filter((p) => p.required).map((p) => (p.name === labels.get(paramKey(p)) && fn.params.indexOf(p) < 2 ? example(p) : `${labels.get(paramKey(p))}=${example(p)}`));
  if (fn.returns === 'file') {
    args.push(...fn.params.filter((p) => p.name === 'dataset_id' || p.name === 'table_id').map((p) => `${labels.get(paramKey(p))}=${example(p)}`));
  }
  const call = `${ctx.pkg.exampleAlias}.${name}(${args.join(', ')})`;
  return [`${ctx.pkg.exampleAlias}.config.billing_project_id = "my-gcp-project"`, fn.returns === 'rows' ? `df = ${call}` : `result = ${call}`];
}

export function dataView(ctx: Context) {
  const { ir } = ctx;
  const alias = ctx.pkg.exampleAlias;
  const functions = ir.data.functions.map((fn) => dataFunctionView(ctx, fn));
  const annotations = functions.flatMap((f) => f.annotations);
  const anyCast = ir.data.functions.some((fn) => fn.returns !== 'rows');
  const anyRows = ir.data.functions.some((fn) => fn.returns === 'rows');
  const threading = annotations.some((a) => a.includes('threading.'));
  const typingParts = isortOrder([...new Set([...annotations.flatMap(typingNamesIn), ...(anyRows || threading ? ['TYPE_CHECKING'] : [])])]);
  // isort's sections inside the block: the standard library, then third-party packages.
  const typeChecking = [...(threading ? ['    import threading'] : []), ...(threading && anyRows ? [''] : []), ...(anyRows ? ['    import pandas'] : [])];
  return {
    docstring: pyDocstring(
      `The data functions of ${ir.info.title}: queries on BigQuery, billed to your project.`,
      `They run on the official \`\`google-cloud-bigquery\`\` client and return pandas DataFrames. The billing project comes from the \`\`billing_project_id\`\` argument, else \`\`${alias}.config.billing_project_id\`\`, else \`\`${envVar(ir, 'BILLING_PROJECT_ID')}\`\`, else \`\`GOOGLE_CLOUD_PROJECT\`\`. \`\`${alias}.config.bigquery_endpoint\`\` (or \`\`${envVar(ir, 'BIGQUERY_ENDPOINT')}\`\`, or \`\`BIGQUERY_EMULATOR_HOST\`\`) points them at another endpoint, such as the local datalake, with anonymous credentials.`,
      [],
    ),
    typingImport: typingParts.length > 0 ? `from typing import ${typingParts.join(', ')}` : '',
    castImport: anyCast ? 'from typing import cast as _cast' : '',
    typeCheckingImports: typeChecking.join('\n'),
    aliasImports: functions.some((f) => f.alias),
    osImport: annotations.some((a) => a.includes('os.PathLike')) ? 'import os' : '',
    modelImport: importLine('.models', modelsIn(ctx, annotations)),
    all: dunderAllOrder(functions.map((f) => f.name)).map((n) => `    ${pyString(n)},`).join('\n'),
    functions,
  };
}
