// The BigQuery -> DuckDB SQL translator, alone.
import { describe, expect, it } from 'vitest';
import { SqlSyntaxError, lineColumn, translateSql } from '../../datalake/src/sql/translate.js';

const t = (sql: string, extra: Partial<Parameters<typeof translateSql>[1]> = {}) => translateSql(sql, { defaultProject: 'meu-projeto', ...extra });

describe('table names', () => {
  it('turns backtick names into quoted catalog.schema.table and records them', () => {
    const r = t('SELECT * FROM `basedosdados.br_ibge_pib.municipio` AS p JOIN `basedosdados-staging`.br_x_staging.t USING (id)');
    expect(r.sql).toBe('SELECT * FROM "basedosdados"."br_ibge_pib"."municipio" AS p JOIN "basedosdados-staging"."br_x_staging"."t" USING (id)');
    expect(r.tables.map((x) => `${x.project}|${x.dataset}|${x.table}`)).toEqual(['basedosdados|br_ibge_pib|municipio', 'basedosdados-staging|br_x_staging|t']);
    expect(r.selectsStar).toBe(true);
  });

  it('resolves dataset.table in the job project and bare names in the default dataset', () => {
    expect(t('SELECT 1 FROM br_x.t').tables[0]).toMatchObject({ project: 'meu-projeto', dataset: 'br_x', table: 't' });
    const withDefault = t('SELECT 1 FROM t', { defaultDataset: { projectId: 'basedosdados', datasetId: 'br_y' } });
    expect(withDefault.sql).toBe('SELECT 1 FROM "basedosdados"."br_y"."t"');
    expect(() => t('SELECT 1 FROM t')).toThrow(/missing dataset while no default dataset/);
  });

  it('finds tables after commas in FROM, in subqueries and IN (SELECT ...)', () => {
    const r = t('SELECT a FROM basedosdados.d.x, basedosdados.d.y WHERE a IN (SELECT a FROM `basedosdados.d.z`) AND EXISTS (SELECT 1 FROM basedosdados.d.w)');
    expect(r.tables.map((x) => x.table)).toEqual(['x', 'y', 'z', 'w']);
  });

  it('leaves CTE names, column paths and EXTRACT(... FROM col) alone', () => {
    const r = t('WITH q AS (SELECT 1 AS x) SELECT EXTRACT(YEAR FROM p.data), q.x FROM q, basedosdados.d.p AS p');
    expect(r.tables.map((x) => x.table)).toEqual(['p']);
    expect(r.sql).toContain('EXTRACT(YEAR FROM p.data)');
    expect(r.sql).toContain('FROM q, "basedosdados"."d"."p" AS p');
  });
});

describe('FROM items', () => {
  it('refuses a string where a table goes (DuckDB would read a file of that name)', () => {
    expect(() => t("SELECT * FROM '/etc/passwd'")).toThrow(/^Syntax error: Unexpected string literal '\/etc\/passwd'$/);
    expect(() => t('SELECT * FROM basedosdados.d.x JOIN "dados.csv" USING (id)')).toThrow(/Unexpected string literal "dados.csv"/);
    expect(t("SELECT EXTRACT(YEAR FROM '2020-01-01'), 'a' FROM basedosdados.d.x").tables).toHaveLength(1);
  });

  it('reads IS [NOT] DISTINCT FROM as a comparison, not a FROM clause', () => {
    const r = t("SELECT a IS DISTINCT FROM 'x', b, a IS NOT DISTINCT FROM c FROM basedosdados.d.x");
    expect(r.tables.map((x) => x.table)).toEqual(['x']);
    expect(r.sql).toBe(`SELECT a IS DISTINCT FROM 'x', b, a IS NOT DISTINCT FROM c FROM "basedosdados"."d"."x"`);
  });

  it("names UNNEST's element by its alias, as BigQuery does", () => {
    expect(t('SELECT x FROM UNNEST([1, 2]) AS x').sql).toBe('SELECT x FROM UNNEST([1, 2]) AS x(x)');
    expect(t('SELECT v FROM basedosdados.d.t, UNNEST(t.a) v WHERE v > 1').sql).toBe('SELECT v FROM "basedosdados"."d"."t", UNNEST(t.a) v(v) WHERE v > 1');
    expect(t('SELECT 1 FROM UNNEST([1]) `el` CROSS JOIN UNNEST([2]) WHERE TRUE').sql).toBe('SELECT 1 FROM UNNEST([1]) "el"("el") CROSS JOIN UNNEST([2]) WHERE TRUE');
    expect(t('SELECT y FROM UNNEST([1]) AS x(y)').sql).toBe('SELECT y FROM UNNEST([1]) AS x(y)');
    expect(t('SELECT 1 IN UNNEST([1]) AS b').sql).toBe('SELECT 1 IN (SELECT UNNEST([1])) AS b');
  });
});

