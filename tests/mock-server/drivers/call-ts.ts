/**
 * Calls every planned operation through a generated TypeScript client, by its
 * generated member name (`pet.getPetById`), with wire-named arguments turned
 * into the labels and argument order the package's own OPERATIONS table
 * gives: path parameters in order, the body, then the params object.
 * Credentials come from the environment, as the package documents.
 *
 *   node --import tsx call-ts.ts <calls.json>
 *
 * Prints one JSON line per call: { operation, ok, returned } or { operation, ok: false, error }.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Call {
  readonly operation: string;
  readonly function: string;
  readonly args: Record<string, unknown>;
  readonly body?: unknown;
}
interface Plan {
  readonly package: string;
  readonly client: string;
  readonly baseUrl: string;
  readonly calls: readonly Call[];
}
interface ParamSpec {
  readonly name: string;
  readonly label: string;
  readonly in: string;
}
interface OperationSpec {
  readonly params: readonly ParamSpec[];
  readonly body?: unknown;
}

/** The mock-server markers as TypeScript values: a file part, a binary body. */
function typed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(typed);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if ('$file' in record) {
    const file = record.$file as { filename: string; text: string };
    return { data: new TextEncoder().encode(file.text), filename: file.filename, contentType: 'text/plain' };
  }
  if ('$bytes' in record) return new TextEncoder().encode(String(record.$bytes));
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typed(v)]));
}

function argumentsOf(spec: OperationSpec, call: Call): unknown[] {
  const path = spec.params.filter((p) => p.in === 'path').map((p) => call.args[p.name]);
  const others = spec.params.filter((p) => p.in !== 'path' && p.name in call.args);
  const params = Object.fromEntries(others.map((p) => [p.label, call.args[p.name]]));
  return [...path, ...(spec.body ? [typed(call.body)] : []), ...(spec.params.some((p) => p.in !== 'path') ? [params] : [])];
}

function memberOf(client: object, dotted: string): (...args: unknown[]) => Promise<unknown> {
  const parts = dotted.split('.');
  const owner = parts.slice(0, -1).reduce<Record<string, unknown>>((o, part) => o[part] as Record<string, unknown>, client as Record<string, unknown>);
  const method = owner[parts[parts.length - 1]!];
  if (typeof method !== 'function') throw new Error(`the client has no method ${dotted}`);
  return (method as (...args: unknown[]) => Promise<unknown>).bind(owner);
}

const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Plan;
const pkg = (await import(pathToFileURL(join(plan.package, 'src', 'index.ts')).href)) as Record<string, unknown>;
const Client = pkg[plan.client] as new (options: object) => object;
const operations = pkg.OPERATIONS as Record<string, OperationSpec>;
const client = new Client({ baseUrl: plan.baseUrl, retry: { maxAttempts: 1 } });
for (const call of plan.calls) {
  let line: object;
  try {
    const returned = await memberOf(client, call.function)(...argumentsOf(operations[call.operation]!, call));
    line = { operation: call.operation, ok: true, returned: returned === undefined ? 'nothing' : typeof returned };
  } catch (error) {
    const e = error as { kind?: string; status?: number; message?: string; name?: string };
    line = { operation: call.operation, ok: false, error: { kind: e.kind ?? e.name ?? 'unknown', status: e.status ?? null, message: e.message ?? String(error) } };
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
