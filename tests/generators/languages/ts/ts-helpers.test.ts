import { describe, expect, it } from 'vitest';
import type { IRType, IRValueRules } from '../../../../generators/src/ir/types.js';
import { tsDoc, tsLiteral, tsMember, tsString } from '../../../../generators/src/languages/ts/doc.js';
import { tsPropertyKey, tsTypeName, tsVariableName } from '../../../../generators/src/languages/ts/naming.js';
import { tsType } from '../../../../generators/src/languages/ts/types.js';
import { ruleFields } from '../../../../generators/src/languages/ts/views/spec.js';

const ref = (name: string) => `M.${name}`;

describe('tsType', () => {
  const cases: { given: IRType; want: string }[] = [
    { given: { kind: 'string' }, want: 'string' },
    { given: { kind: 'string', enum: ['a', "it's"] }, want: "'a' | 'it\\'s'" },
    { given: { kind: 'integer' }, want: 'number' },
    { given: { kind: 'integer', enum: [1, 2] }, want: '1 | 2' },
    { given: { kind: 'boolean' }, want: 'boolean' },
    { given: { kind: 'unknown' }, want: 'unknown' },
    { given: { kind: 'ref', name: 'Theme', words: ['theme'] }, want: 'M.Theme' },
    { given: { kind: 'array', items: { kind: 'string' } }, want: 'string[]' },
    { given: { kind: 'array', items: { kind: 'union', variants: [{ kind: 'string' }, { kind: 'null' }] } }, want: 'Array<string | null>' },
    {
      given: { kind: 'object', properties: [
        { name: 'a', words: ['a'], required: true, description: '', deprecated: false, type: { kind: 'string' } },
        { name: 'two words', words: ['two', 'words'], required: false, description: '', deprecated: false, type: { kind: 'number' } },
      ], additionalProperties: null },
      want: "{ a: string; 'two words'?: number }",
    },
    { given: { kind: 'object', properties: [], additionalProperties: { kind: 'integer' } }, want: '{ [key: string]: number }' },
    { given: { kind: 'object', properties: [], additionalProperties: null }, want: 'Record<string, never>' },
  ];
  it.each(cases)('$want', ({ given, want }) => {
    expect(tsType(given, ref)).toBe(want);
  });
});

describe('ruleFields (the runtime record of a value\'s rules)', () => {
  it.each([
    { given: { kind: 'integer', nullable: false, minimum: 1 } as IRValueRules, want: { type: 'integer', minimum: 1 } },
    { given: { kind: 'unknown', nullable: true } as IRValueRules, want: { type: 'unknown' } },
    {
      given: { kind: 'array', nullable: false, minItems: 1, items: { kind: 'string', nullable: false, pattern: '^[a-z]+$' } } as IRValueRules,
      want: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[a-z]+$' } },
    },
    { given: { kind: 'string', nullable: false, enum: ['a', 'b'], maxLength: 3 } as IRValueRules, want: { type: 'string', maxLength: 3, enum: ['a', 'b'] } },
  ])('$want.type', ({ given, want }) => {
    expect(ruleFields(given)).toEqual(want);
  });
});

describe('tsMember', () => {
  it.each([
    ['listDatasets', 'OPERATIONS.listDatasets'],
    ['repos/get', "OPERATIONS['repos/get']"],
    ['get-stations', "OPERATIONS['get-stations']"],
  ])('%s', (key, want) => expect(tsMember('OPERATIONS', key)).toBe(want));
});

describe('TypeScript names', () => {
  it.each([
    { words: ['in'], variable: 'in_', type: 'In' },
    { words: ['class'], variable: 'class_', type: 'Class' },
    { words: ['dataset', 'id'], variable: 'datasetId', type: 'DatasetId' },
    { words: ['string'], variable: 'string_', type: 'String' },
    { words: ['3d', 'view'], variable: 'n3dView', type: 'N3dView' },
  ])('$words', ({ words, variable, type }) => {
    expect(tsVariableName(words)).toBe(variable);
    expect(tsTypeName(words)).toBe(type);
  });
  it('quotes property keys that are not identifiers', () => {
    expect(tsPropertyKey('page_size')).toBe('page_size');
    expect(tsPropertyKey('two words')).toBe("'two words'");
    expect(tsPropertyKey("it's")).toBe("'it\\'s'");
  });
});

describe('tsDoc', () => {
  it('lays out paragraphs and breaks up a comment terminator', () => {
    expect(tsDoc(['Summary.', 'Ends */ here.\nSecond line.'], '  ')).toBe(
      ['  /**', '   * Summary.', '   *', '   * Ends *\\/ here.', '   * Second line.', '   */'].join('\n'),
    );
  });
  it('is empty when there is nothing to say', () => {
    expect(tsDoc(['', undefined, '  '])).toBe('');
  });
});

describe('tsLiteral and tsString', () => {
  it('quotes strings with single quotes, escaping what must be', () => {
    expect(tsString("it's \"fine\"\n")).toBe("'it\\'s \"fine\"\\n'");
  });
  it('lays out objects one member per line and scalar arrays inline', () => {
    expect(tsLiteral({ a: 1, 'b-c': ['x', 'y'], d: [{ e: null }], f: undefined }, '')).toBe(
      ["{", "  a: 1,", "  'b-c': ['x', 'y'],", "  d: [", "    {", "      e: null,", "    },", "  ],", "}"].join('\n'),
    );
  });
});
