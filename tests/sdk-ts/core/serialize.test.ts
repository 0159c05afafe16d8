/**
 * Parameter serialisation: every style and explode of OpenAPI 3.1 section
 * 4.8.12.4 against the spec's own table of examples, header and cookie
 * parameters, and the new value rules (items, uniqueItems, maxItems, safe
 * integers, header text).
 */
import { describe, expect, it } from 'vitest';

import {
  buildHeaders,
  buildPath,
  buildQuery,
  checkParam,
  validateArgs,
  type OperationSpec,
  type ParamSpec,
  type ParamStyle,
} from '../../../sdk-ts/src/core/index.js';
import { SPEC_ERRORS } from './helpers/spec.js';
import { ValidationError } from '../../../sdk-ts/src/generated/errors.js';

const STRING = 'blue';
const ARRAY = ['blue', 'black', 'brown'];
const OBJECT = { R: 100, G: 200, B: 150 };

function op(spec: Partial<ParamSpec> & Pick<ParamSpec, 'in' | 'type'>, path = '/x'): OperationSpec {
  return { id: 'styled', method: 'GET', path, paginated: false, params: [{ name: 'color', label: 'color', required: false, ...spec }] };
}

describe('path styles (OpenAPI 3.1 4.8.12.4, the spec table)', () => {
  const table: [ParamStyle, boolean, unknown, string][] = [
    ['simple', false, STRING, 'blue'],
    ['simple', false, ARRAY, 'blue,black,brown'],
    ['simple', false, OBJECT, 'R,100,G,200,B,150'],
    ['simple', true, ARRAY, 'blue,black,brown'],
    ['simple', true, OBJECT, 'R=100,G=200,B=150'],
    ['label', false, STRING, '.blue'],
    ['label', false, ARRAY, '.blue,black,brown'],
    ['label', false, OBJECT, '.R,100,G,200,B,150'],
    ['label', true, ARRAY, '.blue.black.brown'],
    ['label', true, OBJECT, '.R=100.G=200.B=150'],
    ['matrix', false, '', ';color'],
    ['matrix', false, STRING, ';color=blue'],
    ['matrix', false, ARRAY, ';color=blue,black,brown'],
    ['matrix', false, OBJECT, ';color=R,100,G,200,B,150'],
    ['matrix', true, ARRAY, ';color=blue;color=black;color=brown'],
    ['matrix', true, OBJECT, ';R=100;G=200;B=150'],
  ];
  it.each(table)('%s explode=%s %j -> %s', (style, explode, value, want) => {
    const type = Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : 'string';
    expect(buildPath(op({ in: 'path', type, style, explode }, '/paint/{color}'), { color: value })).toBe(`/paint/${want}`);
  });

  it('percent-encodes each value but not the delimiters', () => {
    const spec = op({ in: 'path', type: 'array' }, '/paint/{color}');
    expect(buildPath(spec, { color: ['a b', 'c/d', 'é'] })).toBe('/paint/a%20b,c%2Fd,%C3%A9');
  });
});

describe('query styles', () => {
  const table: [ParamStyle, boolean, unknown, string][] = [
    ['form', false, '', 'color='],
    ['form', false, STRING, 'color=blue'],
    ['form', false, ARRAY, 'color=blue,black,brown'],
    ['form', false, OBJECT, 'color=R,100,G,200,B,150'],
    ['form', true, ARRAY, 'color=blue&color=black&color=brown'],
    ['form', true, OBJECT, 'R=100&G=200&B=150'],
    ['spaceDelimited', false, ARRAY, 'color=blue%20black%20brown'],
    ['spaceDelimited', false, OBJECT, 'color=R%20100%20G%20200%20B%20150'],
    ['pipeDelimited', false, ARRAY, 'color=blue%7Cblack%7Cbrown'],
    ['pipeDelimited', false, OBJECT, 'color=R%7C100%7CG%7C200%7CB%7C150'],
    ['deepObject', true, OBJECT, 'color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150'],
  ];
  it.each(table)('%s explode=%s %j -> %s', (style, explode, value, want) => {
    const type = Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : 'string';
    expect(buildQuery(op({ in: 'query', type, style, explode }), { color: value })).toBe(`?${want}`);
  });

  it('encodes each value, a comma inside a value included, but not the delimiters', () => {
    expect(buildQuery(op({ in: 'query', type: 'array', explode: false }), { color: ['a,b', 'c d'] })).toBe('?color=a%2Cb,c%20d');
  });

  it('defaults to form, exploded', () => {
    expect(buildQuery(op({ in: 'query', type: 'array' }), { color: ARRAY })).toBe('?color=blue&color=black&color=brown');
  });
});

