#!/usr/bin/env node
// Regenerates the golden files: every implemented language, for each spec the
// golden test covers. Review the diff before committing it.
import { execFileSync } from 'node:child_process';
import { GOLDEN_SPECS } from '../tests/golden/specs.mjs';

for (const { name, spec } of GOLDEN_SPECS) {
  execFileSync(process.execPath, ['generators/bin/bdgen.mjs', 'generate', '--spec', spec, '--out', `tests/golden/${name}`], { stdio: 'inherit' });
}
