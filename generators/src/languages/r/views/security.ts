/**
 * Authentication in the R package (docs/architecture.md, "Authentication"):
 * the records of `R/spec.R` the runtime reads (runtime-security.R), and the
 * words the README and the package's help page say, per scheme, about how to
 * pass it. Nothing is written for a spec without securitySchemes.
 */
import type { IROperation, IRSecurityScheme } from '../../../ir/types.js';
import type { Context } from '../context.js';
import { rdCodeSpan, rdText, rNamedList, rString, rStrings } from '../doc.js';

/** The env record of a scheme: its variables by role, in R's snake_case. */
function envRecord(scheme: IRSecurityScheme): string {
  const { env } = scheme;
  const entries: [string, string | undefined][] = [['token', env.token], ['username', env.username], ['password', env.password], ['client_id', env.clientId], ['client_secret', env.clientSecret]];
  return rNamedList(entries.filter((e): e is [string, string] => e[1] !== undefined).map(([role, name]) => [role, rString(name)]));
}

/** `security_schemes` of `.bd_spec`, by scheme name; null when the spec declares none. */
export function securitySchemesRecord(ctx: Context, indent: string): string | null {
  const schemes = ctx.ir.securitySchemes;
  if (schemes.length === 0) return null;
  return rNamedList(schemes.map((s) => [s.name, `list(${[
    `name = ${rString(s.name)}`,
    `kind = ${rString(s.kind)}`,
    ...(s.in !== undefined ? [`"in" = ${rString(s.in)}`, `param_name = ${rString(s.paramName ?? '')}`] : []),
    ...(s.tokenUrl !== undefined ? [`token_url = ${rString(s.tokenUrl)}`, `scopes = ${rStrings(s.scopes ?? [])}`] : []),
    `env = ${envRecord(s)}`,
  ].join(', ')})`]), indent);
}

/** An operation's `security` field: its requirements in order, each a list of list(scheme, scopes); null when the spec declares no scheme. */
export function operationSecurity(ctx: Context, op: IROperation): string | null {
  if (ctx.ir.securitySchemes.length === 0) return null;
  const requirement = (r: IROperation['security'][number]) => `list(${r.map((need) => `list(scheme = ${rString(need.scheme)}, scopes = ${rStrings(need.scopes)})`).join(', ')})`;
  return `security = list(${op.security.map(requirement).join(', ')})`;
}

/** How one scheme's credentials are given, as R code for the credentials list, and what it sends. */
function howToPass(scheme: IRSecurityScheme): { readonly value: string; readonly sends: string; readonly env: string } {
  const { env } = scheme;
  switch (scheme.kind) {
    case 'apiKey':
      return { value: '"<key>"', sends: `the key in the ${scheme.in === 'query' ? 'query parameter' : scheme.in} \`${scheme.paramName}\``, env: `\`${env.token}\`` };
    case 'bearer':
      return { value: '"<token>"', sends: '`Authorization: Bearer <token>`', env: `\`${env.token}\`` };
    case 'basic':
      return { value: 'c(username = "<user>", password = "<password>")', sends: '`Authorization: Basic` of `username:password`', env: `\`${env.username}\` and \`${env.password}\`` };
    case 'oauth2':
      return scheme.tokenUrl !== undefined
        ? { value: 'list(client_id = "<id>", client_secret = "<secret>", scopes = c(...))', sends: `a token fetched from \`${scheme.tokenUrl}\` (client credentials; cached, refreshed before it expires and once on a 401), as \`Authorization: Bearer\`; or give an access token as one string`, env: `\`${env.clientId}\` and \`${env.clientSecret}\`, or \`${env.token}\` (a token)` }
        : { value: '"<access token>"', sends: '`Authorization: Bearer <token>`', env: `\`${env.token}\`` };
    default:
      return { value: '', sends: 'nothing by itself: return its headers from the `auth_headers` hook', env: '' };
  }
}

/** The README's "Authentication" section (Markdown), or '' when the spec declares no scheme. */
export function securityReadme(ctx: Context): string {
  const { ir, pkg } = ctx;
  if (ir.securitySchemes.length === 0) return '';
  const rows = ir.securitySchemes.map((s) => {
    const how = howToPass(s);
    const cell = (t: string) => t.replace(/\|/g, '\\|');
    return `| \`${s.name}\` | ${cell(how.value === '' ? '—' : `\`${s.name} = ${how.value}\``)} | ${cell(how.env || '—')} | ${cell(how.sends)} |`;
  });
  const passable = ir.securitySchemes.filter((s) => s.kind !== 'other');
  const example = passable.length > 0 ? `options(${pkg.name}.credentials = list(${passable.slice(0, 2).map((s) => `${s.name} = ${howToPass(s).value}`).join(', ')}))` : `options(${pkg.name}.credentials = list())`;
  return [
    '## Authentication',
    '',
    `Credentials are given under the scheme's name in the option \`${pkg.name}.credentials\`; a scheme without an entry is read from its environment variables at each call. Each call sends the first of its operation's requirements whose every scheme has credentials (an operation with \`security: []\` sends none); every credential is \`[redacted]\` in conditions.`,
    '',
    '```r',
    example,
    `options(${pkg.name}.auth_headers = function(request) list("X-Signature" = sign(request$method, request$url)))  # any other scheme: headers per try`,
    '```',
    '',
    '| Scheme | In `credentials` | Environment variables | Sends |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The paragraphs of the package help page's "Authentication" section, or none when the spec declares no scheme. */
export function securityRd(ctx: Context): { readonly title: string; readonly paragraphs: string[]; readonly items: { label: string; text: string }[] } | null {
  const { ir, pkg } = ctx;
  if (ir.securitySchemes.length === 0) return null;
  return {
    title: 'Authentication',
    paragraphs: [
      `Credentials are given under the scheme's name: \\code{options(${pkg.name}.credentials = list(<scheme> = ...))}; a scheme without an entry is read from its environment variables at each call. A call sends the first of its operation's requirements whose every scheme has credentials. \\code{options(${pkg.name}.auth_headers = function(request) ...)} adds headers to every try (\\code{request} has \\code{method}, \\code{url} and \\code{operation_id}). Credentials never appear in a condition.`,
    ],
    items: ir.securitySchemes.map((s) => {
      const how = howToPass(s);
      return { label: rdCodeSpan(s.name), text: rdText(`${how.value === '' ? '' : `${s.name} = ${how.value}; `}${how.env === '' ? '' : `else ${how.env}; `}sends ${how.sends}.`) };
    }),
  };
}
