import { describe, expect, it } from 'vitest';

import {
  buildPath,
  buildQuery,
  checkParam,
  validateArgs,
  type OperationSpec,
  type ParamSpec,
} from '../../../sdk-ts/src/core/index.js';
import { ValidationError } from '../../../sdk-ts/src/generated/errors.js';
import { DATASET_ID, GET_DATASET, GET_TABLE, LIST_DATASETS, PAGE_SIZE, Q, SPEC_ERRORS } from './helpers/spec.js';
// validateArgs builds errors with the classes of the table it is given: the spec's, as generated code passes it.

describe('checkParam', () => {
  const tags: ParamSpec = { name: 'tag', label: 'tags', in: 'query', required: false, type: 'array', pattern: '^[a-z]+$' };
  const env: ParamSpec = { name: 'environment', label: 'environment', in: 'query', required: false, type: 'string', enum: ['prod', 'staging', 'dev'] };
  const ratio: ParamSpec = { name: 'ratio', label: 'ratio', in: 'query', required: false, type: 'number', minimum: 0, maximum: 1 };
  const above: ParamSpec = { name: 'above', label: 'above', in: 'query', required: false, type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 10 };
  const flag: ParamSpec = { name: 'flag', label: 'flag', in: 'query', required: true, type: 'boolean' };

  const cases: [string, ParamSpec, unknown, string | undefined][] = [
    ['valid id', DATASET_ID, 'br_ibge_populacao', undefined],
    ['missing required', DATASET_ID, undefined, 'is required'],
    ['null required', DATASET_ID, null, 'is required'],
    ['missing optional', PAGE_SIZE, undefined, undefined],
    ['null optional', PAGE_SIZE, null, undefined],
    ['empty id', DATASET_ID, '', 'must not be empty'],
    ['uppercase', DATASET_ID, 'BR_IBGE', 'must match the pattern ^[a-z0-9_]+$, got "BR_IBGE"'],
    ['slash', DATASET_ID, 'br/ibge', 'must match the pattern ^[a-z0-9_]+$, got "br/ibge"'],
    ['dot-dot', DATASET_ID, '..', 'must not be ".."'],
    ['dot', DATASET_ID, '.', 'must not be "."'],
    ['traversal', DATASET_ID, '../secrets', 'must match the pattern ^[a-z0-9_]+$, got "../secrets"'],
    ['single quote', DATASET_ID, "br'; DROP", `must match the pattern ^[a-z0-9_]+$, got "br'; DROP"`],
    ['double quote', DATASET_ID, 'br"x', 'must match the pattern ^[a-z0-9_]+$, got "br\\"x"'],
    ['backtick', DATASET_ID, 'br`x', 'must match the pattern ^[a-z0-9_]+$, got "br`x"'],
    ['cyrillic a look-alike', DATASET_ID, 'br_ibge_populаcao', 'must match the pattern ^[a-z0-9_]+$, got "br_ibge_populаcao"'],
    ['fullwidth underscore', DATASET_ID, 'br＿ibge', 'must match the pattern ^[a-z0-9_]+$, got "br＿ibge"'],
    ['trailing newline', DATASET_ID, 'br_ibge\n', 'must match the pattern ^[a-z0-9_]+$, got "br_ibge\\n"'],
    ['percent', DATASET_ID, 'br%2Fibge', 'must match the pattern ^[a-z0-9_]+$, got "br%2Fibge"'],
    ['too long', DATASET_ID, 'a'.repeat(129), 'must be at most 128 characters long, got 129'],
    ['longest allowed', DATASET_ID, 'a'.repeat(128), undefined],
    ['number for a string', DATASET_ID, 42, 'must be a string, got number'],
    ['page size ok', PAGE_SIZE, 100, undefined],
    ['page size too big', PAGE_SIZE, 500, 'must be <= 100, got 500'],
    ['page size zero', PAGE_SIZE, 0, 'must be >= 1, got 0'],
    ['page size fraction', PAGE_SIZE, 2.5, 'must be an integer, got non-integer number'],
    ['page size string', PAGE_SIZE, '5', 'must be an integer, got string'],
    ['page size NaN', PAGE_SIZE, Number.NaN, 'must be an integer, got non-integer number'],
    ['q empty', Q, '', 'must be at least 1 character long, got 0'],
    ['q max length in code points', Q, '😀'.repeat(200), undefined],
    ['q too long', Q, 'x'.repeat(201), 'must be at most 200 characters long, got 201'],
    ['q with spaces and accents', Q, 'população & PIB', undefined],
    ['enum ok', env, 'staging', undefined],
    ['enum broken', env, 'production', 'must be one of "prod", "staging", "dev", got "production"'],
    ['number ok', ratio, 0.5, undefined],
    ['number too big', ratio, 1.5, 'must be <= 1, got 1.5'],
    ['number infinite', ratio, Number.POSITIVE_INFINITY, 'must be a finite number, got Infinity'],
    ['exclusive minimum refused', above, 0, 'must be > 0, got 0'],
    ['exclusive maximum refused', above, 10, 'must be < 10, got 10'],
    ['inside exclusive bounds', above, 0.001, undefined],
    ['boolean ok', flag, false, undefined],
    ['boolean as string', flag, 'true', 'must be a boolean, got string'],
    ['array ok', tags, ['censo', 'pib'], undefined],
    ['array item broken', tags, ['censo', 'PIB'], 'item 1 must match the pattern ^[a-z]+$, got "PIB"'],
    ['array item object', tags, [{}], 'item 0 must be a string, number or boolean, got object'],
    ['array as string', tags, 'censo', 'must be an array, got string'],
  ];
  it.each(cases)('%s', (_, spec, value, want) => {
    expect(checkParam(spec, value)).toBe(want);
  });
});

