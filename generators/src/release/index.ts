/**
 * `bdgen release`: validate, check the generated code is fresh, diff against
 * the last release, choose or check the version; then, with `--yes`,
 * regenerate, stamp, build, and move the artifacts, the changelog and the
 * released spec into place. Every step before the move works in a staging
 * folder, so a failed step leaves the repository and the last release as
 * they were. Without `--yes` the steps print as a plan and nothing is written.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import { buildArtifacts, BuildError, projectPython } from './artifacts.js';
import { changelogSection, prependSection } from './changelog.js';
import { diffStep, findLastRelease, freshnessStep, lastReleaseLabel, RELEASES_DIR, validateSpecStep } from './checks.js';
import { decideVersion, describeChange, type VersionRequest } from './decide.js';
import { buildManifest, MANIFEST_FILE } from './manifest.js';
import { packageNames } from './package-names.js';
import { stagePackages } from './stage.js';
import { formatVersion, parseVersion } from './version.js';

export const EXIT_REFUSED = 1;
export const EXIT_FAILED = 2;
export const CHANGELOG_FILE = `${RELEASES_DIR}/CHANGELOG.md`;

export interface ReleaseOptions {
  readonly version?: string;
  readonly bump?: string;
  readonly yes?: boolean;
  /** Where `<version>/` goes, relative to the root (default `dist`). */
  readonly out?: string;
  /** The repository to release (default this project); tests give a copy. */
  readonly root?: string;
  /** The release's date (Stata's Distribution-Date, the changelog). */
  readonly now?: Date;
}

export interface ReleaseIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** A release refused or failed for a reason its user can act on. */
export class ReleaseRefusal extends Error {
  constructor(readonly exitCode: number, readonly lines: readonly string[]) {
    super(lines[0]);
  }
}

function versionRequest(opts: ReleaseOptions): VersionRequest {
  if ((opts.version === undefined) === (opts.bump === undefined)) throw new ReleaseRefusal(EXIT_FAILED, ['give one of --version X.Y.Z or --bump auto.']);
  if (opts.bump !== undefined) {
    if (opts.bump !== 'auto') throw new ReleaseRefusal(EXIT_FAILED, [`--bump takes auto, got ${opts.bump}.`]);
    return { kind: 'auto' };
  }
  const version = parseVersion(opts.version!);
  if (version === null) throw new ReleaseRefusal(EXIT_FAILED, [`--version must be X.Y.Z (numbers only), got ${opts.version}.`]);
  return { kind: 'exact', version };
}

/** Runs the release (or its plan); returns the exit code. Spec errors throw `SpecError`, as for `generate`. */
export async function runRelease(opts: ReleaseOptions, io: ReleaseIo): Promise<number> {
  try {
    return await release(opts, io);
  } catch (error) {
    if (error instanceof ReleaseRefusal) {
      for (const line of error.lines) io.err(`bdgen: ${line}`);
      return error.exitCode;
    }
    if (error instanceof BuildError) {
      io.err(`bdgen: ${error.message}`);
      io.err('bdgen: release failed; the repository and the last release are unchanged.');
      return EXIT_FAILED;
    }
    throw error;
  }
}

