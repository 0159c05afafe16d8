/**
 * The file names `bdgen release` writes into dist/<version>/, as each
 * ecosystem's build tool names them: the READMEs say how to install these
 * files, so both read the names from here. Imports nothing, so a language's
 * views can use it without depending on the release.
 */

/** `npm pack`: `@scope/name` becomes `scope-name-<version>.tgz`. */
export const npmTarballName = (name: string, version: string): string => `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;

/** A pure-Python wheel: runs of `-`, `_` and `.` in the distribution name become `_` (the wheel file name's escaping). */
export const wheelName = (distribution: string, version: string): string => `${distribution.replace(/[-_.]+/g, '_')}-${version}-py3-none-any.whl`;

/** `R CMD build`: `<Package>_<version>.tar.gz`. */
export const rTarballName = (pkg: string, version: string): string => `${pkg}_${version}.tar.gz`;

/** The Stata package folder (what `net install <pkg>, from(...)` reads), relative to dist/<version>/. */
export const stataFolderName = (pkg: string): string => `stata/${pkg}`;

/** The zip of the Stata package folder: it unzips to `<pkg>/`. */
export const stataZipName = (pkg: string): string => `${pkg}-stata.zip`;
