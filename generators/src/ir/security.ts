/**
 * Authentication, from `components.securitySchemes` and the `security`
 * requirements (global, or an operation's own): what credentials each scheme
 * takes, the environment variables they are read from, and, per operation,
 * which combinations of schemes a call may send (docs/architecture.md,
 * "Authentication").
 */
import { pointerOf, type Diagnostic } from '../diagnostics.js';
import { describe, isObject, type SchemaConverter } from './schemas.js';
import type { IRBrand, IRSecurityRequirement, IRSecurityScheme } from './types.js';
import { splitWords } from './words.js';

/** The credential's environment variables: `<PREFIX>_<SCHEME>` and, for two-part credentials, its parts. */
function envNames(brand: IRBrand, words: readonly string[], kind: IRSecurityScheme['kind'], clientCredentials: boolean): IRSecurityScheme['env'] {
  const base = `${brand.envPrefix}_${words.join('_').toUpperCase() || 'AUTH'}`;
  switch (kind) {
    case 'basic':
      return { username: `${base}_USERNAME`, password: `${base}_PASSWORD` };
    case 'oauth2':
      return clientCredentials ? { token: base, clientId: `${base}_CLIENT_ID`, clientSecret: `${base}_CLIENT_SECRET` } : { token: base };
    case 'other':
      return {};
    default:
      return { token: base };
  }
}

/** Why a scheme only works through the headers hook, or null when the runtime handles it. */
function schemeKind(raw: Record<string, unknown>): { kind: IRSecurityScheme['kind']; why?: string } {
  const type = String(raw.type ?? '');
  if (type === 'apiKey' && ['header', 'query', 'cookie'].includes(String(raw.in)) && typeof raw.name === 'string' && raw.name !== '') return { kind: 'apiKey' };
  if (type === 'http') {
    const scheme = String(raw.scheme ?? '').toLowerCase();
    if (scheme === 'basic') return { kind: 'basic' };
    if (scheme === 'bearer') return { kind: 'bearer' };
    return { kind: 'other', why: `HTTP ${String(raw.scheme ?? '')} authentication` };
  }
  if (type === 'oauth2') return { kind: 'oauth2' };
  // OpenID Connect ends in an access token sent as a bearer token: the user brings it.
  if (type === 'openIdConnect') return { kind: 'bearer' };
  if (type === 'apiKey') return { kind: 'other', why: 'an apiKey without a usable `in` and `name`' };
  return { kind: 'other', why: type === '' ? 'a scheme without a type' : `a scheme of type ${type}` };
}

/** The client-credentials flow's token URL, when the scheme declares that flow. */
function clientCredentialsFlow(raw: Record<string, unknown>): { tokenUrl: string; scopes: string[] } | null {
  const flows = isObject(raw.flows) ? raw.flows : {};
  const flow = isObject(flows.clientCredentials) ? flows.clientCredentials : null;
  if (!flow || typeof flow.tokenUrl !== 'string' || flow.tokenUrl === '') return null;
  return { tokenUrl: flow.tokenUrl, scopes: Object.keys(isObject(flow.scopes) ? flow.scopes : {}) };
}

