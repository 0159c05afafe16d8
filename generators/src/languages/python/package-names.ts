/**
 * Python's package rules: a PEP 508 distribution name, a PEP 8 import name
 * and a PEP 440 version, the spec's (`x-bd-packages.python`) or derived from
 * `info.title` and `info.version`.
 */
import type { IR } from '../../ir/types.js';
import { PYTHON_BUILTINS, PYTHON_KEYWORDS } from './naming.js';

export interface PythonPackage {
  /** The distribution name (`pip install basedosdados-sdk`). */
  readonly name: string;
  /** The import name (`import basedosdados_sdk`). */
  readonly importName: string;
  /** The version, PEP 440. */
  readonly version: string;
  /** What examples import the package as (`import basedosdados_sdk as bd`, `import swagger_petstore as sp`); the import name itself when no short name fits. */
  readonly exampleAlias: string;
}

export const PEP508_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;
export const PEP440_VERSION = /^([1-9][0-9]*!)?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*((a|b|rc)(0|[1-9][0-9]*))?(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?(\+[a-z0-9]+(\.[a-z0-9]+)*)?$/;

/** `1.2.0-rc.1` -> `1.2.0rc1`; a spec version PEP 440 already accepts is kept as written. */
export function pep440Version(ir: IR): string {
  if (PEP440_VERSION.test(ir.info.version)) return ir.info.version;
  const { major, minor, patch, prerelease } = ir.version;
  const base = `${major}.${minor}.${patch}`;
  const [tag, number] = prerelease;
  const pre = tag === undefined ? '' : /^(a|alpha)$/i.test(tag) ? 'a' : /^(b|beta)$/i.test(tag) ? 'b' : /^(rc|c)$/i.test(tag) ? 'rc' : '';
  if (pre !== '') return `${base}${pre}${/^\d+$/.test(number ?? '') ? Number(number) : 0}`;
  return prerelease.length > 0 ? `${base}.dev0` : base;
}

export function pythonPackage(ir: IR): PythonPackage {
  const declared = ir.packages.python;
  const words = ir.packages.titleWords.length > 0 ? ir.packages.titleWords : ['api', 'client'];
  const derivedImport = words.join('_').replace(/^(\d)/, 'n$1');
  const importName = declared?.importName ?? (PYTHON_KEYWORDS.has(derivedImport) || PYTHON_BUILTINS.has(derivedImport) ? `${derivedImport}_client` : derivedImport);
  return { name: declared?.name ?? words.join('-'), importName, version: pep440Version(ir), exampleAlias: exampleAlias(ir, importName) };
}

/** The brand's short name when it is short (ours: `bd`), else the initials of its words (`sp`), else the import name. */
function exampleAlias(ir: IR, importName: string): string {
  const usable = (alias: string) => /^[a-z_][a-z0-9_]*$/.test(alias) && !PYTHON_KEYWORDS.has(alias) && !PYTHON_BUILTINS.has(alias);
  if (ir.brand.short.length <= 4 && usable(ir.brand.short)) return ir.brand.short;
  const initials = ir.brand.words.map((w) => w[0]).join('');
  return ir.brand.words.length > 1 && usable(initials) ? initials : importName;
}
