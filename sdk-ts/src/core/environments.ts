/**
 * Where the catalogue is (docs/architecture.md, "Where the catalogue is"): the
 * client's `baseUrl`, else `<PREFIX>_API_URL`, else the `api_url` of the
 * environment in use (the client's `environment`, else
 * `<PREFIX>_ENVIRONMENT`, else the spec's default), else the spec's first
 * server. `<PREFIX>` is the spec's brand (`BASEDOSDADOS` for ours), given by
 * the generated code.
 *
 * @module
 */

import { createError, ERROR_KINDS, type ErrorKindSpec } from './errors.js';

/** One entry of the spec's `x-bd-environments`, as far as the catalogue's place goes. */
export interface EnvironmentSpec {
  readonly name: string;
  readonly isDefault: boolean;
  /** The catalogue API's base URL in this environment; `null` when the spec names none. */
  readonly apiUrl: string | null;
}

/** What the generated spec tells the runtime here: its error table and the prefix of its environment variables. */
export interface PlaceSpec {
  readonly errors: readonly ErrorKindSpec[];
  /** `BASEDOSDADOS` reads `BASEDOSDADOS_API_URL` and `BASEDOSDADOS_ENVIRONMENT`; absent: no variable is read. */
  readonly envPrefix?: string | undefined;
}

/** The variable naming the environment when the client's option does not (`BASEDOSDADOS_ENVIRONMENT`). */
export const environmentVariable = (envPrefix: string): string => `${envPrefix}_ENVIRONMENT`;

/** The variable holding the catalogue's base URL, above any environment (`BASEDOSDADOS_API_URL`). */
export const apiUrlVariable = (envPrefix: string): string => `${envPrefix}_API_URL`;

/** An environment variable's value; empty counts as unset. */
export function variable(env: NodeJS.ProcessEnv, name: string | undefined): string | undefined {
  const value = name === undefined ? undefined : env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The environment in use: `name` (the client's option), else
 * `<PREFIX>_ENVIRONMENT`, else the spec's default (else its first).
 * `undefined` when the spec has none. A name the spec does not have is a
 * `validation` error saying where it came from.
 */
export function resolveEnvironment<E extends EnvironmentSpec>(
  name: string | undefined,
  environments: readonly E[],
  spec: PlaceSpec = { errors: [] },
  env: NodeJS.ProcessEnv = process.env,
): E | undefined {
  const { errors } = spec;
  const environmentVar = spec.envPrefix === undefined ? undefined : environmentVariable(spec.envPrefix);
  const fromVariable = name === undefined ? variable(env, environmentVar) : undefined;
  const wanted = name ?? fromVariable;
  if (wanted === undefined) return environments.find((e) => e.isDefault) ?? environments[0];
  const found = environments.find((e) => e.name === wanted);
  if (found) return found;
  const where = fromVariable === undefined || environmentVar === undefined ? 'environment' : environmentVar;
  const known = environments.map((e) => JSON.stringify(e.name)).join(', ') || 'none';
  throw createError(ERROR_KINDS.validation, `${where} must be one of ${known}, got ${JSON.stringify(wanted.slice(0, 60))}`, {
    attempts: 0,
    invalidParams: [{ name: where, label: where, reason: `must be one of ${known}` }],
  }, errors);
}

/** The catalogue's base URL, in the order of the module's description. */
export function resolveBaseUrl(
  options: { readonly baseUrl?: string | undefined; readonly environment?: string | undefined },
  environments: readonly EnvironmentSpec[],
  firstServer: string,
  spec: PlaceSpec = { errors: [] },
  env: NodeJS.ProcessEnv = process.env,
): string {
  // The environment is checked even when a URL wins: it also picks the BigQuery project, and a typo must not pass silently.
  const environment = resolveEnvironment(options.environment, environments, spec, env);
  const fromVariable = spec.envPrefix === undefined ? undefined : variable(env, apiUrlVariable(spec.envPrefix));
  return options.baseUrl ?? fromVariable ?? environment?.apiUrl ?? firstServer;
}
