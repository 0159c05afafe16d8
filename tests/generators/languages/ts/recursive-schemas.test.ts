/**
 * Which schemas reach themselves before any object (generators/src/languages/ts/recursive-schemas.ts):
 * a cycle through an array becomes a type alias, a cycle of unions alone loses its references (unknown).
 */
import { describe, expect, it } from 'vitest';
import type { IRSchema, IRType } from '../../../../generators/src/ir/types.js';
import { eagerRefs, recursiveSchemas, withoutEagerRefsTo } from '../../../../generators/src/languages/ts/recursive-schemas.js';

const ref = (name: string): IRType => ({ kind: 'ref', name, words: [name.toLowerCase()] });
const array = (items: IRType): IRType => ({ kind: 'array', items });
const union = (...variants: IRType[]): IRType => ({ kind: 'union', variants });
const object = (props: Record<string, IRType>): IRType => ({
  kind: 'object',
  properties: Object.entries(props).map(([name, type]) => ({ name, type, required: false, description: '', deprecated: false })) as never,
  additionalProperties: null,
});
const STRING: IRType = { kind: 'string' };
const schemas = (types: Record<string, IRType>): IRSchema[] => Object.entries(types).map(([name, type]) => ({ name, type }) as unknown as IRSchema);

describe('recursiveSchemas', () => {
  it.each([
    { name: 'an array of itself', given: { IT: array(ref('IT')) }, aliased: ['IT'], unionCycles: [] },
    { name: 'a string or an array of itself', given: { U: union(STRING, array(ref('U'))) }, aliased: ['U'], unionCycles: [] },
    { name: 'a union and an array in a ring', given: { A: union(ref('B'), STRING), B: array(ref('A')) }, aliased: ['A', 'B'], unionCycles: [] },
    { name: 'a ring of arrays of three', given: { A: array(ref('B')), B: array(ref('C')), C: array(ref('A')) }, aliased: ['A', 'B', 'C'], unionCycles: [] },
    { name: 'an object holding itself', given: { Tree: object({ children: array(ref('Tree')) }) }, aliased: [], unionCycles: [] },
    { name: 'an array of an object holding the array', given: { L: array(ref('N')), N: object({ next: ref('L') }) }, aliased: [], unionCycles: [] },
    { name: 'unions alone', given: { A: union(ref('B'), STRING), B: union(ref('A'), { kind: 'number' }) }, aliased: [], unionCycles: ['A', 'B'] },
    { name: 'an array of a schema on a cycle, itself not on one', given: { Outer: array(ref('IT')), IT: array(ref('IT')) }, aliased: ['IT'], unionCycles: [] },
  ])('$name', ({ given, aliased, unionCycles }) => {
    const found = recursiveSchemas(schemas(given as unknown as Record<string, IRType>));
    expect([...found.aliased].sort()).toEqual(aliased);
    expect([...found.unionCycles].sort()).toEqual(unionCycles);
  });

  it('reads references before any object, once per way', () => {
    expect(eagerRefs(union(ref('A'), array(ref('A')), ref('A'), object({ x: ref('B') })))).toEqual([
      { name: 'A', throughArray: false },
      { name: 'A', throughArray: true },
    ]);
  });

  it('makes references to a union cycle unknown, but not those inside objects', () => {
    const type = union(ref('A'), array(ref('B')), object({ keep: ref('A') }), ref('C'));
    expect(withoutEagerRefsTo(type, new Set(['A', 'B']))).toEqual(union({ kind: 'unknown' }, array({ kind: 'unknown' }), object({ keep: ref('A') }), ref('C')));
  });
});
