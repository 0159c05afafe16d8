/**
 * Scripts written for basedosdados 0.2.3 (CRAN), in tests/r/scripts/, run
 * unchanged but for the package name (`library(basedosdados)` and
 * `basedosdados::`) against the local datalake: the dplyr flow (bdplyr(),
 * filter/select/group_by/summarise/joins, bd_collect(), bd_write_csv(),
 * bd_write_rds(), bd_write(), show_query()), read.csv(download(...)) and the
 * old positional download, read_sql(), the old metadata shapes, and
 * dplyr::tbl() on the package's DBI connection. Each script's files are read
 * back (tests/r/read-outputs.R) and compared, rows and columns, with what the
 * TypeScript SDK reads from the same datalake.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseDosDados } from '../../sdk-ts/src/index.js';
import { generateR, ROOT, run, setupR } from './r-toolchain.js';

const BILLING = 'projeto-de-teste';
const SCRIPTS = join(ROOT, 'tests/r/scripts');

interface Output { rows: number; columns: string[]; class: string[]; data: Record<string, (string | number | null)[]> }
interface Ran { code: number | null; output: string; files: Record<string, Output> }

let scratch: string;
let library: string;
let packageName: string;
let datalake: Datalake;
let bd: BaseDosDados;

beforeAll(async () => {
  await setupR();
  scratch = mkdtempSync(join(tmpdir(), 'bdgen-r-scripts-'));
  const folder = await generateR('spec/datalake.yaml', join(scratch, 'out'));
  packageName = /^Package: (\S+)$/m.exec(readFileSync(join(folder, 'DESCRIPTION'), 'utf8'))![1]!;
  library = join(scratch, 'library');
  mkdirSync(library);
  const install = await run('R', ['CMD', 'INSTALL', '--no-test-load', '-l', library, folder], { cwd: scratch });
  if (install.code !== 0) throw new Error(`R CMD INSTALL failed:\n${install.output}`);
  datalake = await startDatalake({ port: 0 });
  bd = new BaseDosDados({ baseUrl: datalake.url, bigqueryEndpoint: datalake.url, billingProjectId: BILLING });
}, 600_000);

afterAll(async () => {
  await datalake?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The script as its user would run it with our package: only the package name changes. */
function withOurName(source: string): string {
  return source.replace(/library\(basedosdados\)/g, `library(${packageName})`).replace(/\bbasedosdados::/g, `${packageName}::`);
}

/** Runs one script in a folder of its own against the datalake; returns its output and the files it left. */
async function runScript(name: string): Promise<Ran> {
  const folder = join(scratch, 'runs', name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, name), withOurName(readFileSync(join(SCRIPTS, name), 'utf8')));
  const env = {
    R_LIBS: library, BASEDOSDADOS_API_URL: datalake.url, BASEDOSDADOS_BIGQUERY_ENDPOINT: datalake.url,
    BASEDOSDADOS_BILLING_PROJECT_ID: '', GOOGLE_CLOUD_PROJECT: '', BIGQUERY_EMULATOR_HOST: '', BASEDOSDADOS_ACCESS_TOKEN: '',
  };
  const ran = await run('Rscript', ['--vanilla', name], { cwd: folder, env });
  const read = await run('Rscript', ['--vanilla', join(ROOT, 'tests/r/read-outputs.R'), folder]);
  if (read.code !== 0) throw new Error(read.output);
  return { code: ran.code, output: ran.output, files: JSON.parse(read.stdout.trim()) as Record<string, Output> };
}

const rows = <T,>(query: string) => bd.readSql<T>(query).then((r) => [...r]);
const table = (dataset: string, id: string) => `\`basedosdados.${dataset}.${id}\``;

