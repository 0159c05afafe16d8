/**
 * Release versions: X.Y.Z only (what every ecosystem bdgen publishes to reads
 * the same way), and the rule that maps a diff's bump to the smallest version
 * allowed after the last release.
 */
export type Bump = 'major' | 'minor' | 'patch' | 'none';

export interface ReleaseVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

const PLAIN_SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** `1.2.3` -> its parts; null for anything else (prereleases and build metadata included). */
export function parseVersion(text: string): ReleaseVersion | null {
  const m = PLAIN_SEMVER.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : null;
}

export const formatVersion = (v: ReleaseVersion): string => `${v.major}.${v.minor}.${v.patch}`;

export function compareVersions(a: ReleaseVersion, b: ReleaseVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/**
 * The bump a release after the last one takes. The diff's bump already reads
 * 0.x versions the semver way (docs/diff-rules.md: there a breaking change
 * bumps the minor), so it is taken as it is.
 */
export function releaseBump(bump: Bump): Exclude<Bump, 'none'> {
  // A release with no API change still ships what the generators changed: a patch.
  return bump === 'none' ? 'patch' : bump;
}

export function bumpVersion(v: ReleaseVersion, bump: Exclude<Bump, 'none'>): ReleaseVersion {
  if (bump === 'major') return { major: v.major + 1, minor: 0, patch: 0 };
  if (bump === 'minor') return { major: v.major, minor: v.minor + 1, patch: 0 };
  return { major: v.major, minor: v.minor, patch: v.patch + 1 };
}