describe('literals, comments and identifiers', () => {
  it('turns double-quoted strings and escapes into DuckDB literals', () => {
    expect(t(`SELECT "São Paulo", 'it\\'s', "a\\nb", r'\\d+', '''três
linhas'''`).sql).toBe("SELECT 'São Paulo', 'it''s', 'a\nb', '\\d+', 'três\nlinhas'");
  });

  it('turns bytes literals, # comments and backtick columns', () => {
    expect(t("SELECT b'ab\\x00', `my col` # comentário\nFROM x.y").sql).toBe(`SELECT 'ab\\x00'::BLOB, "my col" -- comentário\nFROM "meu-projeto"."x"."y"`);
  });

  it('does not rewrite names inside strings or comments', () => {
    const r = t("SELECT '`basedosdados.a.b`' /* FROM basedosdados.c.d */");
    expect(r.tables).toEqual([]);
    expect(r.sql).toBe("SELECT '`basedosdados.a.b`' /* FROM basedosdados.c.d */");
  });

  it('reports an unclosed string with its offset', () => {
    try {
      t("SELECT 'aberta");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SqlSyntaxError);
      expect((e as SqlSyntaxError).offset).toBe(7);
    }
  });
});

describe('types, functions and parameters', () => {
  it('translates BigQuery type names in CAST and SAFE_CAST, and typed literals', () => {
    expect(t('SELECT CAST(x AS INT64), SAFE_CAST(y AS NUMERIC), CAST(z AS TIMESTAMP), CAST(w AS DATETIME), CAST(v AS STRING)').sql).toBe(
      'SELECT CAST(x AS BIGINT), TRY_CAST(y AS DECIMAL(38,9)), CAST(z AS TIMESTAMPTZ), CAST(w AS TIMESTAMP), CAST(v AS VARCHAR)',
    );
    expect(t("SELECT TIMESTAMP '2020-01-01 00:00:00+00', DATETIME '2020-01-01 10:00:00', DATE '2020-01-01'").sql).toBe(
      "SELECT CAST('2020-01-01 00:00:00+00' AS TIMESTAMPTZ), CAST('2020-01-01 10:00:00' AS TIMESTAMP), DATE '2020-01-01'",
    );
    // An alias named like a type is not a cast.
    expect(t('SELECT x AS timestamp').sql).toBe('SELECT x AS timestamp');
  });

  it('turns * EXCEPT into * EXCLUDE and IN UNNEST into IN (SELECT UNNEST)', () => {
    expect(t('SELECT * EXCEPT (a, b) FROM x.y').sql).toBe('SELECT * EXCLUDE (a, b) FROM "meu-projeto"."x"."y"');
    expect(t('SELECT 1 WHERE a IN UNNEST([1, 2]) AND b = 1').sql).toBe('SELECT 1 WHERE a IN (SELECT UNNEST([1, 2])) AND b = 1');
  });

  it('turns named and positional parameters into typed DuckDB parameters', () => {
    const named = t('SELECT @a, @A, @b', { namedTypes: new Map([['a', 'BIGINT'], ['b', 'VARCHAR[]']]) });
    expect(named.sql).toBe('SELECT CAST($p0 AS BIGINT), CAST($p0 AS BIGINT), CAST($p1 AS VARCHAR[])');
    expect(named.params).toEqual([
      { duckName: 'p0', source: { kind: 'named', name: 'a' } },
      { duckName: 'p1', source: { kind: 'named', name: 'b' } },
    ]);
    const positional = t('SELECT ?, ?', { positionalTypes: ['DATE', 'BOOLEAN'] });
    expect(positional.sql).toBe('SELECT CAST($p0 AS DATE), CAST($p1 AS BOOLEAN)');
    expect(() => t('SELECT @nada')).toThrow("Query parameter 'nada' not found");
  });

  it('collects identifiers and star use for the dry-run byte rule', () => {
    const r = t('SELECT COUNT(*), SUM(Populacao) FROM `basedosdados.br_ibge_populacao.municipio` WHERE ano = 2020');
    expect(r.selectsStar).toBe(false);
    expect(r.identifiers.has('populacao')).toBe(true);
    expect(r.identifiers.has('ano')).toBe(true);
    expect(r.identifiers.has('sigla_uf')).toBe(false);
    expect(t('SELECT p.* FROM x.y AS p').selectsStar).toBe(true);
    expect(t('SELECT 2 * 3').selectsStar).toBe(false);
  });
});

