/**
 * Authentication from the spec's `components.securitySchemes`
 * (docs/architecture.md, "Authentication"): credentials are passed under each
 * scheme's name (the client's `credentials` option, else the scheme's
 * environment variables, read at call time); each call sends the first of its
 * operation's requirements whose every scheme has credentials; the
 * `authHeaders` hook adds anything else, on every try. Every value sent is
 * returned as a secret, so errors redact it.
 *
 * @module
 */

import { variable } from './environments.js';
import { credentialValues } from './redact.js';
import type { OAuthTokens } from './oauth.js';

/** What the runtime can send itself; `other` (digest, mutual TLS...) only through the hook. */
export type SecuritySchemeKind = 'apiKey' | 'basic' | 'bearer' | 'oauth2' | 'other';

/** One scheme of `components.securitySchemes`, as the generated spec.ts describes it. */
export interface SecuritySchemeSpec {
  /** Its key in `components.securitySchemes`: the name credentials are passed under. */
  readonly name: string;
  readonly kind: SecuritySchemeKind;
  /** apiKey: where the key goes, and under which header, query or cookie name. */
  readonly in?: 'header' | 'query' | 'cookie';
  readonly paramName?: string;
  /** oauth2 with the client-credentials flow: where tokens are fetched (relative: to the base URL). */
  readonly tokenUrl?: string;
  /** The environment variables read when the option has no entry for the scheme. */
  readonly env: {
    readonly token?: string;
    readonly username?: string;
    readonly password?: string;
    readonly clientId?: string;
    readonly clientSecret?: string;
  };
}

/** One way to authenticate: every scheme in it is sent, OAuth2 ones with these scopes. */
export type SecurityRequirementSpec = readonly { readonly scheme: string; readonly scopes: readonly string[] }[];

/** HTTP basic credentials; sent as `Authorization: Basic base64(utf8(username:password))`. */
export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/** OAuth2 client credentials, exchanged at the scheme's `tokenUrl` for an access token. */
export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Scopes asked for when the operation's requirement names none. */
  readonly scopes?: readonly string[];
}

/** A key or token (apiKey, bearer, an OAuth2 access token), basic credentials, or OAuth2 client credentials. */
export type Credential = string | BasicCredentials | ClientCredentials;

/** Credentials keyed by scheme name. */
export type Credentials = Readonly<Record<string, Credential | undefined>>;

/** What the `authHeaders` hook is told about the request it may add headers to. */
export interface AuthRequest {
  readonly method: string;
  /** The request's URL, without the credentials the runtime adds to its query. */
  readonly url: string;
  /** The spec's `operationId`. */
  readonly operationId: string;
}

/** Returns headers to add to one try of a request (a signature, a digest, a token of your own). */
export type AuthHeadersHook = (request: AuthRequest) => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>;

/** What one try sends to authenticate. */
export interface AppliedAuth {
  /** Header names in lower case. */
  readonly headers: Record<string, string>;
  readonly query: [string, string][];
  readonly cookies: [string, string][];
  /** Every credential value sent, for redaction. */
  readonly secrets: string[];
  /** Whether a token fetched at a token URL was sent (a 401 then fetches a new one, once). */
  fetchedToken: boolean;
  /** Whether the operation wants credentials and none of its requirements could be met. */
  unmet: boolean;
}

const isBasic = (c: Credential): c is BasicCredentials => typeof c === 'object' && 'username' in c;
const isClient = (c: Credential): c is ClientCredentials => typeof c === 'object' && 'clientId' in c;