describe('validateArgs', () => {
  it('accepts valid arguments, keyed by label', () => {
    expect(() => validateArgs(LIST_DATASETS, { q: 'pib', pageSize: 10, page: 2 }, SPEC_ERRORS)).not.toThrow();
    expect(() => validateArgs(LIST_DATASETS, {}, SPEC_ERRORS)).not.toThrow();
    expect(() => validateArgs(LIST_DATASETS)).not.toThrow();
    expect(() => validateArgs(LIST_DATASETS, { q: undefined }, SPEC_ERRORS)).not.toThrow();
  });

  it('throws a ValidationError naming label, wire name and rule', () => {
    let caught: unknown;
    try {
      validateArgs(LIST_DATASETS, { pageSize: 500 }, SPEC_ERRORS);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const err = caught as ValidationError;
    expect(err.name).toBe('ValidationError');
    expect(err.kind).toBe('validation');
    expect(err.attempts).toBe(0);
    expect(err.status).toBeUndefined();
    expect(err.message).toBe('Invalid argument for listDatasets: pageSize (page_size) must be <= 100, got 500');
    expect(err.invalidParams).toEqual([{ name: 'page_size', label: 'pageSize', in: 'query', reason: 'must be <= 100, got 500' }]);
  });

  it('lists every broken argument, and unknown ones (typos)', () => {
    let caught: ValidationError | undefined;
    try {
      validateArgs(LIST_DATASETS, { q: '', pagesize: 5 }, SPEC_ERRORS);
    } catch (error) {
      caught = error as ValidationError;
    }
    expect(caught?.invalidParams.map((p) => p.name)).toEqual(['q', 'pagesize']);
    expect(caught?.message).toContain('q must be at least 1 character long');
    expect(caught?.message).toContain('pagesize is not a parameter of listDatasets (expected: q, organization, page, pageSize)');
  });

  it('rejects a wire name used instead of the label', () => {
    expect(() => validateArgs(GET_DATASET, { dataset_id: 'br_ibge_populacao' }, SPEC_ERRORS)).toThrow(
      /datasetId \(dataset_id\) is required; dataset_id is not a parameter of getDataset/,
    );
  });
});

describe('buildPath', () => {
  it.each([
    [GET_DATASET, { datasetId: 'br_ibge_populacao' }, '/datasets/br_ibge_populacao'],
    [GET_TABLE, { datasetId: 'br_ibge_populacao', tableId: 'municipio' }, '/datasets/br_ibge_populacao/tables/municipio'],
  ] as [OperationSpec, Record<string, unknown>, string][])('%#: %o', (op, args, want) => {
    expect(buildPath(op, args)).toBe(want);
  });

  it('percent-encodes path values that have no pattern', () => {
    const op: OperationSpec = {
      id: 'getThing',
      method: 'GET',
      path: '/things/{thing}',
      params: [{ name: 'thing', label: 'thing', in: 'path', required: true, type: 'string' }],
      paginated: false,
    };
    expect(buildPath(op, { thing: 'a/b?c#d e"f\'g' })).toBe('/things/a%2Fb%3Fc%23d%20e%22f\'g');
    expect(buildPath(op, { thing: 'são_paulo' })).toBe('/things/s%C3%A3o_paulo');
    // '..' would be resolved by URL parsers, so it never passes validation.
    expect(() => validateArgs(op, { thing: '..' }, SPEC_ERRORS)).toThrow(ValidationError);
    expect(() => validateArgs(op, { thing: '' }, SPEC_ERRORS)).toThrow(ValidationError);
  });

  it('fails loudly when the template names a parameter the spec lacks', () => {
    const op: OperationSpec = { ...GET_DATASET, params: [] };
    expect(() => buildPath(op, { datasetId: 'x' })).toThrow(/names \{dataset_id\}/);
  });
});

describe('buildQuery', () => {
  const withArray: OperationSpec = {
    ...LIST_DATASETS,
    params: [...LIST_DATASETS.params, { name: 'tag', label: 'tags', in: 'query', required: false, type: 'array' }],
  };
  const cases: [string, OperationSpec, Record<string, unknown>, string][] = [
    ['nothing', LIST_DATASETS, {}, ''],
    ['undefined and null skipped', LIST_DATASETS, { q: undefined, organization: null, page: 2 }, '?page=2'],
    ['wire names, spec order', LIST_DATASETS, { pageSize: 5, q: 'pib', page: 1 }, '?q=pib&page=1&page_size=5'],
    ['space as %20, reserved characters encoded', LIST_DATASETS, { q: 'a b&c=d+e/ç' }, '?q=a%20b%26c%3Dd%2Be%2F%C3%A7'],
    ['arrays repeat the parameter', withArray, { tags: ['censo', 'pib'] }, '?tag=censo&tag=pib'],
    ['booleans and numbers as text', withArray, { tags: [true, 3] }, '?tag=true&tag=3'],
    ['path params are not in the query', GET_DATASET, { datasetId: 'x' }, ''],
  ];
  it.each(cases)('%s', (_, op, args, want) => {
    expect(buildQuery(op, args)).toBe(want);
  });
});
