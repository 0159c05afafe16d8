/**
 * The per-language half of `bdgen diff`: each language's API listing
 * (`API.txt`) of the old and the new spec, compared. A change that breaks one
 * language's users and not the others' (a name that now maps to a reserved
 * word, a parameter renamed only in R) is still breaking for that package, and
 * so for the one release of all of them. Surface lines are reported only where
 * they say more than the IR comparison already does: a level above its highest.
 * A changed line is left to the IR's rules: a listing cannot tell a widened type
 * (an enum value added to a parameter) from a narrowed one; a name gone is gone.
 */
import type { IR } from '../ir/types.js';
import { TARGETS } from '../languages/index.js';
import type { ChangeLevel, ChangeLog } from './changes.js';
import { diffSurfaces } from './surface.js';

const RANK: Readonly<Record<ChangeLevel, number>> = { breaking: 3, minor: 2, patch: 1 };

export function compareSurfaces(log: ChangeLog, oldIr: IR, newIr: IR): void {
  const found = Math.max(0, ...log.changes.map((c) => RANK[c.level]));
  for (const target of TARGETS) {
    const surface = 'surface' in target ? target.surface : undefined;
    if (surface === undefined) continue;
    for (const change of diffSurfaces(surface(oldIr), surface(newIr))) {
      if (RANK[change.level] <= found || change.line.startsWith('~ ')) continue;
      log.add(change.level, 'api-surface-changed', '#', `${target.displayName}'s API listing (API.txt): ${change.line}`, [target.id]);
    }
  }
}
