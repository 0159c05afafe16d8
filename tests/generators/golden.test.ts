/**
 * Golden files: the generated output of each spec in tests/golden/specs.mjs,
 * for every implemented language. A change to generated code shows here first;
 * refresh with `npm run golden:update` and review the diff.
 */
import { describe, expect, it } from 'vitest';
import { compileSpec, emitAll } from '../../generators/src/generate.js';
import { readyLanguages } from '../../generators/src/languages.js';
import { planChanges } from '../../generators/src/write/write-files.js';
import { GOLDEN_SPECS } from '../golden/specs.mjs';

describe.each(GOLDEN_SPECS)('golden files of $name', ({ name, spec }) => {
  it.each(readyLanguages())('%s output matches tests/golden', async (language) => {
    const compiled = await compileSpec(spec);
    const { outputs } = await emitAll(compiled, { languages: [language], outDir: `tests/golden/${name}` });
    const { changes } = planChanges(outputs.map((o) => o.plan));
    expect(changes.map((c) => `${c.kind} ${c.path}`), 'run `npm run golden:update` and review the diff').toEqual([]);
  });
});
