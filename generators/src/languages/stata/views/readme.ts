/** `README.md` of the Stata package: install, the commands, the old names, what lands in Stata, return codes. */
import { oneLine } from '../../../emit/escape.js';
import type { IR } from '../../../ir/types.js';
import { stataFolderName, stataZipName, wheelName } from '../../../release/artifact-names.js';
import { REQUIRES_PYTHON } from '../../python/runtime-contract.js';
import { commandPrefix } from '../brand.js';
import { schemeDocs } from './credentials.js';
import type { StataModel } from '../model.js';

/** Text in a Markdown table cell: one line, pipes escaped. */
const cell = (text: string) => oneLine(text).replace(/\|/g, '\\|');

/** `p()` for path(), `d()` for dataset_id(), ...: each old option once, with the shortest abbreviation any old command takes for it. */
function abbreviationsOfOld(model: StataModel): string {
  const shortest = new Map<string, number>();
  for (const c of model.commands) {
    for (const o of c.options) if (o.legacy && o.minimum < o.name.length) shortest.set(o.name, Math.min(o.minimum, shortest.get(o.name) ?? Infinity));
  }
  return [...shortest].map(([name, minimum]) => `\`${name.slice(0, minimum)}()\` for \`${name}()\``).join(', ');
}

export function readmeView(model: StataModel, ir: IR) {
  const current = model.commands.filter((c) => !c.deprecated);
  const oldOptions = current.flatMap((c) => c.options.filter((o) => o.doc.origin).map((o) => ({ command: c.name, option: o.name, origin: cell(o.doc.origin!) })));
  return {
    title: cell(ir.info.title),
    summary: oneLine(ir.info.summary),
    pkg: model.name,
    version: model.version,
    pip: model.python.pip,
    wheel: wheelName(model.python.pip, model.version),
    stataFolder: stataFolderName(model.name),
    stataZip: stataZipName(model.name),
    install: model.python.install,
    importName: model.python.importName,
    requiresPython: REQUIRES_PYTHON.replace(/^>=\s*/, ''),
    commands: current.map((c) => ({ name: c.name, summary: cell(c.summary), calls: `${model.python.importName}.${c.call ?? c.function}` })),
    hasOld: oldOptions.length > 0 || model.commands.some((c) => c.deprecated),
    deprecated: model.commands.filter((c) => c.deprecated).map((c) => ({ name: c.name, use: cell(c.deprecated!.use), origin: cell(c.deprecated!.origin) })),
    oldOptions: oldOptions.map((o) => ({ ...o, option: o.option })),
    abbreviations: abbreviationsOfOld(model),
    environments: ir.environments.length > 0
      ? ir.environments.map((e) => ({ name: e.name, project: e.project, apiUrl: e.apiUrl, isDefault: e.isDefault ? ' (the default)' : '' }))
      : false,
    hasData: ir.data.functions.length > 0,
    // Without x-bd-environments the commands call the spec's first server unless told otherwise.
    server: ir.servers[0]?.url ?? false,
    hasCommands: current.length > 0,
    schemes: ir.securitySchemes.length > 0 ? schemeDocs(ir) : false,
    firstScheme: ir.securitySchemes.find((s) => s.env.token)?.env.token ?? false,
    firstCommand: current[0]?.name ?? false,
    envPrefix: ir.brand.envPrefix,
    // Examples import the Python package under the commands' prefix (`bd`), as its own docs do.
    alias: commandPrefix(ir.brand.short),
    leftOut: [...model.skipped].map(([id, why]) => ({ id, why: cell(why) })),
  };
}
