/**
 * The locator must say what redocly's getLineColLocation says (the line and
 * column every diagnostic printed so far), only without re-reading the file
 * up to the node each time.
 */
import { getLineColLocation, Source } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { lineColOfOffset, locatePointer } from '../../../generators/src/load/locate.js';

const YAML_SPEC = [
  'openapi: 3.1.0',
  'info:',
  '  title: "Located"',
  '  version: 1.0.0',
  'paths:',
  '  /things/{id}:',
  '    get:',
  '      operationId: getThing',
  '      parameters:',
  '        - name: id',
  '          in: path',
  '          required: true',
  '          schema: {type: string}',
  '      responses:',
  '        "200": {description: ok}',
  'components:',
  '  schemas:',
  '    a~b/c:',
  '      type: object',
  '',
].join('\n');

const JSON_SPEC = JSON.stringify(
  {
    openapi: '3.0.3',
    info: { title: 'Located "quoted" \\ {not} [json]', version: '1' },
    tags: [{ name: 'a' }, { name: 'b', description: 'second, with a comma' }],
    paths: { '/x': { get: { responses: { 200: { description: 'ok' } } } }, '/é/{id}': { get: { parameters: [1, 2.5e3, true, null, { in: 'path' }] } } },
  },
  null,
  2,
).replace('"/é/{id}"', '"/\\u00e9/{id}"');

/** The same document on one line, as minified specs come. */
const MINIFIED_JSON = JSON.stringify(JSON.parse(JSON_SPEC));

const POINTERS = [
  '#',
  '#/info',
  '#/info/title',
  '#/paths/~1things~1{id}/get/operationId',
  '#/paths/~1things~1{id}/get/parameters/0/schema/type',
  '#/paths/~1things~1{id}/get/responses/200/description',
  '#/components/schemas/a~0b~1c',
  '#/paths/~1x/get/responses/200/description',
  '#/no/such/node',
  '#/tags/1/description',
  '#/tags/7',
  '#/paths/~1é~1{id}/get/parameters/4/in',
  '#/paths/~1é~1{id}/get/parameters/2',
  '#/paths/~1x/get/nope/deeper',
];

describe('locatePointer', () => {
  it.each([['YAML', 'spec.yaml', YAML_SPEC], ['JSON', 'spec.json', JSON_SPEC], ['minified JSON', 'min.json', MINIFIED_JSON]])('agrees with redocly on every node of a %s file, on the value and on the key', (_kind, name, body) => {
    for (const pointer of POINTERS) {
      for (const reportOnKey of [false, true]) {
        const theirs = getLineColLocation({ source: new Source(`/tmp/${name}`, body), pointer, reportOnKey }).start;
        expect(locatePointer(new Source(`/tmp/${name}`, body), pointer, reportOnKey), `${pointer} ${reportOnKey ? 'key' : 'value'}`).toEqual({ line: theirs.line, col: theirs.col });
      }
    }
  });

  it('answers the same after a JSON file\'s first lookups, from its AST', () => {
    const source = new Source('/tmp/spec.json', JSON_SPEC);
    const first = POINTERS.map((p) => locatePointer(source, p, true));
    for (let i = 0; i < 20; i++) locatePointer(source, '#/info', false);
    expect(POINTERS.map((p) => locatePointer(source, p, true))).toEqual(first);
  });

  // redocly percent-decodes pointers (and throws on these keys); bdgen's pointers are RFC 6901 as written.
  const PERCENT_YAML = ['openapi: 3.1.0', 'x-keys:', '  "100%": a', '  "%C3%A9": b', '  é: c', '  "": d', ''].join('\n');
  it.each([
    { pointer: '#/x-keys/100%', want: { line: 3, col: 3 } },
    { pointer: '#/x-keys/%C3%A9', want: { line: 4, col: 3 } },
    { pointer: '#/x-keys/é', want: { line: 5, col: 3 } },
    { pointer: '#/x-keys/', want: { line: 6, col: 3 } },
  ])('finds the key of $pointer as written, in YAML and in JSON', ({ pointer, want }) => {
    expect(locatePointer(new Source('/tmp/keys.yaml', PERCENT_YAML), pointer, true)).toEqual(want);
    const json = JSON.stringify({ openapi: '3.1.0', 'x-keys': { '100%': 'a', '%C3%A9': 'b', é: 'c', '': 'd' } }, null, 1);
    expect(locatePointer(new Source('/tmp/keys.json', json), pointer, true)).toEqual({ line: want.line + 1, col: 3 });
  });

  it('finds the operationId of a YAML spec where it is written', () => {
    expect(locatePointer(new Source('/tmp/spec.yaml', YAML_SPEC), '#/paths/~1things~1{id}/get/operationId', true)).toEqual({ line: 8, col: 7 });
  });
});

describe('lineColOfOffset', () => {
  it.each([
    { offset: 0, want: { line: 1, col: 1 } },
    { offset: 2, want: { line: 1, col: 3 } },
    { offset: 3, want: { line: 1, col: 4 } },
    { offset: 4, want: { line: 2, col: 1 } },
    { offset: 5, want: { line: 3, col: 1 } },
    { offset: 7, want: { line: 3, col: 3 } },
  ])('offset $offset of "abc\\n\\nde" is $want.line:$want.col', ({ offset, want }) => {
    expect(lineColOfOffset(new Source('/tmp/t.yaml', 'abc\n\nde'), offset)).toEqual(want);
  });
});