export function securitySchemes(doc: Record<string, unknown>, converter: SchemaConverter, brand: IRBrand, diagnostics: Diagnostic[]): IRSecurityScheme[] {
  const components = isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const schemes: IRSecurityScheme[] = [];
  const envTaken = new Map<string, string>();
  for (const [name, node] of Object.entries(components)) {
    const raw = converter.deref(node);
    const pointer = pointerOf(['components', 'securitySchemes', name]);
    if (!isObject(raw)) continue;
    const { kind, why } = schemeKind(raw);
    const flow = kind === 'oauth2' ? clientCredentialsFlow(raw) : null;
    let words = splitWords(name);
    if (words.length === 0) words = ['auth'];
    const env = envNames(brand, words, kind, flow !== null);
    // Two names that read as one variable (`api_key` and `apiKey`): the later one is numbered.
    const key = env.token ?? env.username ?? '';
    if (key !== '' && envTaken.has(key)) {
      words = [...words, String(schemes.length + 1)];
      diagnostics.push({ severity: 'warning', rule: 'bdgen/security-env-clash', pointer, message: `securitySchemes ${JSON.stringify(name)} and ${JSON.stringify(envTaken.get(key))} would read one environment variable, ${key}; ${JSON.stringify(name)} reads ${brand.envPrefix}_${words.join('_').toUpperCase()} instead.` });
    }
    const finalEnv = envNames(brand, words, kind, flow !== null);
    if (finalEnv.token ?? finalEnv.username) envTaken.set(finalEnv.token ?? finalEnv.username!, name);
    if (why !== undefined) {
      diagnostics.push({ severity: 'warning', rule: 'bdgen/security-hook-only', pointer, message: `securitySchemes ${JSON.stringify(name)} is ${why}: the generated clients cannot send it themselves; their headers hook can.` });
    }
    schemes.push({
      name,
      words,
      kind,
      description: describe(raw),
      ...(kind === 'apiKey' ? { in: raw.in as 'header' | 'query' | 'cookie', paramName: String(raw.name) } : {}),
      ...(kind === 'bearer' && typeof raw.bearerFormat === 'string' ? { bearerFormat: raw.bearerFormat } : {}),
      ...(flow ? { tokenUrl: flow.tokenUrl, scopes: flow.scopes } : {}),
      env: finalEnv,
      pointer,
    });
  }
  return schemes;
}

/**
 * The requirements of one operation: its own `security`, else the document's;
 * each is one way to authenticate (every scheme in it is sent). An empty list,
 * or an empty requirement among them, means a call may go without credentials.
 * A requirement naming an undeclared scheme is dropped with a warning.
 */
export function securityRequirements(raw: unknown, schemes: readonly IRSecurityScheme[], pointer: string, diagnostics: Diagnostic[]): IRSecurityRequirement[] {
  if (!Array.isArray(raw)) return [];
  const known = new Set(schemes.map((s) => s.name));
  const out: IRSecurityRequirement[] = [];
  raw.forEach((requirement, i) => {
    if (!isObject(requirement)) return;
    const names = Object.keys(requirement);
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length > 0) {
      diagnostics.push({ severity: 'warning', rule: 'bdgen/security-unknown-scheme', pointer: `${pointer}/${i}`, message: `this security requirement names ${unknown.map((n) => JSON.stringify(n)).join(', ')}, which components.securitySchemes does not declare; it is ignored.` });
      return;
    }
    out.push(names.map((scheme) => ({ scheme, scopes: (Array.isArray(requirement[scheme]) ? requirement[scheme] : []).filter((s): s is string => typeof s === 'string') })));
  });
  return out;
}

/** `x-bd-packages.brand`, else derived from the title: what generated packages call the API, and their prefixes. */
export function brandOf(raw: unknown, title: string, titleWords: readonly string[]): IRBrand {
  const declared = isObject(raw) ? raw : {};
  const words = [...titleWords];
  // `Swagger Petstore - OpenAPI 3.0` -> swagger petstore; `Base dos Dados datalake` -> base dos dados.
  while (words.length > 1 && (GENERIC_TAIL.has(words[words.length - 1]!) || /^\d+$/.test(words[words.length - 1]!))) {
    // `OpenAPI` splits into open + api: both go.
    if (words.length > 2 && words.slice(-2).join(' ') === 'open api') words.pop();
    words.pop();
  }
  const ascii = words.map((w) => w.replace(/[^a-z0-9]/g, '')).filter(Boolean);
  const brandWords = ascii.length > 0 ? ascii : ['api'];
  const derivedShort = /^[0-9]/.test(brandWords[0]!) ? `api_${brandWords.join('_')}` : brandWords.join('_');
  const short = typeof declared.short === 'string' ? declared.short : derivedShort.slice(0, 40);
  const envPrefix = typeof declared.env_prefix === 'string' ? declared.env_prefix : short.toUpperCase();
  const name = typeof declared.name === 'string' ? declared.name : title.trim() || 'API';
  return { name, words: typeof declared.name === 'string' ? splitWords(declared.name) : brandWords, short, envPrefix };
}

const GENERIC_TAIL = new Set(['api', 'apis', 'datalake', 'client', 'sdk', 'rest', 'openapi', 'swagger', 'spec', 'specification', 'service', 'v', 'version']);