/** `Basic base64(utf8(username:password))`. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** The path with the credentials an apiKey scheme sends in the query. */
export function withAuthQuery(path: string, pairs: readonly [string, string][]): string {
  if (pairs.length === 0) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams(pairs).toString()}`;
}

/** The request's headers with one try's credentials: headers, and cookies after any the request has. */
export function withAuthHeaders(headers: Readonly<Record<string, string>>, auth: AppliedAuth): Record<string, string> {
  const merged: Record<string, string> = { ...headers, ...auth.headers };
  const cookies = auth.cookies.map(([name, value]) => `${name}=${value}`);
  if (cookies.length > 0) merged.cookie = [headers.cookie, ...cookies].filter(Boolean).join('; ');
  return merged;
}

export class Authenticator {
  readonly #schemes: ReadonlyMap<string, SecuritySchemeSpec>;

  constructor(
    schemes: readonly SecuritySchemeSpec[],
    private readonly options: { readonly credentials?: Credentials | undefined; readonly authHeaders?: AuthHeadersHook | undefined },
    private readonly tokens: OAuthTokens,
  ) {
    this.#schemes = new Map(schemes.map((s) => [s.name, s]));
  }

  /** The scheme's credential: the option's entry, else its environment variables, read now. */
  credential(scheme: SecuritySchemeSpec, env: NodeJS.ProcessEnv = process.env): Credential | undefined {
    const { credentials } = this.options;
    // Own keys only: a scheme called `constructor` must not find Object's.
    const given = credentials !== undefined && Object.hasOwn(credentials, scheme.name) ? credentials[scheme.name] : undefined;
    if (given !== undefined) return given;
    const { username, password, clientId, clientSecret, token } = scheme.env;
    if (scheme.kind === 'basic') {
      const user = variable(env, username);
      const pass = variable(env, password);
      return user !== undefined && pass !== undefined ? { username: user, password: pass } : undefined;
    }
    if (scheme.kind === 'oauth2') {
      const id = variable(env, clientId);
      const secret = variable(env, clientSecret);
      if (id !== undefined && secret !== undefined) return { clientId: id, clientSecret: secret };
    }
    return variable(env, token);
  }

  /** Whether a scheme has what it needs to be sent (a scheme of kind `other`: the hook). */
  #usable(name: string, env: NodeJS.ProcessEnv): boolean {
    const scheme = this.#schemes.get(name);
    if (!scheme) return false;
    if (scheme.kind === 'other') return this.options.authHeaders !== undefined;
    const credential = this.credential(scheme, env);
    if (credential === undefined) return false;
    if (isClient(credential)) return scheme.kind === 'oauth2' && scheme.tokenUrl !== undefined;
    return scheme.kind === 'basic' ? isBasic(credential) : typeof credential === 'string';
  }

  /**
   * What one try of a call sends: the first requirement of `security` whose
   * every scheme has credentials, then the hook's headers. `refresh` fetches
   * new OAuth2 tokens (the server refused the cached one).
   */
  async apply(security: readonly SecurityRequirementSpec[], request: AuthRequest, baseUrl: string, refresh = false): Promise<AppliedAuth> {
    const env = process.env;
    const applied: AppliedAuth = { headers: {}, query: [], cookies: [], secrets: [], fetchedToken: false, unmet: false };
    const chosen = security.find((requirement) => requirement.every((s) => this.#usable(s.scheme, env)));
    applied.secrets.push(...this.#configuredSecrets(env));
    applied.unmet = chosen === undefined && security.length > 0;
    for (const { scheme: name, scopes } of chosen ?? []) {
      const scheme = this.#schemes.get(name)!;
      const credential = this.credential(scheme, env);
      if (credential === undefined || scheme.kind === 'other') continue;
      if (scheme.kind === 'apiKey' && typeof credential === 'string') {
        const key = scheme.paramName!;
        if (scheme.in === 'query') applied.query.push([key, credential]);
        else if (scheme.in === 'cookie') applied.cookies.push([key, credential]);
        else applied.headers[key.toLowerCase()] = credential;
        applied.secrets.push(credential);
      } else if (isBasic(credential)) {
        applied.headers.authorization = basicAuthorization(credential.username, credential.password);
      } else if (isClient(credential)) {
        const wanted = scopes.length > 0 ? scopes : (credential.scopes ?? []);
        const token = await this.tokens.token(name, new URL(scheme.tokenUrl!, `${baseUrl}/`).href, credential, wanted, refresh);
        applied.headers.authorization = `Bearer ${token}`;
        applied.fetchedToken = true;
        applied.secrets.push(token);
      } else if (typeof credential === 'string') {
        applied.headers.authorization = `Bearer ${credential}`;
        applied.secrets.push(credential);
      }
    }
    if (this.options.authHeaders) {
      const extra = await this.options.authHeaders(request);
      for (const [header, value] of Object.entries(extra)) applied.headers[header.toLowerCase()] = value;
    }
    applied.secrets.push(...credentialValues(applied.headers));
    return applied;
  }

  /** Every credential value configured for any scheme (option or variable): never in an error, whether sent or not. */
  #configuredSecrets(env: NodeJS.ProcessEnv): string[] {
    return [...this.#schemes.values()].flatMap((scheme) => {
      const credential = this.credential(scheme, env);
      if (credential === undefined) return [];
      if (typeof credential === 'string') return [credential];
      return isBasic(credential) ? [credential.username, credential.password] : [credential.clientId, credential.clientSecret];
    });
  }

  /** For a 401/403 when no requirement was met: which schemes the operation accepts and where their credentials are read from. */
  describeUnmet(operationId: string, security: readonly SecurityRequirementSpec[]): string {
    const ways = security.map((requirement) => requirement.map(({ scheme: name }) => {
      const scheme = this.#schemes.get(name);
      if (!scheme || scheme.kind === 'other') return `${name} (the authHeaders option)`;
      const variables = Object.values(scheme.env).filter((v): v is string => v !== undefined);
      // `credentials.bearer, or` and not `credentials.bearer or`: redaction reads `bearer <word>` as a token.
      return `${name} (credentials.${name}${variables.length > 0 ? `, or ${variables.join(' and ')}` : ''})`;
    }).join(' with '));
    return `${operationId} accepts ${ways.join(', or ')}; none was configured`;
  }
}
