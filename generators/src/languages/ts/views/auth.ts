/**
 * The client's `credentials` option, one member per scheme of
 * `components.securitySchemes`, typed by what the scheme takes, and the
 * README's table of how to pass each (docs/architecture.md, "Authentication").
 */
import { oneLine } from '../../../emit/escape.js';
import type { IR, IRSecurityScheme } from '../../../ir/types.js';
import { tsDoc } from '../doc.js';
import type { TsNames } from '../names.js';
import { tsPropertyKey } from '../naming.js';

/** What a scheme's credential is, in the runtime's types; null for a scheme only the headers hook can send. */
function credentialType(scheme: IRSecurityScheme): string | null {
  switch (scheme.kind) {
    case 'basic':
      return 'BasicCredentials';
    case 'oauth2':
      return scheme.tokenUrl !== undefined ? 'string | ClientCredentials' : 'string';
    case 'other':
      return null;
    default:
      return 'string';
  }
}

/** What the runtime sends for a scheme, in words. */
function sends(scheme: IRSecurityScheme): string {
  switch (scheme.kind) {
    case 'apiKey':
      return `the key in the \`${scheme.paramName}\` ${scheme.in === 'query' ? 'query parameter' : scheme.in}`;
    case 'basic':
      return '`Authorization: Basic` with the username and password';
    case 'bearer':
      return '`Authorization: Bearer` with the token';
    case 'oauth2':
      return scheme.tokenUrl !== undefined
        ? `an access token (as a bearer token), or client credentials exchanged at \`${scheme.tokenUrl}\` for one (cached, refreshed before expiry)`
        : 'an access token, as a bearer token';
    default:
      return 'nothing by itself: pass the `authHeaders` option';
  }
}

/** Where a scheme's credential is read from when the option has none, in words. */
function fromEnvironment(scheme: IRSecurityScheme): string {
  const { token, username, password, clientId, clientSecret } = scheme.env;
  const ways = [
    ...(username && password ? [`\`${username}\` and \`${password}\``] : []),
    ...(token ? [`\`${token}\``] : []),
    ...(clientId && clientSecret ? [`\`${clientId}\` and \`${clientSecret}\``] : []),
  ];
  return ways.join(', or ');
}

/** How to write one scheme's credential in the option, as an example value. */
function exampleValue(scheme: IRSecurityScheme): string {
  switch (scheme.kind) {
    case 'basic':
      return "{ username: '...', password: '...' }";
    case 'oauth2':
      return scheme.tokenUrl !== undefined ? "{ clientId: '...', clientSecret: '...' }" : "'...'";
    default:
      return "'...'";
  }
}

export function credentialsView(ir: IR, names: TsNames) {
  const schemes = ir.securitySchemes.filter((s) => credentialType(s) !== null);
  const types = new Set(schemes.map((s) => credentialType(s)!.split(' | ')).flat().filter((t) => t !== 'string'));
  return {
    credentialsType: names.credentialsType,
    credentials: names.credentialsType === null || schemes.length === 0 ? false : schemes.map((s) => ({
      doc: tsDoc([s.description, `Sends ${sends(s)}. When absent: ${fromEnvironment(s)}, read at each call.`], '  '),
      key: tsPropertyKey(s.name),
      type: credentialType(s),
    })),
    credentialsOptionDoc: tsDoc([`Credentials per security scheme of the spec (see {@link ${names.credentialsType}}); the \`authHeaders\` option adds any other header.`], '  '),
    credentialsDoc: tsDoc([`Credentials of the spec's security schemes, keyed by scheme name; each is read from its environment variables when absent.`]),
    /** Runtime types the credentials' members name. */
    credentialsImports: [...types].sort().map((t) => `type ${t}`),
  };
}

/** The README's "Authentication" rows: per scheme, the option and the environment variables. */
export function authReadme(ir: IR, clientClass: string) {
  if (ir.securitySchemes.length === 0) return { auth: false };
  const first = ir.securitySchemes.find((s) => credentialType(s) !== null);
  return {
    auth: ir.securitySchemes.map((s) => ({
      name: s.name,
      option: credentialType(s) === null ? 'the `authHeaders` option' : `\`credentials: { ${tsPropertyKey(s.name)}: ${exampleValue(s)} }\``,
      env: fromEnvironment(s) || '(none)',
      sends: oneLine(sends(s)).replace(/\|/g, '\\|'),
    })),
    authExample: first ? `new ${clientClass}({ credentials: { ${tsPropertyKey(first.name)}: ${exampleValue(first)} } })` : '',
  };
}
