/**
 * The checker of generated Stata packages (no Stata parser exists to lean on):
 * pure functions from file texts to diagnostics, run by the Stata emitter on its
 * own output and by tests/stata/checker.test.ts on broken fixtures.
 */
export { checkStataPackage, type PackageFile } from './package-check.js';
export { checkAdo } from './ado-check.js';
export { checkSmcl } from './smcl-check.js';
export { parseCommandTable, type CommandTable, type TableCommand, type TableOption } from './command-table.js';
export { parseSyntax, type SyntaxOption } from './syntax-line.js';
export { lexAdo } from './ado-lexer.js';
export { checkTableAgainstSpec, specFunctions, type SpecFunction } from './table-spec.js';