describe('header and cookie parameters', () => {
  const spec: OperationSpec = {
    id: 'withHeaders',
    method: 'GET',
    path: '/x',
    paginated: false,
    params: [
      { name: 'X-Trace-Id', label: 'traceId', in: 'header', required: true, type: 'string' },
      { name: 'X-Tags', label: 'tags', in: 'header', required: false, type: 'array' },
      { name: 'X-Point', label: 'point', in: 'header', required: false, type: 'object', explode: true },
      { name: 'session', label: 'session', in: 'cookie', required: false, type: 'string' },
      { name: 'prefs', label: 'prefs', in: 'cookie', required: false, type: 'array', explode: false },
    ],
  };

  it('serialises headers as simple and cookies as form, one cookie header', () => {
    expect(buildHeaders(spec, { traceId: 'abc 123', tags: ['a', 'b'], point: { x: 1, y: 2 }, session: 'a b;c', prefs: ['x', 'y'] })).toEqual({
      'x-trace-id': 'abc 123',
      'x-tags': 'a,b',
      'x-point': 'x=1,y=2',
      cookie: 'session=a%20b%3Bc; prefs=x,y',
    });
  });

  it('refuses header text that would split or corrupt the header, before any request', () => {
    for (const bad of ['a\r\nX-Evil: 1', 'a\nb', 'a\u0000', 'emoji 😀', 'ação\u2028']) {
      expect(() => validateArgs(spec, { traceId: bad }, SPEC_ERRORS)).toThrow(ValidationError);
    }
    expect(() => validateArgs(spec, { traceId: 'ação' }, SPEC_ERRORS)).not.toThrow(); // ISO-8859-1 is allowed
    expect(() => validateArgs(spec, { traceId: 'x', tags: ['ok', 'bad\r\n'] }, SPEC_ERRORS)).toThrow(/X-Tags.*control characters/);
  });
});

describe('value rules', () => {
  const columns: ParamSpec = { name: 'columns', label: 'columns', in: 'argument', required: false, type: 'array', pattern: '^[a-z0-9_]+$', minItems: 1 };
  const ids: ParamSpec = { name: 'ids', label: 'ids', in: 'query', required: false, type: 'array', items: { type: 'integer', minimum: 1 }, maxItems: 3, uniqueItems: true };
  const limit: ParamSpec = { name: 'limit', label: 'limit', in: 'argument', required: false, type: 'integer', minimum: 1 };

  it.each([
    [columns, [1, 2], 'item 0 must be a string, got number'],
    [columns, ['sigla', true], 'item 1 must be a string, got boolean'],
    [columns, ['sigla', 'nome'], undefined],
    [ids, [1, 2, 3], undefined],
    [ids, [1, '2'], 'item 1 must be an integer, got string'],
    [ids, [1, 0], 'item 1 must be >= 1, got 0'],
    [ids, [1, 2, 3, 4], 'must have at most 3 items, got 4'],
    [ids, [1, 2, 1], 'item 2 repeats item 0 (1); items must differ'],
    [ids, [1, 2 ** 53], 'item 1 must be a safe integer (at most 9007199254740991 in size), got 9007199254740992'],
    [limit, 1e21, 'must be a safe integer (at most 9007199254740991 in size), got 1e+21'],
    [limit, Number.MAX_SAFE_INTEGER, undefined],
    [limit, -0.5, 'must be an integer, got non-integer number'],
  ] as const)('%#: %j', (spec, value, want) => {
    expect(checkParam(spec, value)).toBe(want);
  });

  it('an object parameter takes only scalars or arrays of them', () => {
    const filter: ParamSpec = { name: 'filter', label: 'filter', in: 'query', required: false, type: 'object', style: 'deepObject' };
    expect(checkParam(filter, { a: 1, b: ['x', 'y'] })).toBeUndefined();
    expect(checkParam(filter, { a: { nested: 1 } })).toBe('property "a" must be a string, number, boolean or an array of them');
    expect(checkParam(filter, ['x'])).toBe('must be an object, got array');
  });
});