async function release(opts: ReleaseOptions, io: ReleaseIo): Promise<number> {
  const root = resolve(opts.root ?? PROJECT_ROOT);
  const now = opts.now ?? new Date();
  const request = versionRequest(opts);
  const step = (n: number, name: string, said: string) => io.out(`${String(n).padStart(2)} ${name.padEnd(10)} ${said}`);

  const { compiled, warnings } = await validateSpecStep(root);
  step(1, 'validate', `spec/datalake.yaml is valid (${warnings} warning(s))`);

  const fresh = await freshnessStep(root, compiled);
  if (fresh.failed.length > 0) throw new ReleaseRefusal(EXIT_FAILED, [`${fresh.failed.join(', ')} cannot be generated from this spec; run \`bdgen generate\` to see why.`]);
  if (fresh.stale.length > 0) {
    throw new ReleaseRefusal(EXIT_REFUSED, [`the generated code is stale: ${fresh.stale.length} file(s) would change; run \`bdgen generate\` and commit:`, ...fresh.stale.map((s) => `  ${s}`)]);
  }
  step(2, 'fresh', `generated code is up to date (${fresh.checked.join(', ') || 'no generated folder present'})`);

  const last = findLastRelease(root);
  const compared = last ? await diffStep(last, compiled) : null;
  step(3, 'diff', compared ? `against ${lastReleaseLabel(last)}: ${compared.diff.changes.length} change(s), bump ${compared.diff.bump}` : `no earlier release in ${RELEASES_DIR}/`);
  for (const change of compared?.diff.changes ?? []) io.out(`     ${describeChange(change)}`);

  const decision = decideVersion(last?.version ?? null, compared?.diff ?? null, request);
  if (!decision.ok) throw new ReleaseRefusal(EXIT_REFUSED, [`${decision.code}: ${decision.reasons[0]}`, ...decision.reasons.slice(1).map((r) => `  ${r}`)]);
  const version = formatVersion(decision.version);
  step(4, 'version', `${version}: ${decision.reason}`);

  const outDir = resolve(root, opts.out ?? 'dist', version);
  const releasedSpec = join(root, RELEASES_DIR, `${version}.yaml`);
  for (const taken of [outDir, releasedSpec]) {
    if (existsSync(taken)) throw new ReleaseRefusal(EXIT_REFUSED, [`${relative(root, taken)} exists: ${version} is already released.`]);
  }
  const plan = [
    `regenerate ts, python, r, stata in a staging folder from the spec with info.version ${version}`,
    `stamp ${version} into sdk-ts/package.json; Stata Distribution-Date ${now.toISOString().slice(0, 10)}`,
    `build npm pack, python -m build (sdist, wheel), R CMD build, the Stata folder and zip -> ${relative(root, outDir)}/`,
    `write ${CHANGELOG_FILE} and ${relative(root, outDir)}/CHANGELOG.md (a section per package)`,
    `keep the spec as ${relative(root, releasedSpec)}; write ${relative(root, outDir)}/${MANIFEST_FILE}`,
  ];
  if (opts.yes !== true) {
    plan.forEach((p, i) => step(5 + i, 'would', p));
    io.out('bdgen: dry run: nothing was written; run again with --yes to release.');
    return 0;
  }

  // Inside the project (git-ignored): the TypeScript build finds its tools in the project's node_modules.
  const staging = mkdtempSync(join(root, '.bdgen-tmp-release-'));
  try {
    const staged = await stagePackages(root, staging, version, now);
    step(5, 'stage', `${Object.keys(staged.roots).length} packages generated at ${version}`);
    const artifactsDir = join(staging, 'artifacts');
    const built = await buildArtifacts(staged.roots, artifactsDir, projectPython(root));
    step(6, 'build', Object.entries(built.byLanguage).map(([lang, files]) => `${lang}: ${files.filter((f) => !f.startsWith('stata/')).join(', ') || `${files.length} files`}`).join('; '));

    const section = changelogSection(version, now.toISOString().slice(0, 10), packageNames(staged.roots), compared?.diff ?? null);
    writeFileSync(join(artifactsDir, 'CHANGELOG.md'), `${section.trimEnd()}\n`);
    const manifest = buildManifest(artifactsDir, version);
    writeFileSync(join(artifactsDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    const changelogPath = join(root, CHANGELOG_FILE);
    writeFileSync(join(staging, 'CHANGELOG.md'), prependSection(existsSync(changelogPath) ? readFileSync(changelogPath, 'utf8') : '', section));

    // Into place: renames on one file system; the released spec last, since it is what marks the release done.
    mkdirSync(dirname(outDir), { recursive: true });
    renameSync(artifactsDir, outDir);
    mkdirSync(dirname(releasedSpec), { recursive: true });
    renameSync(join(staging, 'CHANGELOG.md'), changelogPath);
    renameSync(staged.specFile, releasedSpec);
    step(7, 'released', `${manifest.files.length} files in ${relative(root, outDir)}/ (${MANIFEST_FILE}); ${relative(root, releasedSpec)}; ${CHANGELOG_FILE}`);
    return 0;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
