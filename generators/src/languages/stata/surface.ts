/**
 * The Stata package's API surface (`API.txt`): each command, each of its
 * options as `syntax` declares it (abbreviation, type, default), whether it is
 * required, and the `r()` results it returns. Built from the model every view
 * is written from, with the ado-file's own option descriptor.
 */
import type { IR } from '../../ir/types.js';
import { buildModel } from './commands.js';
import { descriptor } from './views/ado.js';

export function stataSurface(ir: IR): string[] {
  const model = buildModel(ir);
  const lines: string[] = [];
  for (const command of model.commands) {
    lines.push(`${command.name}${command.deprecated ? ` (deprecated: use ${command.deprecated.use})` : ''}`);
    for (const option of command.options) lines.push(`${command.name}, ${option.required ? 'required' : 'option'} ${descriptor(option)}`);
    for (const result of command.results) lines.push(`${command.name} returns r(${result.name})`);
  }
  return [...new Set(lines)].sort();
}