describe('scripts written for basedosdados 0.2.3, run unchanged but for the package name', () => {
  it('are at least six, each checked below', () => {
    expect(readdirSync(SCRIPTS).filter((f) => f.endsWith('.R')).length).toBeGreaterThanOrEqual(6);
  });

  it('01: bdplyr() with filter() and select(), show_query(), bd_collect()', async () => {
    const ran = await runScript('01-bdplyr-filter-select.R');
    expect(ran.code, ran.output).toBe(0);
    const want = await rows<{ id_municipio: string }>(`SELECT id_municipio FROM ${table('br_bd_diretorios_brasil', 'municipio')} WHERE sigla_uf = 'AC' ORDER BY id_municipio`);
    const got = ran.files['municipios_acre.csv']!;
    expect(want.length).toBeGreaterThan(1);
    expect(got.rows).toBe(want.length);
    expect(got.columns).toEqual(['id_municipio', 'nome', 'sigla_uf']);
    expect([...got.data.id_municipio!].sort()).toEqual(want.map((r) => r.id_municipio));
    expect(new Set(got.data.sigla_uf)).toEqual(new Set(['AC']));
    expect(ran.output).toContain('SELECT `id_municipio`, `nome`, `sigla_uf`\nFROM `basedosdados.br_bd_diretorios_brasil.municipio`\nWHERE (`sigla_uf` = \'AC\')');
  }, 120_000);

  it('02: group_by()/summarise() in BigQuery, bd_write_rds()', async () => {
    const ran = await runScript('02-bdplyr-group-summarise.R');
    expect(ran.code, ran.output).toBe(0);
    const want = await rows<{ sigla_uf: string; populacao: number; municipios: number }>(
      `SELECT sigla_uf, SUM(populacao) AS populacao, COUNT(*) AS municipios FROM ${table('br_ibge_populacao', 'municipio')} WHERE ano = 2021 GROUP BY sigla_uf ORDER BY sigla_uf`);
    const got = ran.files['populacao_uf_2021.rds']!;
    expect(want.length).toBe(27);
    expect(got.rows).toBe(want.length);
    expect(got.columns).toEqual(['sigla_uf', 'ano', 'populacao', 'municipios']);
    expect(got.class).toContain('tbl_df');
    expect(got.data.sigla_uf).toEqual(want.map((r) => r.sigla_uf));
    expect(got.data.populacao).toEqual(want.map((r) => Number(r.populacao)));
    expect(got.data.municipios).toEqual(want.map((r) => Number(r.municipios)));
    expect(ran.output).toMatch(/SUM\(`populacao`\) AS `populacao`,\s+COUNT\(\*\) AS `municipios`\nFROM `basedosdados\.br_ibge_populacao\.municipio`\nWHERE \(`ano` = 2021\.0\)\nGROUP BY `sigla_uf`, `ano`\nORDER BY `sigla_uf`/);
  }, 120_000);

  it('03: bd_write_csv() (with the package\'s own %>%, dplyr not attached), and again with overwrite = TRUE', async () => {
    const ran = await runScript('03-bd-write-csv.R');
    expect(ran.code, ran.output).toBe(0);
    const [want] = await rows<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table('br_tse_eleicoes', 'bens_candidato')} WHERE sigla_uf = 'SP' AND valor_item > 100000`);
    const got = ran.files['dados/bens_sp.csv']!;
    expect(Number(want!.n)).toBeGreaterThan(0);
    expect(got.rows).toBe(Number(want!.n));
    expect(got.columns).toEqual(['ano', 'sigla_uf', 'tipo_item', 'valor_item']);
    expect(got.data.valor_item!.every((v) => Number(v) > 100000)).toBe(true);
  }, 120_000);

  it('04: read.csv(download(...)), download(table = ), and the first package\'s download(query, path)', async () => {
    const ran = await runScript('04-download-read-csv.R');
    expect(ran.code, ran.output).toBe(0);
    const want = await rows<{ sigla: string }>(`SELECT sigla FROM ${table('br_bd_diretorios_brasil', 'uf')} ORDER BY sigla`);
    for (const file of ['ufs.csv', 'ufs_antigo.csv']) {
      expect(ran.files[file]!.columns).toEqual(['sigla', 'nome', 'regiao']);
      expect(ran.files[file]!.data.sigla).toEqual(want.map((r) => r.sigla));
    }
    expect(ran.files['contagens.csv']!.data).toEqual({ ufs: ['27'], tabela: ['27'], antigo: ['27'] });
    expect(ran.output).toContain('download(query, path): the second argument of download() is table since basedosdados 0.1.0');
  }, 120_000);

  it('05: read_sql() of the README\'s GDP per capita', async () => {
    const ran = await runScript('05-read-sql-pib-per-capita.R');
    expect(ran.code, ran.output).toBe(0);
    const [want] = await rows<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table('br_ibge_pib', 'municipio')} AS pib JOIN ${table('br_ibge_populacao', 'municipio')} AS pop ON pib.id_municipio = pop.id_municipio AND pib.ano = pop.ano`);
    const got = ran.files['pib_per_capita.csv']!;
    expect(Number(want!.n)).toBeGreaterThan(1000);
    expect(got.rows).toBe(Number(want!.n));
    expect(got.columns).toEqual(['id_municipio', 'ano', 'pib_per_capita']);
  }, 120_000);

  it('06: dataset_search() and list_dataset_tables() in 0.2.3\'s shapes: dataset_name, and name = the table id', async () => {
    const ran = await runScript('06-metadata.R');
    expect(ran.code, ran.output).toBe(0);
    const found = await bd.search({ q: 'censo', pageSize: 100 });
    expect(found.items.length).toBeGreaterThan(1);
    const ids: (string | null)[] = [];
    const tables: string[] = [];
    for (const dataset of found.items) {
      const named = (await bd.datasets.list({ q: dataset.name, pageSize: 1500 })).items.find((d) => d.uuid === dataset.id);
      ids.push(named?.dataset_id ?? null);
      const list = named?.dataset_id ? (await bd.tables.list(named.dataset_id, { pageSize: 1500 })).items : [];
      tables.push(list.map((t) => t.table_id).join(';'));
    }
    const busca = ran.files['busca.csv']!;
    expect(busca.columns).toEqual(['dataset_name', 'title', 'url', 'tabelas']);
    expect(busca.data.dataset_name).toEqual(ids);
    expect(ids.every((id) => id !== null && /^[a-z0-9_]+$/.test(id))).toBe(true);
    expect(busca.data.title).toEqual(found.items.map((d) => d.name));
    expect(busca.data.url).toEqual(found.items.map((d) => `https://basedosdados.org/dataset/${d.id}`));
    expect(busca.data.tabelas).toEqual(tables);
    const directory = (await bd.tables.list('br_bd_diretorios_brasil', { pageSize: 1500 })).items;
    expect(ran.files['tabelas.csv']!.columns).toEqual(['name', 'description']);
    expect(ran.files['tabelas.csv']!.data.name).toEqual(directory.map((t) => t.table_id));
    expect(directory.map((t) => t.table_id)).toContain('municipio');
    const columns = (await bd.tables.columns('br_bd_diretorios_brasil', 'uf', { pageSize: 1500 })).items;
    expect(ran.files['colunas.csv']!.data.name).toEqual(columns.map((c) => c.name));
  }, 120_000);

  it('07: two bdplyr() tables joined and mutated, bd_collect(show_query = TRUE), bd_write()', async () => {
    const ran = await runScript('07-bdplyr-join-mutate.R');
    expect(ran.code, ran.output).toBe(0);
    const want = await rows<{ id_municipio: string }>(`SELECT pib.id_municipio FROM ${table('br_ibge_pib', 'municipio')} AS pib LEFT JOIN ${table('br_ibge_populacao', 'municipio')} AS pop ON pib.id_municipio = pop.id_municipio AND pib.ano = pop.ano WHERE pop.sigla_uf = 'RJ' AND pib.ano = 2020`);
    const got = ran.files['pib_per_capita_rj.csv']!;
    expect(want.length).toBeGreaterThan(1);
    expect(got.rows).toBe(want.length);
    expect(got.columns).toEqual(['id_municipio', 'ano', 'pib', 'populacao', 'sigla_uf', 'pib_per_capita']);
    expect(ran.output).toContain('LEFT JOIN `basedosdados.br_ibge_populacao.municipio` AS `municipio_1`');
  }, 120_000);

  it('08: dplyr::tbl() and DBI::dbGetQuery() on the package\'s DBI connection', async () => {
    const ran = await runScript('08-dbi-tbl.R');
    expect(ran.code, ran.output).toBe(0);
    const want = await rows<{ nome_regiao: string; n: number }>(`SELECT nome_regiao, COUNT(*) AS n FROM ${table('br_bd_diretorios_brasil', 'municipio')} GROUP BY nome_regiao ORDER BY nome_regiao`);
    const got = ran.files['municipios_por_regiao.csv']!;
    expect(got.columns).toEqual(['nome_regiao', 'n']);
    expect(got.data.nome_regiao).toEqual(want.map((r) => r.nome_regiao));
    expect(got.data.n!.map(Number)).toEqual(want.map((r) => Number(r.n)));
    expect(ran.files['ufs_dbi.csv']!.rows).toBe(27);
  }, 120_000);
});
