/**
 * The R package's identity in DESCRIPTION: its name (the spec's
 * `x-bd-packages.r`, else derived from `info.title`), its version written
 * by R's rules, its licence in R's licence syntax and its maintainer.
 */
import type { IR } from '../../ir/types.js';
import { packageNameProblem } from './naming.js';

export interface RPackage {
  readonly name: string;
  /** Whether the name was derived from the title (the spec names no R package). */
  readonly derived: boolean;
  readonly version: string;
  /** `License:` of DESCRIPTION, and the LICENSE file it refers to (null when it refers to none). */
  readonly license: { readonly field: string; readonly file: string | null };
  readonly maintainer: { readonly name: string; readonly email: string; readonly emailFromSpec: boolean };
}

/** R's version rule: at least two non-negative integers separated by `.` or `-` (`package_version()`). */
export const R_VERSION = /^(0|[1-9][0-9]*)([.-](0|[1-9][0-9]*))+$/;

/**
 * The spec's version as R writes it. R has no pre-releases, so
 * `1.2.0-rc.1` becomes a version just below 1.2.0 that R orders correctly:
 * the previous version with a fourth part of 9000 + the pre-release number
 * (`1.1.9999.9001`), so installing the release later counts as an upgrade.
 */
export function rVersion(ir: IR): string {
  if (R_VERSION.test(ir.info.version)) return ir.info.version;
  const { major, minor, patch, prerelease } = ir.version;
  if (prerelease.length === 0) return `${major}.${minor}.${patch}`;
  const number = Number([...prerelease].reverse().find((part) => /^\d+$/.test(part)) ?? 0);
  const dev = 9000 + Math.min(number, 999);
  if (patch > 0) return `${major}.${minor}.${patch - 1}.${dev}`;
  if (minor > 0) return `${major}.${minor - 1}.9999.${dev}`;
  if (major > 0) return `${major - 1}.9999.9999.${dev}`;
  return `0.0.0.${dev}`;
}

/** A package name from the title's words: `Base dos Dados datalake` -> `basedosdadosdatalake`. */
function derivedName(words: readonly string[]): string {
  let name = words.join('');
  if (name === '') name = 'apiclient';
  if (/^[0-9]/.test(name)) name = `r${name}`;
  if (name.length < 2 || packageNameProblem(name)) name = `${name}client`;
  return name;
}

/**
 * Licences R knows by name (`tools:::R_license_db`), by SPDX identifier; the
 * MIT and BSD licences are templates R completes with a LICENSE file.
 */
const R_LICENSES: Readonly<Record<string, { readonly field: string; readonly template: boolean }>> = {
  'MIT': { field: 'MIT + file LICENSE', template: true },
  'BSD-2-Clause': { field: 'BSD_2_clause + file LICENSE', template: true },
  'BSD-3-Clause': { field: 'BSD_3_clause + file LICENSE', template: true },
  'Apache-2.0': { field: 'Apache License (== 2.0)', template: false },
  'GPL-2.0-only': { field: 'GPL-2', template: false },
  'GPL-2.0-or-later': { field: 'GPL (>= 2)', template: false },
  'GPL-3.0-only': { field: 'GPL-3', template: false },
  'GPL-3.0-or-later': { field: 'GPL (>= 3)', template: false },
  'LGPL-3.0-only': { field: 'LGPL-3', template: false },
  'MPL-2.0': { field: 'MPL-2.0', template: false },
  'CC0-1.0': { field: 'CC0', template: false },
};

/**
 * The maintainer address when the spec gives none: R requires one, and
 * `.invalid` (RFC 6761) can never reach anyone, so nothing is sent to a
 * stranger by mistake; a warning asks for `info.contact.email`.
 */
export const NO_EMAIL = 'maintainer@example.invalid';

export function rPackage(ir: IR): RPackage {
  const declared = ir.packages.r?.name;
  const name = declared ?? derivedName(ir.packages.titleWords);
  const holder = ir.info.contact.name.trim() || ir.info.title.trim() || name;
  const known = R_LICENSES[ir.info.license];
  const license = known
    ? { field: known.field, file: known.template ? `YEAR: ${holderYear(ir)}\nCOPYRIGHT HOLDER: ${holder}\n` : null }
    : { field: 'file LICENSE', file: `${ir.info.license.trim() || 'No licence is given by the spec.'}\n` };
  return {
    name,
    derived: declared === undefined,
    version: rVersion(ir),
    license,
    maintainer: { name: holder, email: ir.info.contact.email.trim() || NO_EMAIL, emailFromSpec: ir.info.contact.email.trim() !== '' },
  };
}

/**
 * The year of the MIT/BSD LICENSE file. The spec has no date and generated
 * files must not depend on the clock, so it is the year the first version of
 * this emitter was written, unless the spec's version is a date (`2024-05-01`).
 */
function holderYear(ir: IR): string {
  const year = /^(\d{4})[.-]/.exec(ir.info.version)?.[1];
  return year ?? '2025';
}
