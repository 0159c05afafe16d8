import { describe, expect, it } from 'vitest';
import { NamePlanner, snakeCase } from '../../../../generators/src/emit/naming.js';
import {
  isPyIdentifier,
  PY_MODULE_RULES,
  PY_PARAM_RULES,
  pyClassName,
  pyExceptionMixin,
  pyFunctionName,
  pyParamName,
} from '../../../../generators/src/languages/python/naming.js';
import { pyBaseException, pyExceptionName } from '../../../../generators/src/languages/python/brand.js';

const OURS = { brand: { name: 'Base dos Dados', words: ['base', 'dos', 'dados'], short: 'bd', envPrefix: 'BASEDOSDADOS' } };
const PETSTORE = { brand: { name: 'Swagger Petstore', words: ['swagger', 'petstore'], short: 'swagger_petstore', envPrefix: 'SWAGGER_PETSTORE' } };

describe('Python names', () => {
  it.each([
    { words: ['list', 'datasets'], fn: 'list_datasets', param: 'list_datasets', cls: 'ListDatasets' },
    { words: ['in'], fn: 'in_', param: 'in_', cls: 'In' },
    { words: ['class'], fn: 'class_', param: 'class_', cls: 'Class' },
    { words: ['if'], fn: 'if_', param: 'if_', cls: 'If' },
    { words: ['end'], fn: 'end', param: 'end', cls: 'End' },
    // Module level, a builtin would be shadowed for the whole module; a parameter may shadow it.
    { words: ['format'], fn: 'format_', param: 'format', cls: 'Format' },
    { words: ['id'], fn: 'id_', param: 'id', cls: 'Id' },
    { words: ['list'], fn: 'list_', param: 'list', cls: 'List' },
    { words: ['type'], fn: 'type_', param: 'type', cls: 'Type' },
    // Soft keywords are ordinary names.
    { words: ['match'], fn: 'match', param: 'match', cls: 'Match' },
    { words: ['3d', 'view'], fn: 'n3d_view', param: 'n3d_view', cls: 'N3dView' },
    { words: ['none'], fn: 'none', param: 'none', cls: 'None_' },
    { words: ['exception'], fn: 'exception', param: 'exception', cls: 'Exception_' },
    { words: ['page'], fn: 'page', param: 'page', cls: 'Page_' },
    { words: ['any'], fn: 'any_', param: 'any', cls: 'Any_' },
  ])('$words', ({ words, fn, param, cls }) => {
    expect(pyFunctionName(words)).toBe(fn);
    expect(pyParamName(words)).toBe(param);
    expect(pyClassName(words)).toBe(cls);
  });

  it.each([
    { given: 'page_size', want: true },
    { given: '_private', want: true },
    { given: 'class', want: false },
    { given: 'two words', want: false },
    { given: '1st', want: false },
    { given: 'população', want: false },
    { given: 'match', want: true },
  ])('isPyIdentifier($given) is $want', ({ given, want }) => {
    expect(isPyIdentifier(given)).toBe(want);
  });

  it.each([
    { kind: 'not_found', words: ['not', 'found'], want: 'BaseDosDadosNotFoundException' },
    { kind: 'access_denied', words: ['access', 'denied'], want: 'BaseDosDadosAccessDeniedException' },
    { kind: 'rate_limited', words: ['rate', 'limit'], want: 'BaseDosDadosRateLimitException' },
    { kind: 'billing_project', words: ['billing', 'project'], want: 'BaseDosDadosNoBillingProjectIDException' },
  ])('exception of $kind', ({ kind, words, want }) => {
    expect(pyExceptionName(OURS, kind, words)).toBe(want);
  });

  it('names the exceptions after the brand: another spec\'s package says nothing of Base dos Dados', () => {
    expect(pyBaseException(OURS)).toBe('BaseDosDadosException');
    expect(pyBaseException(PETSTORE)).toBe('SwaggerPetstoreException');
    expect(pyExceptionName(PETSTORE, 'not_found', ['not', 'found'])).toBe('SwaggerPetstoreNotFoundException');
    expect(pyExceptionName(PETSTORE, 'billing_project', ['billing', 'project'])).toBe('SwaggerPetstoreNoBillingProjectIDException');
  });

  it('mixes ValueError into validation errors only', () => {
    expect(pyExceptionMixin('validation')).toBe('ValueError');
    expect(pyExceptionMixin('timeout')).toBeUndefined();
  });

  it('reports names that clash after casing, naming both sources', () => {
    const planner = new NamePlanner(PY_MODULE_RULES);
    expect(planner.claim('package', ['get', 'table'], snakeCase, '#/paths/a', 'operation getTable')).toBe('get_table');
    expect(planner.claim('package', ['get', 'table'], snakeCase, '#/paths/b', 'operation get_table')).toBe('get_table');
    expect(planner.diagnostics).toHaveLength(1);
    expect(planner.diagnostics[0]).toMatchObject({ severity: 'error', rule: 'bdgen/name-clash', pointer: '#/paths/b' });
    expect(planner.diagnostics[0]!.message).toContain('operation get_table becomes Python name `get_table` in package');
  });

  it('escapes parameters that are keywords, so `in` and `in_` would clash and be reported', () => {
    const planner = new NamePlanner(PY_PARAM_RULES);
    planner.claim('getClass', ['in'], snakeCase, '#/p/0', 'parameter in');
    planner.claim('getClass', ['in', ''], (w) => w.filter(Boolean).join('_') + '_', '#/p/1', 'parameter in_');
    expect(planner.diagnostics.map((d) => d.rule)).toEqual(['bdgen/name-clash']);
  });
});
