/**
 * `diffSpecs`: one spec pair per rule (tests/specs/diff-pairs/<rule>/, each
 * new.yaml the old one with one change), the level each rule gives, the
 * pointer it names and the bump it implies.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSpec, nodeAtPointer } from '../../../generators/src/compile.js';
import { diffSpecs, impliedBump, loadSpecRef, type ChangeLevel, type SpecChange } from '../../../generators/src/diff/index.js';
import { BUNDLED_SPEC } from '../../../generators/src/paths.js';

const PAIRS = 'tests/specs/diff-pairs';

/** given: the pair's folder (named for its rule); want: the level of that rule's change. */
const WANT: Record<string, ChangeLevel> = {
  'operation-removed': 'breaking', 'operation-renamed': 'breaking', 'data-function-removed': 'breaking',
  'parameter-removed': 'breaking', 'parameter-renamed': 'breaking', 'parameter-required': 'breaking',
  'parameter-type-changed': 'breaking', 'parameter-narrowed': 'breaking', 'enum-value-removed': 'breaking',
  'request-field-required': 'breaking', 'request-field-removed': 'breaking', 'request-field-retyped': 'breaking',
  'request-body-required': 'breaking', 'request-body-removed': 'breaking', 'request-media-removed': 'breaking',
  'response-field-removed': 'breaking', 'response-field-retyped': 'breaking', 'response-kind-changed': 'breaking',
  'operation-id-changed': 'breaking', 'pagination-changed': 'breaking', 'error-kinds-changed': 'breaking', 'graphql-binding-removed': 'breaking',
  'alias-removed': 'breaking', 'alias-changed': 'breaking', 'security-added': 'breaking', 'security-changed': 'breaking',
  'security-scheme-removed': 'breaking', 'security-scheme-changed': 'breaking', 'environment-removed': 'breaking',
  'brand-changed': 'breaking', 'package-renamed': 'breaking',
  'operation-added': 'minor', 'operation-endpoint-changed': 'minor', 'data-function-added': 'minor',
  'parameter-added': 'minor', 'parameter-default-changed': 'minor', 'requirement-relaxed': 'minor',
  'enum-value-added': 'minor', 'request-field-added': 'minor', 'request-body-added': 'minor',
  'request-media-added': 'minor', 'response-field-added': 'minor', 'response-enum-value-removed': 'minor',
  'graphql-binding-added': 'minor', 'graphql-binding-changed': 'minor', 'alias-added': 'minor',
  'alias-parameter-added': 'minor', 'security-scheme-added': 'minor', 'environment-added': 'minor',
  'environment-changed': 'minor', 'error-kind-added': 'minor', 'server-changed': 'minor', 'deprecated': 'minor',
  'description-changed': 'patch', 'summary-changed': 'patch', 'example-changed': 'patch', 'info-changed': 'patch',
  'parameter-serialization-changed': 'patch', 'retry-changed': 'patch',
  'price-changed': 'patch',
};

const SEVERITY: Record<ChangeLevel, number> = { breaking: 3, minor: 2, patch: 1 };
const BUMP_AT_1 = { breaking: 'major', minor: 'minor', patch: 'patch' } as const;

