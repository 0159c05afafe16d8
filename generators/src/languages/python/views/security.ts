/** Authentication: the spec's security schemes as the runtime's records (`_spec.py`) and as the README tells users to pass them. */
import type { IRSecurityRequirement, IRSecurityScheme } from '../../../ir/types.js';
import type { Context } from '../context.js';
import { pyCall, pyString, pyTuple, pyTupleBlock } from '../doc.js';

type Arg = [string, (indent: string) => string];

function schemeSpec(s: IRSecurityScheme, indent: string): string {
  const optional = (key: string, value: string | undefined): Arg[] => (value === undefined ? [] : [[key, () => pyString(value)]]);
  return pyCall('SecuritySchemeSpec', [
    ['name', () => pyString(s.name)],
    ['kind', () => pyString(s.kind)],
    ...optional('location', s.in),
    ...optional('param_name', s.paramName),
    ...optional('token_url', s.tokenUrl),
    ...(s.scopes && s.scopes.length > 0 ? [['scopes', () => pyTuple(s.scopes!.map(pyString))] as Arg] : []),
    ...optional('env_token', s.env.token),
    ...optional('env_username', s.env.username),
    ...optional('env_password', s.env.password),
    ...optional('env_client_id', s.env.clientId),
    ...optional('env_client_secret', s.env.clientSecret),
  ], indent);
}

/** `SECURITY_SCHEMES = (...)` of `_spec.py`, or '' for a spec without any (ours: its output does not change). */
export function securitySchemesBlock(ctx: Context): string {
  const schemes = ctx.ir.securitySchemes;
  return schemes.length === 0 ? '' : pyTupleBlock(schemes.map((s) => (indent: string) => schemeSpec(s, indent)));
}

/** An operation's `security=` value: its requirements in order, each a tuple of `SchemeUse`. */
export function requirementsValue(security: readonly IRSecurityRequirement[], indent: string): string {
  return pyTupleBlock(security.map((requirement) => (i: string) => pyTupleBlock(requirement.map((use) => () => (
    use.scopes.length > 0 ? `SchemeUse(${pyString(use.scheme)}, ${pyTuple(use.scopes.map(pyString))})` : `SchemeUse(${pyString(use.scheme)})`
  )), i)), indent);
}

/** How to pass one scheme's credentials: its entry in `config.credentials` and its environment variables. */
function howToPass(ctx: Context, s: IRSecurityScheme): { config: string; env: string } {
  const key = pyString(s.name);
  const env = (...names: (string | undefined)[]) => names.filter((n): n is string => n !== undefined).map((n) => `\`${n}\``).join(', ');
  switch (s.kind) {
    case 'apiKey':
      return { config: `\`${key}: "<key>"\`, sent in the ${s.in} \`${s.paramName}\``, env: env(s.env.token) };
    case 'bearer':
      return { config: `\`${key}: "<token>"\`, sent as \`Authorization: Bearer <token>\``, env: env(s.env.token) };
    case 'basic':
      return { config: `\`${key}: ("<username>", "<password>")\` (or a dict of them), sent as HTTP basic`, env: env(s.env.username, s.env.password) };
    case 'oauth2':
      return s.tokenUrl
        ? { config: `\`${key}: {"client_id": "...", "client_secret": "...", "scopes": [...]}\`: tokens are fetched from \`${s.tokenUrl}\`, cached and refreshed; or an access token, \`${key}: "<token>"\``, env: env(s.env.clientId, s.env.clientSecret, s.env.token) }
        : { config: `\`${key}: "<access token>"\`, sent as a bearer token`, env: env(s.env.token) };
    default:
      return { config: `none: only \`${ctx.pkg.exampleAlias}.config.auth_headers\` can send it`, env: '' };
  }
}

/** The README's table of schemes, one row each. */
export function securityDocs(ctx: Context) {
  return ctx.ir.securitySchemes.map((s) => ({ name: s.name, description: s.description, ...howToPass(ctx, s) }));
}

/** `import <package> as <alias>`, or `import <package>` when examples use the import name itself. */
export const importStatement = (ctx: Context) => (ctx.pkg.exampleAlias === ctx.pkg.importName ? `import ${ctx.pkg.importName}` : `import ${ctx.pkg.importName} as ${ctx.pkg.exampleAlias}`);

const SAMPLE: Record<IRSecurityScheme['kind'], (s: IRSecurityScheme) => string> = {
  apiKey: () => '"my-key"',
  bearer: () => '"my-token"',
  basic: () => '("my-user", "my-password")',
  oauth2: (s) => (s.tokenUrl ? '{"client_id": "my-client", "client_secret": "my-secret"}' : '"my-access-token"'),
  other: () => '',
};

/** The README's example: every scheme the package can send, configured at once; the hook for the others. */
export function securityExample(ctx: Context): string {
  const alias = ctx.pkg.exampleAlias;
  const schemes = ctx.ir.securitySchemes;
  const sendable = schemes.filter((s) => s.kind !== 'other');
  const lines = [
    importStatement(ctx),
    '',
    ...(sendable.length > 0 ? [`${alias}.config.credentials = {`, ...sendable.map((s) => `    ${pyString(s.name)}: ${SAMPLE[s.kind](s)},`), '}'] : []),
    ...(schemes.some((s) => s.kind === 'other') ? [`${alias}.config.auth_headers = lambda request: {"Authorization": sign(request.method, request.url)}`] : []),
  ];
  return ['```python', ...lines, '```'].join('\n');
}
