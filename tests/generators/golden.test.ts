/**
 * Golden files: the generated output of each spec in tests/golden/specs.mjs,
 * for every implemented language (see tests/golden/golden-plans.ts for what is
 * kept). A change to generated code shows here first; refresh with
 * `npm run golden:update` and review the diff.
 */
import { describe, expect, it } from 'vitest';
import { readyLanguages } from '../../generators/src/languages/index.js';
import { planChanges } from '../../generators/src/write/write-files.js';
import { goldenPlan } from '../golden/golden-plans.js';
import { GOLDEN_SPECS } from '../golden/specs.mjs';

describe.each(GOLDEN_SPECS)('golden files of $name', ({ name, spec }) => {
  it.each(readyLanguages())('%s output matches tests/golden', async (language) => {
    const { changes } = planChanges([await goldenPlan(name, spec(), language)]);
    expect(changes.map((c) => `${c.kind} ${c.path}`), 'run `npm run golden:update` and review the diff').toEqual([]);
  });
});
