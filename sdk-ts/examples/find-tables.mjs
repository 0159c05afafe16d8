// Finding data in the catalogue: a search with a filter, what the search can
// filter on, a dataset's tables and a table's columns, by the BigQuery ids
// that readSql and readTable use. By default the SDK calls the Base dos Dados
// backend (https://backend.basedosdados.org); against the local datalake, a
// replica of that backend with made-up sample data:
//
//   npx bdgen serve --port 8787 &
//   BASEDOSDADOS_API_URL=http://127.0.0.1:8787 node sdk-ts/examples/find-tables.mjs
import { BaseDosDados } from '@basedosdados/sdk';

const bd = new BaseDosDados();

const found = await bd.search({ q: 'populacao', theme: ['demografia'], locale: 'en' });
console.log(`${found.count} datasets about population: ${found.items.map((d) => d.name).join('; ')}`);

const themes = await bd.facets.values({ facet: 'theme_slug', locale: 'en' });
console.log(`themes: ${themes.values.map((t) => `${t.name} (${t.count})`).join(', ')}`);

for await (const table of bd.tables.list('br_ibge_populacao')) {
  console.log(`table basedosdados.${table.dataset_id}.${table.table_id}: ${table.number_rows} rows, ${table.temporal_coverage?.start}-${table.temporal_coverage?.end}`);
  for await (const column of bd.tables.columns(table.dataset_id, table.table_id, { locale: 'en' })) {
    console.log(`  ${column.name} ${column.bigquery_type}: ${column.description}`);
  }
}
