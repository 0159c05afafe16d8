/**
 * One call of every operation of a spec, from its IR: argument values by wire
 * name (every parameter, from its example or its rules), the body of its
 * first media type (its example or a value its schema allows), the function
 * each language generated for it, and the credentials of every scheme in the
 * environment variables the IR names (docs/architecture.md, "Authentication").
 */
import type { CompiledSpec } from '../../generators/src/generate.js';
import type { IR, IROperation, IRParam, IRValueRules } from '../../generators/src/ir/types.js';
import { createContext as pythonContext } from '../../generators/src/languages/python/context.js';
import { planNames as tsNames } from '../../generators/src/languages/ts/names.js';
import { ValueSampler, type Sample } from './sample-values.js';

export type Language = 'ts' | 'python' | 'r';
export const LANGUAGES: readonly Language[] = ['ts', 'python', 'r'];

export interface PlannedCall {
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  /**
   * The generated function: TS `pet.getPetById` (a client member), Python `get_pet_by_id`. R's is
   * looked up by the driver in the package's own table (`.bd_spec$exports`), by operation id.
   */
  readonly function: Readonly<Record<Exclude<Language, 'r'>, string>>;
  /** Parameter values by the spec's names (path, query, header and cookie alike). */
  readonly args: Readonly<Record<string, Sample>>;
  /** Where each parameter goes, by the spec's name. */
  readonly argsIn: Readonly<Record<string, IRParam['in']>>;
  /** Whether the call must carry credentials (every security requirement names a scheme). */
  readonly needsCredentials: boolean;
  readonly body?: Sample;
  readonly contentType?: string;
  /** Whether the spec documents a 2xx answer: if not, Prism answers the documented error and the client must raise it. */
  readonly documentsSuccess: boolean;
}

export interface SpecPlan {
  /** The TS client class (the package's export). */
  readonly tsClient: string;
  readonly pythonImport: string;
  readonly calls: readonly PlannedCall[];
  /** What the environment holds for each scheme, as the docs tell users to set it. */
  readonly env: Readonly<Record<string, string>>;
  /** Schemes no environment variable can carry (kind `other`): only the headers hook could. */
  readonly unsupportedSchemes: readonly string[];
}

/** IRValueRules say what JSON Schema says, under other names: the schema a parameter's value must match. */
function rulesSchema(rules: IRValueRules): Record<string, unknown> {
  const { kind, nullable: _nullable, items, enum: allowed, ...bounds } = rules;
  return {
    ...(kind === 'unknown' ? {} : { type: kind }),
    ...bounds,
    ...(allowed ? { enum: allowed } : {}),
    ...(items ? { items: rulesSchema(items) } : {}),
  };
}

function paramValue(sampler: ValueSampler, param: IRParam): Sample {
  const schema = rulesSchema(param.rules);
  return sampler.sample(schema, { example: param.example ?? param.default });
}

function bodyOf(sampler: ValueSampler, op: IROperation): Pick<PlannedCall, 'body' | 'contentType'> {
  const media = op.body?.media[0];
  if (!op.body || !media) return {};
  const pointer = `${op.body.pointer}/content/${media.type.replace(/~/g, '~0').replace(/\//g, '~1')}/schema`;
  const schema = sampler.schemaAt(pointer) ?? {};
  const body = sampler.sample(schema, { example: media.example, fileFields: media.fileFields, binary: media.kind === 'binary' });
  return { body, contentType: media.type };
}

/** Credentials of every scheme, under the variables the IR computed for it; fixed, recognisable values. */
function credentialsEnv(ir: IR): { env: Record<string, string>; unsupported: string[] } {
  const env: Record<string, string> = {};
  const unsupported: string[] = [];
  for (const scheme of ir.securitySchemes) {
    const { token, username, password } = scheme.env;
    if (scheme.kind === 'basic' && username && password) {
      env[username] = `user-${scheme.name}`;
      env[password] = `pass-${scheme.name}`;
    } else if (scheme.kind !== 'other' && scheme.kind !== 'basic' && token) {
      // An OAuth2 scheme gets a token, never a client id and secret: its tokenUrl is not on loopback.
      env[token] = `token-${scheme.name}-0123456789`;
    } else {
      unsupported.push(scheme.name);
    }
  }
  return { env, unsupported };
}

export function planCalls(compiled: CompiledSpec): SpecPlan {
  const { ir, document } = compiled;
  const sampler = new ValueSampler(document);
  const ts = tsNames(ir);
  const python = pythonContext(ir);
  const calls = ir.operations.map((op): PlannedCall => {
    const group = op.group ? ts.groupProperty.get(op.group.name) : undefined;
    const member = ts.method.get(op.id)!;
    return {
      operation: op.id,
      method: op.httpMethod,
      path: op.path,
      function: { ts: group ? `${group}.${member}` : member, python: python.names.operation.get(op.id)! },
      args: Object.fromEntries(op.params.map((p) => [p.name, paramValue(sampler, p)])),
      argsIn: Object.fromEntries(op.params.map((p) => [p.name, p.in])),
      needsCredentials: op.security.length > 0 && op.security.every((requirement) => requirement.length > 0),
      ...bodyOf(sampler, op),
      documentsSuccess: op.responses.some((res) => /^2/.test(res.status)),
    };
  });
  const { env, unsupported } = credentialsEnv(ir);
  return { tsClient: ts.clientClass, pythonImport: python.pkg.importName, calls, env, unsupportedSchemes: unsupported };
}

/** The operation a request was for, by method and path (literal segments beat templated ones, as servers route). */
export function operationOf(calls: readonly PlannedCall[], method: string, path: string): PlannedCall | undefined {
  const segments = path.split('?')[0]!.split('/');
  let best: { call: PlannedCall; literal: number } | undefined;
  for (const call of calls) {
    if (call.method !== method) continue;
    const template = call.path.split('/');
    if (template.length !== segments.length) continue;
    let literal = 0;
    const matches = template.every((part, i) => {
      if (/^\{[^}]+\}$/.test(part)) return segments[i] !== '';
      literal++;
      return part === decodeURIComponent(segments[i]!);
    });
    if (matches && (!best || literal > best.literal)) best = { call, literal };
  }
  return best?.call;
}
