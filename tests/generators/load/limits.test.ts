/**
 * The load limits, one by one, with limits small enough to cross in a few
 * lines: each refusal names the limit and the place, and raising the limit
 * lets the same spec load (so the check measures, not guesses).
 */
import { statSync, truncateSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureAliasExpansion } from '../../../generators/src/load/alias-expansion.js';
import { DEFAULT_LOAD_LIMITS, parseLimitAssignments, resolveLimits } from '../../../generators/src/load/limits.js';
import { loadSpec } from '../../../generators/src/load/load-spec.js';
import { tempDir } from '../helpers.js';
import { REF_LINE, REF_POINTER, refusal, specWithRef, write } from './hostile-specs.js';

const specIn = (dir: string, ref: string, tail = '') => write(join(dir, 'openapi.yaml'), specWithRef(ref, tail));

/** `components.schemas` where Link0 -> Link1 -> ... -> Link{n}, each only a $ref (or, nested, a property that is one). */
function chain(n: number, nested: boolean): string {
  const lines = ['components:', '  schemas:'];
  for (let i = 0; i < n; i++) {
    const ref = `{$ref: '#/components/schemas/Link${i + 1}'}`;
    lines.push(nested ? `    Link${i}: {type: object, properties: {next: ${ref}}}` : `    Link${i}: ${ref}`);
  }
  lines.push(`    Link${n}: {type: string}`);
  return `${lines.join('\n')}\n`;
}

/** A schema `levels` objects deep (properties/p/...), as flow YAML on one line. */
function deepSchema(levels: number, leaf = '{type: string}'): string {
  return `${'{type: object, properties: {p: '.repeat(levels)}${leaf}${'}}'.repeat(levels)}`;
}

describe('limit settings', () => {
  it('lay overrides over the defaults and refuse nonsense', () => {
    expect(resolveLimits()).toEqual(DEFAULT_LOAD_LIMITS);
    expect(resolveLimits({ maxFiles: 3 })).toEqual({ ...DEFAULT_LOAD_LIMITS, maxFiles: 3 });
    for (const bad of [{ maxBananas: 1 }, { maxFiles: 0 }, { maxFiles: -1 }, { maxFiles: 1.5 }, { maxFiles: '10' }]) {
      expect(() => resolveLimits(bad), JSON.stringify(bad)).toThrow(RangeError);
    }
  });

  it('parse name=value assignments, as a --limit option would take them', () => {
    expect(parseLimitAssignments(['maxFileBytes=20_000_000', ' maxFiles = 3 '])).toEqual({ maxFileBytes: 20_000_000, maxFiles: 3 });
    for (const bad of ['maxFileBytes', 'maxFileBytes=-1', 'maxFileBytes=0', 'nope=1', 'maxFiles=1e3']) {
      expect(() => parseLimitAssignments([bad]), bad).toThrow(/load limit/);
    }
  });
});

describe('measureAliasExpansion', () => {
  it('counts the nodes each repeated object adds, once per repeat', () => {
    const shared = { type: 'string', enum: ['a', 'b'] }; // 1 + 1 + (1 + 2) = 5 nodes
    expect(measureAliasExpansion({ a: shared, b: [shared, shared] }, 100)).toMatchObject({ added: 10, worst: { tokens: ['b', 0], nodes: 5 } });
    expect(measureAliasExpansion({ a: { b: [1, 2] }, c: 'd' }, 100)).toEqual({ added: 0 });
  });

  it('stops just past the limit on a billion laughs, and calls a self-containing alias endless', () => {
    // Each level's array counts the elements read from it: the work done, which a full expansion makes 9^10.
    let reads = 0;
    const counted = (items: unknown[]) => new Proxy(items, { get: (target, key, receiver) => {
      if (typeof key === 'string' && /^[0-9]+$/.test(key)) reads += 1;
      return Reflect.get(target, key, receiver);
    } });
    let level: unknown = counted(['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']);
    for (let i = 0; i < 9; i++) level = counted(Array.from({ length: 9 }, () => level));
    const { added } = measureAliasExpansion({ bomb: level }, 1000);
    expect(added).toBeGreaterThan(1000);
    expect(added).toBeLessThan(10_000);
    // Ten distinct arrays of nine: each element read at most twice (listing the keys, then the value), however often its array repeats.
    expect(reads).toBeLessThanOrEqual(2 * 10 * 9);
    expect(reads).toBeGreaterThan(9);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(measureAliasExpansion({ loop }, 1000)).toMatchObject({ added: Infinity, worst: { tokens: ['loop', 'self'] } });
  });
});

