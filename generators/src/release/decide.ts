/**
 * Step 4: the version to release. `--bump auto` takes the smallest version the
 * diff allows; `--version X.Y.Z` is refused when it is lower than that
 * (oasdiff's MISSING-VERSION-BUMP), with the changes that demand more.
 */
import type { SpecChange, SpecDiff } from './diff-gate.js';
import { bumpVersion, compareVersions, releaseBump, formatVersion, type Bump, type ReleaseVersion } from './version.js';

export type VersionRequest = { readonly kind: 'auto' } | { readonly kind: 'exact'; readonly version: ReleaseVersion };

export type VersionDecision =
  | { readonly ok: true; readonly version: ReleaseVersion; readonly minimum: ReleaseVersion | null; readonly bump: Bump; readonly reason: string }
  | { readonly ok: false; readonly code: 'MISSING-VERSION-BUMP' | 'VERSION-NOT-NEWER'; readonly minimum: ReleaseVersion; readonly reasons: readonly string[] };

/** The changes that make the diff's bump what it is: the breaking ones if any, else those at its level. */
function changesAtLevel(diff: SpecDiff): SpecChange[] {
  const breaking = diff.changes.filter((c) => c.level === 'breaking');
  return breaking.length > 0 ? breaking : diff.changes.filter((c) => c.level === diff.bump);
}

export const describeChange = (c: SpecChange): string =>
  `${c.level} ${c.rule} at ${c.pointer}: ${c.message}${c.languages && c.languages.length > 0 ? ` (${c.languages.join(', ')})` : ''}`;

export function decideVersion(last: ReleaseVersion | null, diff: SpecDiff | null, request: VersionRequest): VersionDecision {
  if (last === null || diff === null) {
    // The first release: nothing to compare with, so nothing to refuse.
    if (request.kind === 'exact') return { ok: true, version: request.version, minimum: null, bump: 'none', reason: 'the first release' };
    return { ok: true, version: { major: 0, minor: 1, patch: 0 }, minimum: null, bump: 'none', reason: 'the first release' };
  }
  const step = releaseBump(diff.bump);
  const minimum = bumpVersion(last, step);
  const breaking = diff.changes.filter((c) => c.level === 'breaking').length;
  const why = diff.bump === 'none'
    ? `no API change since ${formatVersion(last)}: a patch release`
    : `${breaking > 0 ? `${breaking} breaking change(s)` : `the changes`} since ${formatVersion(last)} need at least a ${step} release${breaking > 0 && step !== 'major' ? ' (before 1.0.0 a breaking change bumps the minor: docs/diff-rules.md)' : ''}`;
  if (request.kind === 'auto') return { ok: true, version: minimum, minimum, bump: diff.bump, reason: why };
  if (compareVersions(request.version, last) <= 0) {
    return { ok: false, code: 'VERSION-NOT-NEWER', minimum, reasons: [`${formatVersion(request.version)} is not newer than the last release, ${formatVersion(last)}; ${why}, ${formatVersion(minimum)}.`] };
  }
  if (compareVersions(request.version, minimum) < 0) {
    return {
      ok: false,
      code: 'MISSING-VERSION-BUMP',
      minimum,
      reasons: [`${formatVersion(request.version)} is lower than ${formatVersion(minimum)}: ${why}. Because of:`, ...changesAtLevel(diff).map(describeChange)],
    };
  }
  return { ok: true, version: request.version, minimum, bump: diff.bump, reason: why };
}