// The oasdiff cross-check's own pairs (oasdiff-*) are checked by its script.
const ourPairs = () => readdirSync(PAIRS, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('oasdiff-')).map((e) => e.name).sort();
const compile = (path: string) => compileSpec(path, { lint: false });
const allPairs = () => readdirSync(PAIRS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

describe('diffSpecs, one spec pair per rule', () => {
  it('has a pair for every rule in the table and a rule for every pair', () => {
    expect(ourPairs()).toEqual(Object.keys(WANT).sort());
  });

  // `bdgen diff` and the oasdiff cross-check validate what they read: a pair they refuse shows nothing.
  it.each(allPairs())('%s: both specs pass the validation bdgen diff runs', async (pair) => {
    for (const side of ['old.yaml', 'new.yaml']) await expect(loadSpecRef(join(PAIRS, pair, side)), side).resolves.toHaveProperty('ir');
  });

  it.each(Object.entries(WANT))('%s is %s', async (rule, level) => {
    const [before, after] = [await compile(join(PAIRS, rule, 'old.yaml')), await compile(join(PAIRS, rule, 'new.yaml'))];
    const diff = diffSpecs(before.ir, after.ir);
    const found = diff.changes.filter((c) => c.rule === rule);
    expect(found.length, JSON.stringify(diff.changes)).toBeGreaterThan(0);
    expect(found.map((c) => c.level)).toEqual(found.map(() => level));
    // The pair changes one thing: nothing in it is more severe than the rule it shows.
    expect(Math.max(...diff.changes.map((c) => SEVERITY[c.level]))).toBe(SEVERITY[level]);
    expect(diff.bump).toBe(BUMP_AT_1[level]);
    // Each pointer names a node: in the new spec, or in the old one for what was removed.
    for (const change of found) {
      const node = nodeAtPointer(after.document, change.pointer) ?? nodeAtPointer(before.document, change.pointer);
      expect(node, `${change.pointer} in neither spec`).toBeDefined();
    }
  });

  it('points a removal at the old spec and an addition at the new one', async () => {
    const removed = diffSpecs((await compile(join(PAIRS, 'operation-removed/old.yaml'))).ir, (await compile(join(PAIRS, 'operation-removed/new.yaml'))).ir);
    expect(removed.changes).toEqual([{ level: 'breaking', rule: 'operation-removed', pointer: '#/paths/~1health/get', message: 'operation getHealth (GET /health) was removed' }]);
    const renamed = diffSpecs((await compile(join(PAIRS, 'parameter-renamed/old.yaml'))).ir, (await compile(join(PAIRS, 'parameter-renamed/new.yaml'))).ir);
    expect(renamed.changes.map((c) => c.message)).toEqual(['operation listTags: query parameter q was renamed to words']);
  });

  it('reports a changed example of a schema field, at the field', async () => {
    const pair = join(PAIRS, 'oasdiff-example-changed');
    const diff = diffSpecs((await compile(join(pair, 'old.yaml'))).ir, (await compile(join(pair, 'new.yaml'))).ir);
    expect(diff).toEqual({
      bump: 'patch',
      changes: [{ level: 'patch', rule: 'example-changed', pointer: '#/components/schemas/Thing/properties/id', message: 'the example of field id of schema Thing changed' }],
    });
  });

  it('reports a changed example of a named schema, at the schema', async () => {
    const base = (await compile(join(PAIRS, 'base.yaml'))).ir;
    const changed = { ...base, schemas: base.schemas.map((schema) => (schema.name === 'Tag' ? { ...schema, example: { slug: 'saude', name: 'Saúde' } } : schema)) };
    expect(diffSpecs(base, changed).changes).toEqual([{ level: 'patch', rule: 'example-changed', pointer: '#/components/schemas/Tag', message: 'the example of schema Tag changed' }]);
  });

  it('says which language an alias change concerns', async () => {
    const diff = diffSpecs((await compile(join(PAIRS, 'alias-removed/old.yaml'))).ir, (await compile(join(PAIRS, 'alias-removed/new.yaml'))).ir);
    expect(diff.changes).toEqual([expect.objectContaining({ rule: 'alias-removed', languages: ['python'], pointer: '#/x-bd-aliases/python/0' }) satisfies SpecChange]);
  });

  it('finds no change between our spec and itself', async () => {
    const spec = await compile(BUNDLED_SPEC);
    const again = await compile(BUNDLED_SPEC);
    expect(diffSpecs(spec.ir, again.ir)).toEqual({ bump: 'none', changes: [] });
  });

  it('finds a narrowed enum of our spec in every function that takes it', async () => {
    const spec = await compile(BUNDLED_SPEC);
    const narrowed = structuredClone(spec.ir) as typeof spec.ir & { data: { functions: { params: { name: string; rules: { enum?: unknown[] } }[] }[] } };
    for (const fn of narrowed.data.functions) for (const p of fn.params) if (p.name === 'environment') p.rules.enum = ['prod', 'staging'];
    const diff = diffSpecs(spec.ir, narrowed);
    expect(diff.changes.map((c) => c.rule)).toEqual(spec.ir.data.functions.filter((f) => f.params.some((p) => p.name === 'environment')).map(() => 'enum-value-removed'));
    // Our spec is 0.x: semver's breaking position there is the minor version.
    expect(spec.ir.version.major).toBe(0);
    expect(diff.bump).toBe('minor');
  });
});

describe('impliedBump', () => {
  const change = (level: ChangeLevel): SpecChange => ({ level, rule: 'r', pointer: '#', message: 'm' });
  it.each([
    [['breaking', 'minor', 'patch'], 1, 'major'], [['breaking'], 0, 'minor'], [['minor', 'patch'], 1, 'minor'],
    [['minor'], 0, 'minor'], [['patch'], 2, 'patch'], [[], 1, 'none'],
  ] as const)('%j at major %i is %s', (levels, major, bump) => {
    expect(impliedBump(levels.map(change), major)).toBe(bump);
  });
});
