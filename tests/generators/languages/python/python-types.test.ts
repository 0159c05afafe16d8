import { describe, expect, it } from 'vitest';
import type { IRType } from '../../../../generators/src/ir/types.js';
import {
  concreteType,
  pyOptional,
  pyType,
  pyValueRules,
  pyValueType,
  typingNamesIn,
  type SchemaResolver,
} from '../../../../generators/src/languages/python/python-types.js';

const ref = (name: string) => `M_${name}`;
const prop = (name: string, type: IRType, required = true) => ({ name, words: [name], required, description: '', type, constraints: {} });

describe('pyType', () => {
  const cases: { given: IRType; want: string }[] = [
    { given: { kind: 'string' }, want: 'str' },
    { given: { kind: 'string', format: 'date' }, want: 'str' },
    { given: { kind: 'string', enum: ['yes', 'no', "it's", 'say "hi"'] }, want: 'Literal["yes", "no", "it\'s", "say \\"hi\\""]' },
    { given: { kind: 'integer' }, want: 'int' },
    { given: { kind: 'integer', enum: [1, 2] }, want: 'Literal[1, 2]' },
    { given: { kind: 'number' }, want: 'float' },
    { given: { kind: 'boolean' }, want: 'bool' },
    { given: { kind: 'null' }, want: 'None' },
    { given: { kind: 'unknown' }, want: 'Any' },
    { given: { kind: 'ref', name: 'Theme', words: ['theme'] }, want: 'M_Theme' },
    { given: { kind: 'array', items: { kind: 'ref', name: 'Theme', words: ['theme'] } }, want: 'list[M_Theme]' },
    { given: { kind: 'union', variants: [{ kind: 'null' }, { kind: 'string' }] }, want: 'str | None' },
    { given: { kind: 'union', variants: [{ kind: 'string' }, { kind: 'string' }, { kind: 'integer' }] }, want: 'str | int' },
    { given: { kind: 'object', properties: [prop('a', { kind: 'string' })], additionalProperties: null }, want: 'dict[str, Any]' },
    { given: { kind: 'object', properties: [], additionalProperties: { kind: 'integer' } }, want: 'dict[str, int]' },
    { given: { kind: 'object', properties: [], additionalProperties: null }, want: 'dict[str, Any]' },
    { given: { kind: 'array', items: { kind: 'union', variants: [{ kind: 'number' }, { kind: 'null' }] } }, want: 'list[float | None]' },
  ];
  it.each(cases)('$want', ({ given, want }) => {
    expect(pyType(given, ref)).toBe(want);
  });
});

describe('pyOptional and typingNamesIn', () => {
  it.each([
    { given: 'str', want: 'str | None' },
    { given: 'str | None', want: 'str | None' },
    { given: 'None', want: 'None' },
    { given: 'Any', want: 'Any' },
    { given: 'list[NoneType]', want: 'list[NoneType] | None' },
  ])('pyOptional($given)', ({ given, want }) => {
    expect(pyOptional(given)).toBe(want);
  });
  it('finds the typing names an annotation uses', () => {
    expect(typingNamesIn('dict[str, Any] | Literal["a"]')).toEqual(['Any', 'Literal']);
    expect(typingNamesIn('AnyThing | LiteralValue')).toEqual([]);
  });
});

const schemas: Record<string, IRType> = {
  Id: { kind: 'string' },
  Environment: { kind: 'string', enum: ['prod', 'staging'] },
  Count: { kind: 'integer' },
  Loop: { kind: 'ref', name: 'Loop', words: ['loop'] },
};
const resolve: SchemaResolver = (name) => schemas[name];

describe('pyValueRules', () => {
  it('follows refs to the type and the enum', () => {
    expect(pyValueRules({ kind: 'ref', name: 'Environment', words: ['environment'] }, {}, resolve)).toEqual({ type: 'string', enum: ['prod', 'staging'] });
    expect(pyValueType({ kind: 'ref', name: 'Count', words: ['count'] }, resolve)).toBe('integer');
    expect(pyValueType({ kind: 'union', variants: [{ kind: 'ref', name: 'Count', words: ['count'] }, { kind: 'null' }] }, resolve)).toBe('integer');
  });
  it('keeps every constraint and describes array items', () => {
    expect(pyValueRules(
      { kind: 'array', items: { kind: 'ref', name: 'Id', words: ['id'] } },
      { minItems: 1, items: { pattern: '^[a-z0-9_]+$', minLength: 1, maxLength: 128 } },
      resolve,
    )).toEqual({ type: 'array', minItems: 1, items: { type: 'string', pattern: '^[a-z0-9_]+$', minLength: 1, maxLength: 128 } });
    expect(pyValueRules({ kind: 'number' }, { minimum: 0, exclusiveMaximum: 1 }, resolve)).toEqual({ type: 'number', minimum: 0, exclusiveMaximum: 1 });
  });
  it('does not loop on a schema that refers to itself', () => {
    expect(concreteType({ kind: 'ref', name: 'Loop', words: ['loop'] }, resolve)).toEqual({ kind: 'unknown' });
    expect(pyValueType({ kind: 'ref', name: 'Missing', words: ['missing'] }, resolve)).toBe('string');
  });
});
