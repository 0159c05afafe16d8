/**
 * The README's "Credentials" section: per security scheme of the spec, what
 * it sends and the environment variables the Python package (which every
 * command calls) reads it from (docs/architecture.md, "Authentication").
 * Stata sets no environment variable itself, so the README says how to give
 * them without writing the secret into a do-file or a log.
 */
import type { IR, IRSecurityScheme } from '../../../ir/types.js';

export interface SchemeDoc {
  readonly name: string;
  readonly sends: string;
  /** `VAR` — what it holds. */
  readonly variables: readonly { readonly name: string; readonly holds: string }[];
}

function sends(s: IRSecurityScheme): string {
  switch (s.kind) {
    case 'apiKey': return `an API key, in the ${s.in ?? 'header'} \`${s.paramName ?? s.name}\``;
    case 'bearer': return `a bearer token (\`Authorization: Bearer ...\`)${s.bearerFormat ? `, ${s.bearerFormat}` : ''}`;
    case 'basic': return 'a user name and password (HTTP basic)';
    case 'oauth2': return s.tokenUrl ? `an OAuth2 access token, or a client id and secret the token is fetched with from \`${s.tokenUrl}\`` : 'an OAuth2 access token (sent as a bearer token)';
    default: return 'credentials no environment variable can give (set `config.auth_headers` of the Python package, below)';
  }
}

export function schemeDocs(ir: IR): SchemeDoc[] {
  return ir.securitySchemes.map((s) => {
    const { token, username, password, clientId, clientSecret } = s.env;
    const variables = [
      token && { name: token, holds: s.kind === 'apiKey' ? 'the key' : 'the token' },
      username && { name: username, holds: 'the user name' },
      password && { name: password, holds: 'the password' },
      clientId && { name: clientId, holds: 'the client id' },
      clientSecret && { name: clientSecret, holds: 'the client secret' },
    ].filter((v): v is { name: string; holds: string } => Boolean(v));
    return { name: s.name, sends: sends(s), variables };
  });
}
