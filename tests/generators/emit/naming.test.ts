import { describe, expect, it } from 'vitest';
import {
  camelCase, kebabCase, NamePlanner, pascalCase, safeIdentifier, screamingSnakeCase, shortHash, shorten, snakeCase,
  type NamingRules,
} from '../../../generators/src/emit/naming.js';

describe('casing', () => {
  const words = ['list', 'dataset', 'tables'];
  it.each([
    { casing: camelCase, want: 'listDatasetTables' },
    { casing: pascalCase, want: 'ListDatasetTables' },
    { casing: snakeCase, want: 'list_dataset_tables' },
    { casing: screamingSnakeCase, want: 'LIST_DATASET_TABLES' },
    { casing: kebabCase, want: 'list-dataset-tables' },
  ])('$want', ({ casing, want }) => {
    expect(casing(words)).toBe(want);
  });
});

describe('shorten', () => {
  it('keeps names within the limit as they are', () => {
    expect(shorten('bd_read_sql', 32)).toBe('bd_read_sql');
  });
  it('cuts long names to the limit with a stable digest of the whole name', () => {
    const long = 'bd_list_table_columns_of_a_very_long_dataset_name';
    const short = shorten(long, 32);
    expect(short.length).toBeLessThanOrEqual(32);
    expect(short.startsWith('bd_list_table_columns')).toBe(true);
    expect(short).toBe(shorten(long, 32));
    expect(short.endsWith(`_${shortHash(long)}`)).toBe(true);
  });
  it('gives two long names with the same start different results', () => {
    const a = shorten('bd_list_table_columns_of_dataset_alpha', 24);
    const b = shorten('bd_list_table_columns_of_dataset_omega', 24);
    expect(a).not.toBe(b);
  });
});

const stataLike: NamingRules = {
  language: 'Stata',
  reserved: new Set(['if', 'in', 'using', 'with']),
  maxLength: 32,
  escapeReserved: (name) => `${name}_`,
};

describe('safeIdentifier', () => {
  it.each([
    { words: ['if'], want: 'if_' },
    { words: ['2fa', 'code'], want: 'n2fa_code' },
    { words: ['list', 'datasets'], want: 'list_datasets' },
    { words: [], want: '_' },
  ])('$words -> $want', ({ words, want }) => {
    expect(safeIdentifier(words, snakeCase, stataLike)).toBe(want);
  });
  it('shortens names over the language limit', () => {
    const name = safeIdentifier('a very long name for a stata command that goes on'.split(' '), snakeCase, stataLike);
    expect(name.length).toBeLessThanOrEqual(32);
    expect(name.length).toBeGreaterThan(25);
  });
});

describe('NamePlanner', () => {
  it('reports two things that get the same name in one scope, naming both pointers', () => {
    const planner = new NamePlanner(stataLike);
    planner.claim('functions', ['get', 'table'], snakeCase, '#/paths/~1a/get', 'operation getTable');
    planner.claim('functions', ['get', 'table'], snakeCase, '#/paths/~1b/get', 'operation get_table');
    expect(planner.diagnostics).toHaveLength(1);
    expect(planner.diagnostics[0]).toMatchObject({ rule: 'bdgen/name-clash', pointer: '#/paths/~1b/get' });
    expect(planner.diagnostics[0]!.message).toContain('#/paths/~1a/get');
    expect(planner.diagnostics[0]!.message).toContain('`get_table`');
  });
  it('renames a spec name that lands on a reserved one, with a warning naming what has it', () => {
    const planner = new NamePlanner(stataLike);
    planner.reserve('types', 'Page', '#/x-bd-packages', "the runtime's Page");
    expect(planner.claim('types', ['page'], (w) => w.map((x) => x[0]!.toUpperCase() + x.slice(1)).join(''), '#/components/schemas/page', 'schema page')).toBe('Page_');
    expect(planner.diagnostics).toEqual([expect.objectContaining({
      severity: 'warning',
      rule: 'bdgen/name-renamed',
      pointer: '#/components/schemas/page',
      message: "schema page would be Stata name `Page` in types, which the runtime's Page has; it is `Page_`.",
    })]);
  });
  it('gives a made-up name the next free suffix when its own and the escaped one are taken', () => {
    const planner = new NamePlanner(stataLike);
    planner.claim('types', ['list', 'params'], snakeCase, '#/a', 'schema list_params');
    planner.claim('types', ['list', 'params', ''], (w) => `${snakeCase(w.filter(Boolean))}_`, '#/b', 'schema list_params_');
    expect(planner.claim('types', ['list', 'params'], snakeCase, '#/c', 'the parameters of list', { yields: true })).toBe('list_params_2');
    expect(planner.diagnostics.map((d) => [d.severity, d.rule])).toEqual([['warning', 'bdgen/name-renamed']]);
  });
  it('allows the same name in different scopes, and the same thing claimed twice', () => {
    const planner = new NamePlanner(stataLike);
    planner.claim('datasets', ['list'], snakeCase, '#/a', 'a');
    planner.claim('tables', ['list'], snakeCase, '#/b', 'b');
    planner.claim('tables', ['list'], snakeCase, '#/b', 'b');
    expect(planner.diagnostics).toEqual([]);
  });
});
