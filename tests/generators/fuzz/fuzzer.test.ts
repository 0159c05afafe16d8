/**
 * The spec fuzzer's own decisions (scripts/fuzz): how a run is judged, the
 * names it tries, and that a seed always gives the same mutant.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { MUTATION_KINDS, MUTATIONS, nearNames } from '../../../scripts/fuzz/mutations.js';
import { type Json, Rng } from '../../../scripts/fuzz/sites.js';
import { classifyRun, type RunFacts } from '../../../scripts/fuzz/verdict.js';

const REFUSAL = 'error [bdgen/ref-cycle] spec/openapi.json:3:4 at #/components/schemas/A: a loop.\nbdgen: 1 error(s); nothing was written.';
const run = (facts: Partial<RunFacts>): RunFacts => ({ code: 0, stderr: '', changedOutsideOut: [], outFiles: 90, ...facts });

describe('classifyRun', () => {
  it.each([
    { name: 'exit 0', given: run({}), want: { outcome: 'exit 0' } },
    { name: 'a refusal with rule, file and pointer', given: run({ code: 2, stderr: REFUSAL, outFiles: 0 }), want: { outcome: 'exit 2', rules: ['bdgen/ref-cycle'] } },
    {
      name: 'one language not generated, the others written',
      given: run({ code: 2, stderr: `bdgen: Stata not generated: 1 error(s)\n${REFUSAL.split('\n')[0]}\nbdgen: 9 file(s) written\nbdgen: Stata not generated (see above); the other languages were written.`, outLanguages: ['python', 'r', 'ts'] }),
      want: { outcome: 'partial', failed: ['Stata'], rules: ['bdgen/ref-cycle'] },
    },
    { name: 'a pointer holding spaces and colons', given: run({ code: 2, stderr: REFUSAL.replace('#/components/schemas/A', '#/paths/~1a b:c/get'), outFiles: 0 }), want: { outcome: 'exit 2', rules: ['bdgen/ref-cycle'] } },
  ])('$name', ({ given, want }) => {
    expect(classifyRun(given)).toEqual(want);
  });

  it.each([
    { name: 'a throw', given: run({ code: 'threw', stderr: 'TypeError: x\n    at walk (resolve.js:1:2)' }), reason: 'threw' },
    { name: 'a file written beside the spec', given: run({ changedOutsideOut: ['spec/evil.txt'] }), reason: 'wrote outside --out' },
    { name: 'a stack trace on stderr with exit 0', given: run({ stderr: 'warning\n    at Object.<anonymous> (/x.js:1:2)' }), reason: 'stack trace' },
    { name: 'exit 1', given: run({ code: 1, stderr: 'bdgen: stale' }), reason: 'exit 1' },
    { name: 'exit 2 without a paragraph', given: run({ code: 2, stderr: 'bdgen: unknown language x', outFiles: 0 }), reason: 'without an error paragraph' },
    { name: 'a refusal without a pointer', given: run({ code: 2, stderr: 'error [bdgen/stata-check] (spec): a bug.\nbdgen: 1 error(s); nothing was written.', outFiles: 0 }), reason: 'without its file or pointer' },
    { name: 'a partial run that wrote nothing', given: run({ code: 2, stderr: `bdgen: R not generated: 1 error(s)\n${REFUSAL.split('\n')[0]}\nbdgen: R not generated (see above); the other languages were written.`, outLanguages: [] }), reason: 'wrote no language' },
    { name: 'a refusal that wrote files', given: run({ code: 2, stderr: REFUSAL, outFiles: 3 }), reason: '3 files in --out' },
  ])('fails $name', ({ given, reason }) => {
    const verdict = classifyRun(given);
    expect(verdict.outcome).toBe('failure');
    expect(verdict.outcome === 'failure' && verdict.reason).toContain(reason);
  });
});

describe('nearNames', () => {
  it.each([
    { given: 'fooBar', has: ['FOOBAR', 'foobar', 'FooBar', 'foo_bar', 'foo-bar', 'foo.bar', 'foo bar', 'fooBar_'] },
    { given: 'dataset_id', has: ['DATASET_ID', 'dataset-id', 'datasetId', 'dataset.id', '_dataset_id'] },
  ])('$given', ({ given, has }) => {
    const near = nearNames(given);
    expect(near).toEqual(expect.arrayContaining(has));
    expect(near).not.toContain(given);
  });
});

describe('mutations', () => {
  const ours = parseYaml(readFileSync('spec/datalake.yaml', 'utf8')) as Json;
  it.each(MUTATION_KINDS)('%s: the same seed gives the same mutant, another seed may not', (kind) => {
    const mutate = (seed: number) => {
      const spec = structuredClone(ours);
      const { did, files } = MUTATIONS[kind](spec, new Rng(seed));
      return JSON.stringify({ did, spec, files: [...(files ?? [])] });
    };
    expect(mutate(11)).toBe(mutate(11));
    expect(mutate(11)).not.toBe(JSON.stringify({ did: '', spec: ours, files: [] }));
  });
});
