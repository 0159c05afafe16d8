/**
 * The command table against the spec: every operation and data function has a
 * command, every command calls a function the spec has, and each option that
 * fills a parameter agrees with it (required or not, integer, array of names,
 * the integer default). With `checkStataPackage` (syntax against the table),
 * this is "syntax matching the spec".
 */
import type { Diagnostic } from '../../../diagnostics.js';
import { snakeCase } from '../../../emit/naming.js';
import type { IR, IRArgument, ValueKind } from '../../../ir/types.js';
import type { CommandTable, OptionKind } from './command-table.js';

export interface SpecParam {
  readonly name: string;
  readonly required: boolean;
  readonly kind: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'other';
  readonly default?: unknown;
}

export interface SpecFunction {
  /** The IR name: the operationId or data function in snake_case. */
  readonly name: string;
  readonly params: readonly SpecParam[];
  /** The request body, when it has one. */
  readonly body?: { readonly required: boolean };
}

/** The operations and data functions of the IR, with each parameter's kind (the IR resolves it through `$ref`s). */
export function specFunctions(ir: IR): SpecFunction[] {
  const kindOf = (k: ValueKind): SpecParam['kind'] => (k === 'object' || k === 'unknown' ? 'other' : k);
  const param = (p: IRArgument): SpecParam => ({ name: p.name, required: p.required, kind: kindOf(p.rules.kind), ...(p.default !== undefined ? { default: p.default } : {}) });
  return [
    ...ir.operations.map((o) => ({ name: snakeCase(o.words), params: o.params.map(param), ...(o.body ? { body: { required: o.body.required } } : {}) })),
    ...ir.data.functions.map((f) => ({ name: snakeCase(f.words), params: f.params.map(param) })),
  ];
}

const KIND_FOR: Record<SpecParam['kind'], OptionKind> = { string: 'string', integer: 'integer', number: 'string', boolean: 'flag', array: 'names', other: 'string' };

export function checkTableAgainstSpec(file: string, table: CommandTable, functions: readonly SpecFunction[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (message: string) => out.push({ severity: 'error', rule: 'stata/table-spec', file, line: 1, message });
  const byName = new Map(functions.map((f) => [f.name, f]));
  const commands = Object.entries(table.commands);
  for (const fn of functions) {
    if (!commands.some(([, c]) => c.function === fn.name && !c.deprecated)) report(`the spec's ${fn.name} has no Stata command in the table`);
  }
  for (const [name, command] of commands) {
    const fn = byName.get(command.function);
    if (!fn) {
      report(`${name} calls ${command.function}, which the spec does not have`);
      continue;
    }
    const bodies = command.options.filter((o) => o.body !== undefined);
    if (bodies.length > 1 || (bodies.length === 1 && !fn.body)) report(`${name}: ${bodies.map((o) => `${o.name}()`).join(', ')} fill a request body, but ${fn.name} takes ${fn.body ? 'one' : 'none'}`);
    else if (fn.body && bodies.length === 1 && (bodies[0]!.required === true) !== fn.body.required) report(`${name}: option ${bodies[0]!.name}() is ${bodies[0]!.required ? '' : 'not '}required, but ${fn.name}'s request body is ${fn.body.required ? '' : 'not '}required`);
    else if (fn.body && bodies.length === 0 && !command.deprecated) report(`${name}: ${fn.name}'s request body has no option`);
    for (const option of command.options) {
      if (!option.param) continue;
      const param = fn.params.find((p) => p.name === option.param);
      if (!param) {
        report(`${name}: option ${option.name}() fills ${option.param}, which ${fn.name} does not have`);
        continue;
      }
      if ((option.required === true) !== param.required) report(`${name}: option ${option.name}() is ${option.required ? '' : 'not '}required, but ${fn.name}'s ${param.name} is ${param.required ? '' : 'not '}required`);
      if (option.kind !== KIND_FOR[param.kind]) report(`${name}: option ${option.name}() is a ${option.kind} option, but ${fn.name}'s ${param.name} (${param.kind}) needs ${KIND_FOR[param.kind]}`);
      if (option.kind === 'flag' && param.default === true && !option.negated) report(`${name}: option ${option.name}() defaults to true but is not negated: typing it would switch ${param.name} on, which it already is`);
      if (JSON.stringify(option.default) !== JSON.stringify(param.default)) { // an array default ([]) is equal by value
        report(`${name}: option ${option.name}() defaults to ${JSON.stringify(option.default)}, the spec's ${param.name} to ${JSON.stringify(param.default)}`);
      }
    }
    if (command.deprecated) continue;
    for (const param of fn.params) {
      if (!command.options.some((o) => o.param === param.name)) report(`${name}: ${fn.name}'s parameter ${param.name} has no option`);
    }
  }
  return out;
}