describe('loadSpec limits', () => {
  it('leave our own spec and the multi-file fixture alone', async () => {
    for (const file of ['spec/datalake.yaml', 'tests/specs/fixtures/tricky/openapi.yaml']) {
      await expect(loadSpec(file), file).resolves.toMatchObject({ rootFile: resolve(file) });
    }
  });

  it('maxFileBytes: a huge root is refused from its size alone', async () => {
    const file = specIn(tempDir(), '#/components/schemas/Thing');
    truncateSync(file, DEFAULT_LOAD_LIMITS.maxFileBytes + 1); // sparse: nothing to read, and nothing is
    const d = await refusal(file);
    expect(d).toMatchObject({ rule: 'bdgen/limit-file-size', file, pointer: '#' });
    expect(d.message).toContain(`${DEFAULT_LOAD_LIMITS.maxFileBytes + 1} bytes, over the limit maxFileBytes of ${DEFAULT_LOAD_LIMITS.maxFileBytes}`);
    expect(d.hint).toContain('--limit maxFileBytes=<n>');
  });

  it('maxFileBytes: a referenced file over it is refused at the $ref, and loads when raised', async () => {
    const dir = tempDir();
    write(join(dir, 'thing.yaml'), `Thing: {type: string, description: "${'x'.repeat(3000)}"}\n`);
    const file = specIn(dir, './thing.yaml#/Thing');
    expect(await refusal(file, { limits: { maxFileBytes: 2000 } })).toMatchObject({ rule: 'bdgen/limit-file-size', file, pointer: REF_POINTER, line: REF_LINE });
    await expect(loadSpec(file, { limits: { maxFileBytes: 4000 } })).resolves.toMatchObject({ files: [file, join(dir, 'thing.yaml')] });
  });

  it('maxFiles and maxTotalBytes count every file read, the root included', async () => {
    const dir = tempDir();
    const a = write(join(dir, 'a.yaml'), 'Thing: {$ref: "./b.yaml#/Thing"}\n');
    write(join(dir, 'b.yaml'), 'Thing: {type: string}\n');
    const file = specIn(dir, './a.yaml#/Thing');
    expect(await refusal(file, { limits: { maxFiles: 2 } })).toMatchObject({ rule: 'bdgen/limit-files', file: a, pointer: '#/Thing', line: 1 });
    const total = statSync(file).size + statSync(a).size;
    expect(await refusal(file, { limits: { maxTotalBytes: total + 5 } })).toMatchObject({ rule: 'bdgen/limit-total-size', file: a, pointer: '#/Thing' });
    await expect(loadSpec(file, { limits: { maxFiles: 3, maxTotalBytes: total + 100 } })).resolves.toBeDefined();
  });

  it('maxAliasExpansion: names the alias that repeats the most, and loads when raised', async () => {
    const dir = tempDir();
    const block = '&block {type: object, properties: {a: {type: string}, b: {type: integer}, c: {type: boolean}}}';
    const uses = Array.from({ length: 10 }, (_, i) => `    Use${i}: *block`).join('\n');
    const file = specIn(dir, '#/components/schemas/Base', `components:\n  schemas:\n    Base: ${block}\n${uses}\n`);
    const d = await refusal(file, { limits: { maxAliasExpansion: 50 } });
    expect(d).toMatchObject({ rule: 'bdgen/limit-alias-expansion', file, pointer: '#/components/schemas/Use0', line: REF_LINE + 4 });
    expect(d.message).toContain('more than 50 nodes (the limit maxAliasExpansion); this alias alone repeats 9 nodes');
    await expect(loadSpec(file, { limits: { maxAliasExpansion: 200 } })).resolves.toBeDefined();
  });

  it('maxAliasExpansion: a bomb in a referenced file is reported where it is, in that file', async () => {
    const dir = tempDir();
    const things = write(join(dir, 'things.yaml'), 'Base: &b {type: object, properties: {a: {type: string}}}\nThing: [*b, *b, *b]\n');
    const file = specIn(dir, './things.yaml#/Base');
    expect(await refusal(file, { limits: { maxAliasExpansion: 10 } })).toMatchObject({ rule: 'bdgen/limit-alias-expansion', file: things, pointer: '#/Thing/0', line: 2 });
  });

  it('an alias inside the node it names is refused at any limit', async () => {
    const file = specIn(tempDir(), '#/components/schemas/Thing', 'components:\n  schemas:\n    Thing: &loop\n      type: object\n      x-self: *loop\n');
    expect(await refusal(file)).toMatchObject({ rule: 'bdgen/limit-alias-expansion', pointer: '#/components/schemas/Thing/x-self', line: REF_LINE + 5 });
  });

  it.each([false, true])('maxRefDepth: a chain of $refs (nested: %s) is refused at the first $ref over it', async (nested) => {
    const file = specIn(tempDir(), '#/components/schemas/Link0', chain(6, nested));
    const d = await refusal(file, { limits: { maxRefDepth: 4 } });
    const pointer = nested ? '#/components/schemas/Link3/properties/next' : '#/components/schemas/Link3';
    expect(d).toMatchObject({ rule: 'bdgen/limit-ref-depth', file, pointer, line: REF_LINE + 6 });
    expect(d.message).toContain(`5 $refs in a row, over the limit maxRefDepth of 4: ${REF_POINTER} -> #/components/schemas/Link0`);
    await expect(loadSpec(file, { limits: { maxRefDepth: 7 } })).resolves.toBeDefined();
  });

  it('maxRefHops: every $ref counts each hop of the chain it starts', async () => {
    const uses = Array.from({ length: 10 }, (_, i) => `        p${i}: {$ref: '#/components/schemas/Link0'}`).join('\n');
    // The response's $ref and Link0..Link2 make 4 + 3 + 2 + 1 hops; each of the 10 properties 4 more.
    const file = specIn(tempDir(), '#/components/schemas/Link0', `${chain(3, false)}    Many:\n      type: object\n      properties:\n${uses}\n`);
    const d = await refusal(file, { limits: { maxRefHops: 30 } });
    expect(d).toMatchObject({ rule: 'bdgen/limit-ref-hops', file, pointer: '#/components/schemas/Many/properties/p5' });
    expect(d.message).toContain('takes 34 hops (each $ref counts every hop of the chain it starts), over the limit maxRefHops of 30');
    await expect(loadSpec(file, { limits: { maxRefHops: 50 } })).resolves.toBeDefined();
  });

  it('maxRefDepth follows $refs across files', async () => {
    const dir = tempDir();
    write(join(dir, 'a.yaml'), 'A: {$ref: "./b.yaml#/B"}\n');
    const b = write(join(dir, 'b.yaml'), 'B: {$ref: "./c.yaml#/C"}\n');
    write(join(dir, 'c.yaml'), 'C: {type: string}\n');
    const file = specIn(dir, './a.yaml#/A');
    expect(await refusal(file, { limits: { maxRefDepth: 2 } })).toMatchObject({ rule: 'bdgen/limit-ref-depth', file: b, pointer: '#/B', line: 1 });
    await expect(loadSpec(file, { limits: { maxRefDepth: 3 } })).resolves.toBeDefined();
  });

  it('maxDepth counts the nesting inside every file a $ref leads to', async () => {
    const dir = tempDir();
    const inner = write(join(dir, 'inner.yaml'), `Inner: ${deepSchema(10)}\n`);
    write(join(dir, 'outer.yaml'), `Outer: ${deepSchema(10, '{$ref: "./inner.yaml#/Inner"}')}\n`);
    const file = specIn(dir, './outer.yaml#/Outer');
    const d = await refusal(file, { limits: { maxDepth: 40 } });
    expect(d).toMatchObject({ rule: 'bdgen/limit-depth', file: inner, line: 1 });
    expect(d.message).toContain('over the limit maxDepth of 40, after 2 $refs');
    await expect(loadSpec(file, { limits: { maxDepth: 60 } })).resolves.toBeDefined();
  });
});
