/**
 * Where the catalogue is (docs/architecture.md, "Where the catalogue is"): the
 * client's `baseUrl`, else `BASEDOSDADOS_API_URL`, else the `api_url` of the
 * environment in use (the client's `environment`, else
 * `BASEDOSDADOS_ENVIRONMENT`, else the spec's default), else the spec's first server.
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

/** The variable naming the environment when the client's option does not. */
export const ENVIRONMENT_VARIABLE = 'BASEDOSDADOS_ENVIRONMENT';

/** The variable holding the catalogue's base URL, above any environment. */
export const API_URL_VARIABLE = 'BASEDOSDADOS_API_URL';

/** An environment variable's value; empty counts as unset. */
function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The environment in use: `name` (the client's option), else
 * `BASEDOSDADOS_ENVIRONMENT`, else the spec's default (else its first).
 * `undefined` when the spec has none. A name the spec does not have is a
 * `validation` error saying where it came from.
 */
export function resolveEnvironment<E extends EnvironmentSpec>(
  name: string | undefined,
  environments: readonly E[],
  errors: readonly ErrorKindSpec[] = [],
  env: NodeJS.ProcessEnv = process.env,
): E | undefined {
  const fromVariable = name === undefined ? variable(env, ENVIRONMENT_VARIABLE) : undefined;
  const wanted = name ?? fromVariable;
  if (wanted === undefined) return environments.find((e) => e.isDefault) ?? environments[0];
  const found = environments.find((e) => e.name === wanted);
  if (found) return found;
  const where = fromVariable === undefined ? 'environment' : ENVIRONMENT_VARIABLE;
  const known = environments.map((e) => JSON.stringify(e.name)).join(', ') || 'none';
  throw createError(ERROR_KINDS.validation, `${where} must be one of ${known}, got ${JSON.stringify(wanted.slice(0, 60))}`, {
    attempts: 0,
    invalidParams: [{ name: where, label: where === ENVIRONMENT_VARIABLE ? where : 'environment', reason: `must be one of ${known}` }],
  }, errors);
}

/** The catalogue's base URL, in the order of the module's description. */
export function resolveBaseUrl(
  options: { readonly baseUrl?: string | undefined; readonly environment?: string | undefined },
  environments: readonly EnvironmentSpec[],
  firstServer: string,
  errors: readonly ErrorKindSpec[] = [],
  env: NodeJS.ProcessEnv = process.env,
): string {
  // The environment is checked even when a URL wins: it also picks the BigQuery project, and a typo must not pass silently.
  const environment = resolveEnvironment(options.environment, environments, errors, env);
  return options.baseUrl ?? variable(env, API_URL_VARIABLE) ?? environment?.apiUrl ?? firstServer;
}
