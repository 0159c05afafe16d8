/**
 * The TypeScript package's API surface (`API.txt`): one line per method, params
 * interface field, client option, error class, model and exported name, as
 * `import { ... } from` users see them. Built from the views the emitter
 * renders (client, errors, spec index), so a line is what the code declares.
 */
import { paramKey } from '../../emit/labels.js';
import type { IR } from '../../ir/types.js';
import { planNames, RUNTIME_ERROR_BASE } from './names.js';
import { tsPropertyKey } from './naming.js';
import { tsType } from './types.js';
import { clientView } from './views/client.js';
import { errorsView } from './views/errors.js';
import { specIndexView } from './views/spec.js';

/**
 * The runtime's `HttpClientOptions` (sdk-ts/src/core/http.ts), which every client's options
 * extend as Partial: part of the surface (tests/generators/diff/surface-runtime.test.ts checks them against the file).
 */
export const HTTP_CLIENT_OPTIONS: readonly { readonly name: string; readonly type: string }[] = [
  { name: 'baseUrl', type: 'string' },
  { name: 'headers', type: 'Readonly<Record<string, string>>' },
  { name: 'timeoutMs', type: 'number' },
  { name: 'retry', type: 'Partial<RetryPolicy>' },
  { name: 'dispatcher', type: 'Dispatcher' },
  { name: 'userAgent', type: 'string' },
  { name: 'credentials', type: 'Credentials' },
  { name: 'authHeaders', type: 'AuthHeadersHook' },
  { name: 'clock', type: 'Clock' },
];

export function typescriptSurface(ir: IR): string[] {
  const names = planNames(ir);
  const client = clientView(ir, names);
  const lines: string[] = [];
  const clientClass = names.clientClass;
  lines.push(`class ${clientClass}(options?: ${clientClass}Options)`);
  for (const group of client.groups) {
    lines.push(`${clientClass}.${group.propertyName}: ${group.className}`);
    for (const m of group.methods) lines.push(`${clientClass}.${group.propertyName}.${m.name}(${m.signature}): ${m.returnType}`);
  }
  for (const m of client.topMethods) lines.push(`${clientClass}.${m.name}(${m.signature}): ${m.returnType}`);
  for (const params of client.paramInterfaces) {
    lines.push(`interface ${params.name}`);
    for (const member of params.members) lines.push(`${params.name}.${member.key}${member.optional}: ${member.type}`);
  }
  // The client's own options beside the runtime's HttpClientOptions (templates/ts/client.ts.hbs).
  lines.push(`interface ${clientClass}Options extends Partial<HttpClientOptions>`);
  const declared = Array.isArray(client.credentials);
  // The client's own `credentials` (typed by the spec's schemes) replaces the runtime's.
  for (const o of HTTP_CLIENT_OPTIONS) if (!(declared && o.name === 'credentials')) lines.push(`${clientClass}Options.${o.name}?: ${o.type}`);
  if (Array.isArray(client.credentials)) {
    lines.push(`${clientClass}Options.credentials?: ${names.credentialsType}`);
    lines.push(`type ${names.credentialsType}`);
    for (const member of client.credentials) lines.push(`${names.credentialsType}.${member.key}?: ${member.type}`);
  }
  if (client.environments) lines.push(`${clientClass}Options.environment?: EnvironmentName`);
  const errors = errorsView(ir, names);
  lines.push(`class ${errors.errorBase} extends Error`);
  for (const e of errors.classes) lines.push(`class ${e.name} extends ${errors.errorBase}: kind = ${e.kind}`);
  for (const schema of ir.schemas) lines.push(`type ${names.model.get(schema.name)!}`);
  // The data functions' records (DATA_FUNCTIONS), which the SDK's data client calls by these labels.
  for (const fn of ir.data.functions) {
    const labels = names.label.get(fn.name)!;
    const ref = (schema: string) => names.model.get(schema) ?? 'unknown';
    const params = fn.params.map((p) => `${tsPropertyKey(labels.get(paramKey(p))!)}${p.required ? '' : '?'}: ${tsType(p.type, ref)}`);
    lines.push(`DATA_FUNCTIONS.${names.dataFunction.get(fn.name)!}(${params.join(', ')}): ${fn.returns}`);
  }
  const index = specIndexView(ir);
  const exported = [
    clientClass, `${clientClass}Options`, ...(names.credentialsType ? [names.credentialsType] : []),
    ...(names.errorBase === RUNTIME_ERROR_BASE ? [] : [names.errorBase]), ...errors.classes.map((e) => e.name),
    ...names.model.values(), ...client.paramInterfaces.map((p) => p.name), ...client.groups.map((g) => g.className),
    ...index.specExports.split(', '), ...index.specTypeExports.split(', '), 'components', 'operations', 'paths',
  ];
  for (const name of new Set(exported)) lines.push(`export ${name}`);
  return [...new Set(lines)].sort();
}
