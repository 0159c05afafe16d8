/**
 * The coverage check, derived from the IR: every operation and data function
 * of the spec has a case, every case calls a function of the spec, and every
 * language's runner implements every function.
 */
import { snakeCase } from '../../../generators/src/emit/naming.js';
import type { IR } from '../../../generators/src/ir/types.js';
import type { Case } from './cases.js';

/** The IR names cases and runners use: operations as snake_case operationIds, then the data functions. */
export function irFunctions(ir: IR): string[] {
  return [...ir.operations.map((o) => snakeCase(o.words)), ...ir.data.functions.map((f) => snakeCase(f.words))];
}

export function checkCoverage(functions: readonly string[], cases: readonly Case[], runners: ReadonlyMap<string, readonly string[]>): string[] {
  const problems: string[] = [];
  const known = new Set(functions);
  const tested = new Set(cases.map((c) => c.function));
  for (const fn of functions) {
    if (!tested.has(fn)) problems.push(`${fn} has no conformance case: add one to tests/conformance/cases/${fn}.yaml`);
  }
  for (const c of cases) {
    if (!known.has(c.function)) problems.push(`case ${c.id} (${c.file}) calls ${c.function}, which the spec does not have`);
  }
  for (const [language, implemented] of runners) {
    const has = new Set(implemented);
    for (const fn of functions) {
      if (!has.has(fn)) problems.push(`the ${language} runner does not implement ${fn}`);
    }
  }
  return problems;
}