describe('error locations', () => {
  it('maps offsets of the translated SQL back to the original', () => {
    const sql = 'SELECT "x"\nFROM `basedosdados.a.b` WHERE nada = 1';
    const r = t(sql);
    const translatedAt = r.sql.indexOf('nada');
    expect(lineColumn(sql, r.originalOffset(translatedAt))).toEqual({ line: 2, column: 31 });
    expect(lineColumn(sql, r.originalOffset(0))).toEqual({ line: 1, column: 1 });
  });
});

describe('division', () => {
  // BigQuery's `/` raises on a zero divisor: every division becomes bq_divide(a, b), operands by BigQuery's precedence.
  it.each([
    ['SELECT 1/0', 'SELECT bq_divide(1,0)'],
    ['SELECT a / b / c', 'SELECT bq_divide(bq_divide(a , b) , c)'],
    ['SELECT a * b / c * d / e', 'SELECT bq_divide(bq_divide(a * b , c) * d , e)'],
    ['SELECT x + -a / b, 2 - c / d', 'SELECT x + bq_divide(-a , b), 2 - bq_divide(c , d)'],
    ['SELECT SUM(x) OVER (PARTITION BY y) / COUNT(*) FROM d.t', 'SELECT bq_divide(SUM(x) OVER (PARTITION BY y) , COUNT(*)) FROM "meu-projeto"."d"."t"'],
    ['SELECT CASE WHEN a THEN 1 ELSE 2 END / (3 + 4)', 'SELECT bq_divide(CASE WHEN a THEN 1 ELSE 2 END , (3 + 4))'],
    ["SELECT t.v / NUMERIC '2.5'", "SELECT bq_divide(t.v , CAST('2.5' AS DECIMAL(38,9)))"],
    ['SELECT arr[OFFSET(0)] / -f(x).y', 'SELECT bq_divide(arr[OFFSET(0)] , -f(x).y)'],
    ['SELECT CAST(a / b AS INT64)', 'SELECT CAST(bq_divide(a , b) AS BIGINT)'],
    ['SELECT a /* c */ / -- z\n b', 'SELECT bq_divide(a /* c */ , -- z\n b)'],
    ["SELECT '1/0', a", "SELECT '1/0', a"],
  ])('%s', (sql, expected) => {
    expect(t(sql).sql).toBe(expected);
  });
});
