/**
 * `_<package>_setup.ado`, which every command calls before its `python:` line
 * (runtime/README.md): Python, then the Python package, then the runtime found
 * along the ado-path and put on `sys.path`. Only names the emitter checked
 * (package names, never spec prose) are written into its Stata strings.
 */
import { REQUIRES_PYTHON } from '../../python/runtime-contract.js';
import type { StataModel } from '../model.js';
import { adoHeader, setupName } from './ado.js';

export function setupView(model: StataModel, specName: string, title: string) {
  return {
    header: adoHeader(model, specName, title, `${setupName(model)}: the Python set-up every command of ${model.name} runs first.`),
    name: setupName(model),
    pkg: model.name,
    requiresPython: `${REQUIRES_PYTHON.replace(/^>=\s*/, '')} or later`,
    python: model.python.importName,
    install: model.python.install,
    runtime: `${model.name}_stata_runtime`,
  };
}
