/**
 * `bdgen diff`: every change between two specs, classified as breaking, minor
 * or patch (docs/diff-rules.md), and the semver bump it implies. The IR is the
 * surface compared: operations, schemas and every `x-bd-*` extension.
 */
import type { IR } from '../ir/types.js';
import { ChangeLog, impliedBump, sortChanges, type SpecDiff } from './changes.js';
import { compareAliases, compareDataFunctions, compareEnvironments, compareErrors, compareInfo, comparePackages, compareSecuritySchemes } from './extensions.js';
import { compareOperations } from './operations.js';
import { compareSurfaces } from './surfaces-of-languages.js';

export { impliedBump, type Bump, type ChangeLevel, type SpecChange, type SpecDiff } from './changes.js';
export { formatSpecDiff } from './format.js';
export { loadSpecRef, SpecRefError } from './load-ref.js';

export function diffSpecs(oldIr: IR, newIr: IR): SpecDiff {
  const log = new ChangeLog();
  compareOperations(log, oldIr, newIr);
  compareDataFunctions(log, oldIr, newIr);
  compareAliases(log, oldIr, newIr);
  compareEnvironments(log, oldIr, newIr);
  compareErrors(log, oldIr, newIr);
  compareSecuritySchemes(log, oldIr, newIr);
  comparePackages(log, oldIr, newIr);
  compareInfo(log, oldIr, newIr);
  compareSurfaces(log, oldIr, newIr);
  const changes = sortChanges(log.changes);
  return { bump: impliedBump(changes, oldIr.version.major), changes };
}
