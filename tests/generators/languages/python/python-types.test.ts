import { describe, expect, it } from 'vitest';
import type { IRType, IRValueRules } from '../../../../generators/src/ir/types.js';
import { renderValueRules } from '../../../../generators/src/languages/python/params.js';
import { pyOptional, pyType, typingNamesIn } from '../../../../generators/src/languages/python/types.js';

const ref = (name: string) => `M_${name}`;
const prop = (name: string, type: IRType, required = true) => ({ name, words: [name], required, description: '', deprecated: false, type });

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

describe('renderValueRules (the runtime\'s ValueRules of the IR\'s rules)', () => {
  it.each([
    { given: { kind: 'string', nullable: false, enum: ['prod', 'staging'] } as IRValueRules, want: 'ValueRules(type="string", enum=("prod", "staging"))' },
    { given: { kind: 'number', nullable: false, minimum: 0, exclusiveMaximum: 1 } as IRValueRules, want: 'ValueRules(type="number", minimum=0, exclusive_maximum=1)' },
    {
      given: { kind: 'array', nullable: false, minItems: 1, items: { kind: 'string', nullable: false, pattern: '^[a-z0-9_]+$' } } as IRValueRules,
      want: 'ValueRules(type="array", min_items=1, items=ValueRules(type="string", pattern="^[a-z0-9_]+$"))',
    },
    { given: { kind: 'unknown', nullable: true } as IRValueRules, want: 'ValueRules(type="any")' },
  ])('$want', ({ given, want }) => {
    expect(renderValueRules(given, '')).toBe(want);
  });
});
