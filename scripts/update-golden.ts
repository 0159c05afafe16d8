/**
 * Regenerates the golden files (tests/golden/<spec>/<lang>/) for every
 * implemented language. Review the diff before committing it.
 *
 *   npm run golden:update [-- --lang ts,python]
 */
import { readyLanguages } from '../generators/src/languages/index.js';
import { displayPath, writeOutputs } from '../generators/src/write/write-files.js';
import { goldenPlan } from '../tests/golden/golden-plans.js';
import { GOLDEN_SPECS } from '../tests/golden/specs.mjs';

const langArg = process.argv.indexOf('--lang');
const only = langArg >= 0 ? process.argv[langArg + 1]!.split(',') : null;

for (const { name, spec } of GOLDEN_SPECS) {
  for (const language of readyLanguages().filter((l) => only === null || only.includes(l))) {
    const report = writeOutputs([await goldenPlan(name, spec(), language)]);
    for (const change of report.changes) console.log(`${change.kind.padEnd(6)} ${displayPath(change.path)}`);
    console.log(`golden ${name}/${language}: ${report.changes.length} changed, ${report.unchanged.length} unchanged`);
  }
}
