/**
 * The one place `release` reaches the spec diff (`generators/src/diff/`,
 * written beside it): when that module's shape changes, only this file does.
 */
import { diffSpecs, type SpecChange, type SpecDiff } from '../diff/index.js';
import type { IR } from '../ir/types.js';

export type { SpecChange, SpecDiff };

export function diffReleases(oldIr: IR, newIr: IR): SpecDiff {
  return diffSpecs(oldIr, newIr);
}
