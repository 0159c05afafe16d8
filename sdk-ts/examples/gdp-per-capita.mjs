// GDP per capita by municipality: br_ibge_pib.municipio joined to
// br_ibge_populacao.municipio on (id_municipio, ano). Against the local
// datalake the numbers are made up from a seed, not official statistics.
//
//   npx bdgen serve --port 8787 &
//   BASEDOSDADOS_BIGQUERY_ENDPOINT=http://127.0.0.1:8787 BASEDOSDADOS_BILLING_PROJECT_ID=my-project \
//     node sdk-ts/examples/gdp-per-capita.mjs
import { BaseDosDados } from '@basedosdados/sdk';

const bd = new BaseDosDados();
const sql = `
  SELECT pib.id_municipio, pib.ano, pib.pib, pop.populacao,
         ROUND(pib.pib / pop.populacao, 2) AS pib_per_capita
  FROM \`basedosdados.br_ibge_pib.municipio\` AS pib
  JOIN \`basedosdados.br_ibge_populacao.municipio\` AS pop USING (id_municipio, ano)
  WHERE pib.ano = 2021
  ORDER BY pib_per_capita DESC
  LIMIT 5`;

const { bytes_processed, cost_usd } = await bd.estimateQuery(sql);
console.log(`scans ${bytes_processed} bytes, about US$ ${cost_usd.toFixed(6)} on demand`);
for await (const row of bd.readSql(sql)) {
  console.log(`${row.id_municipio} ${row.ano}: R$ ${row.pib_per_capita} per person (${row.populacao} people)`);
}
