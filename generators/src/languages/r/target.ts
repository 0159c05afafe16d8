/**
 * R: a source package (DESCRIPTION, NAMESPACE, R/, man/, tests/) checked by
 * `R CMD check`, with its runtime copied into R/runtime-*.R. R and its
 * packages come from Debian (scripts/setup-r.sh); CRAN is not needed.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { LanguageTarget } from '../target.js';
import { emitR } from './emit.js';
import { rSurface } from './surface.js';

export const r = {
  id: 'r' as const,
  displayName: 'R',
  defaultRoot: 'out/r',
  emit: emitR,
  runtimeDir: 'generators/src/languages/r/runtime',
  runtimeShared: {
    'tests/testthat/retry-cases.json': 'tests/shared/retry-cases.json',
    'tests/testthat/canonical-floats.json': 'tests/shared/canonical-floats.json',
  },
  setup: 'scripts/setup-r.sh',
  surface: rSurface,
  conformance: {
    missingToolchain: () => {
      const probe = spawnSync('Rscript', ['--vanilla', '-e', 'for (p in c("httr2", "jsonlite", "tibble", "gargle")) loadNamespace(p)'], { stdio: 'ignore' });
      return probe.status === 0 ? null : 'R or the packages the R package imports are missing: run `bash scripts/setup-r.sh`';
    },
    // The runner installs the generated package from $BDGEN_OUT/r into a temporary library, then loads it.
    command: (_root, outDir) => ({
      command: 'Rscript',
      args: ['--vanilla', 'tests/conformance/runners/r/runner.R'],
      env: { BDGEN_R_SOURCE: resolve(outDir, 'r') },
    }),
  },
  leftovers: /^(.*\.Rcheck|.*\.tar\.gz|\.Rhistory|\.RData|\.Rproj\.user|Rplots\.pdf|testthat-problems\.rds|_snaps)$/,
} satisfies LanguageTarget;
