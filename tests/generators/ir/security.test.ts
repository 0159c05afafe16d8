/**
 * The IR's authentication and brand (generators/src/ir/security.ts): given a
 * spec's securitySchemes, security requirements and title, what every runtime
 * is told to send and which names packages carry.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIR, buildIRFromDocument } from '../../../generators/src/ir/build-ir.js';
import { brandOf } from '../../../generators/src/ir/security.js';
import { titleWords } from '../../../generators/src/ir/extensions.js';
import type { IRType } from '../../../generators/src/ir/types.js';
import { loadSpec } from '../../../generators/src/load/load-spec.js';

const op = (extra: Record<string, unknown> = {}) => ({ responses: { '200': { description: 'ok' } }, ...extra });

function spec(securitySchemes: Record<string, unknown>, paths: Record<string, unknown>, security?: unknown) {
  return {
    openapi: '3.1.0',
    info: { title: 'Swagger Petstore - OpenAPI 3.0', version: '1.0.0' },
    ...(security === undefined ? {} : { security }),
    paths,
    components: { securitySchemes },
  };
}

describe('brand', () => {
  it.each([
    // given title, declared brand -> want name, words, short, envPrefix
    ['Swagger Petstore - OpenAPI 3.0', undefined, { name: 'Swagger Petstore - OpenAPI 3.0', words: ['swagger', 'petstore'], short: 'swagger_petstore', envPrefix: 'SWAGGER_PETSTORE' }],
    ['Base dos Dados datalake', { name: 'Base dos Dados', short: 'bd', env_prefix: 'BASEDOSDADOS' }, { name: 'Base dos Dados', words: ['base', 'dos', 'dados'], short: 'bd', envPrefix: 'BASEDOSDADOS' }],
    ['GitHub v3 REST API', undefined, { name: 'GitHub v3 REST API', words: ['git', 'hub', 'v3'], short: 'git_hub_v3', envPrefix: 'GIT_HUB_V3' }],
    ['3D Printing API', undefined, { name: '3D Printing API', words: ['3', 'd', 'printing'], short: 'api_3_d_printing', envPrefix: 'API_3_D_PRINTING' }],
    ['', undefined, { name: 'API', words: ['api'], short: 'api', envPrefix: 'API' }],
  ])('%s with %j', (title, declared, want) => {
    expect(brandOf(declared, title, titleWords(title))).toEqual(want);
  });

  it('is our spec\'s declared brand, so our packages keep their names', async () => {
    const { ir } = await buildIR(await loadSpec(resolve('spec/datalake.yaml')));
    expect(ir.brand).toEqual({ name: 'Base dos Dados', words: ['base', 'dos', 'dados'], short: 'bd', envPrefix: 'BASEDOSDADOS' });
    expect(ir.securitySchemes).toEqual([]);
    expect(ir.operations.every((o) => o.security.length === 0)).toBe(true);
  });
});

describe('security schemes', () => {
  const schemes = {
    api_key: { type: 'apiKey', in: 'header', name: 'X-API-KEY' },
    key_q: { type: 'apiKey', in: 'query', name: 'apiKey' },
    basicAuth: { type: 'http', scheme: 'Basic' },
    jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://example.com/.well-known/openid-configuration' },
    machine: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/oauth/token', scopes: { 'read:pets': 'read', 'write:pets': 'write' } } } },
    browser: { type: 'oauth2', flows: { implicit: { authorizationUrl: 'https://example.com/auth', scopes: {} } } },
    digest: { type: 'http', scheme: 'digest' },
    mtls: { type: 'mutualTLS' },
  };

  it('says what each kind takes and from which environment variables', () => {
    const { ir, diagnostics } = buildIRFromDocument(spec(schemes, { '/pets': { get: op() } }));
    const got = ir.securitySchemes.map((s) => ({ name: s.name, kind: s.kind, in: s.in, paramName: s.paramName, tokenUrl: s.tokenUrl, scopes: s.scopes, env: s.env }));
    expect(got).toEqual([
      { name: 'api_key', kind: 'apiKey', in: 'header', paramName: 'X-API-KEY', tokenUrl: undefined, scopes: undefined, env: { token: 'SWAGGER_PETSTORE_API_KEY' } },
      { name: 'key_q', kind: 'apiKey', in: 'query', paramName: 'apiKey', tokenUrl: undefined, scopes: undefined, env: { token: 'SWAGGER_PETSTORE_KEY_Q' } },
      { name: 'basicAuth', kind: 'basic', in: undefined, paramName: undefined, tokenUrl: undefined, scopes: undefined, env: { username: 'SWAGGER_PETSTORE_BASIC_AUTH_USERNAME', password: 'SWAGGER_PETSTORE_BASIC_AUTH_PASSWORD' } },
      { name: 'jwt', kind: 'bearer', in: undefined, paramName: undefined, tokenUrl: undefined, scopes: undefined, env: { token: 'SWAGGER_PETSTORE_JWT' } },
      { name: 'oidc', kind: 'bearer', in: undefined, paramName: undefined, tokenUrl: undefined, scopes: undefined, env: { token: 'SWAGGER_PETSTORE_OIDC' } },
      { name: 'machine', kind: 'oauth2', in: undefined, paramName: undefined, tokenUrl: '/oauth/token', scopes: ['read:pets', 'write:pets'], env: { token: 'SWAGGER_PETSTORE_MACHINE', clientId: 'SWAGGER_PETSTORE_MACHINE_CLIENT_ID', clientSecret: 'SWAGGER_PETSTORE_MACHINE_CLIENT_SECRET' } },
      { name: 'browser', kind: 'oauth2', in: undefined, paramName: undefined, tokenUrl: undefined, scopes: undefined, env: { token: 'SWAGGER_PETSTORE_BROWSER' } },
      { name: 'digest', kind: 'other', in: undefined, paramName: undefined, tokenUrl: undefined, scopes: undefined, env: {} },
      { name: 'mtls', kind: 'other', in: undefined, paramName: undefined, tokenUrl: undefined, scopes: undefined, env: {} },
    ]);
    expect(diagnostics.filter((d) => d.rule === 'bdgen/security-hook-only').map((d) => d.pointer)).toEqual([
      '#/components/securitySchemes/digest', '#/components/securitySchemes/mtls',
    ]);
  });

  it('numbers a scheme whose variable another scheme already reads', () => {
    const { ir, diagnostics } = buildIRFromDocument(spec({ api_key: { type: 'apiKey', in: 'header', name: 'A' }, apiKey: { type: 'apiKey', in: 'query', name: 'b' } }, {}));
    expect(ir.securitySchemes.map((s) => s.env.token)).toEqual(['SWAGGER_PETSTORE_API_KEY', 'SWAGGER_PETSTORE_API_KEY_2']);
    expect(diagnostics.map((d) => d.rule)).toContain('bdgen/security-env-clash');
  });
});

describe('security requirements of each operation', () => {
  const schemes = { a: { type: 'apiKey', in: 'header', name: 'A' }, b: { type: 'http', scheme: 'bearer' }, o: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://auth.example/token', scopes: {} } } } };
  const paths = {
    '/global': { get: op() },
    '/own': { get: op({ security: [{ b: [] }, { a: [], o: ['read'] }] }) },
    '/open': { get: op({ security: [] }) },
    '/optional': { get: op({ security: [{}, { a: [] }] }) },
    '/unknown': { get: op({ security: [{ nope: [] }, { a: [] }] }) },
  };

  it.each([
    // given path -> want requirements
    ['/global', [[{ scheme: 'a', scopes: [] }]]],
    ['/own', [[{ scheme: 'b', scopes: [] }], [{ scheme: 'a', scopes: [] }, { scheme: 'o', scopes: ['read'] }]]],
    ['/open', []],
    ['/optional', [[], [{ scheme: 'a', scopes: [] }]]],
    ['/unknown', [[{ scheme: 'a', scopes: [] }]]],
  ])('%s', (path, want) => {
    const { ir } = buildIRFromDocument(spec(schemes, paths, [{ a: [] }]));
    expect(ir.operations.find((o) => o.path === path)!.security).toEqual(want);
  });

  it('warns about a requirement naming an undeclared scheme, at its pointer', () => {
    const { diagnostics } = buildIRFromDocument(spec(schemes, paths, [{ a: [] }]));
    expect(diagnostics.filter((d) => d.rule === 'bdgen/security-unknown-scheme').map((d) => d.pointer)).toEqual(['#/paths/~1unknown/get/security/0']);
  });

  it('sends nothing without a global or own requirement', () => {
    const { ir } = buildIRFromDocument(spec(schemes, { '/x': { get: op() } }));
    expect(ir.operations[0]!.security).toEqual([]);
  });
});

describe('allOf with a null member', () => {
  it('is the nullable form of the other member, not a contradiction', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1.0.0' },
      paths: {},
      components: { schemas: { Owner: { type: 'object', properties: { name: { type: 'string' } } }, Pet: { type: 'object', properties: { owner: { allOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'null' }] } } } } },
    };
    const { ir, diagnostics } = buildIRFromDocument(doc);
    const pet = ir.schemas.find((s) => s.name === 'Pet')!.type as Extract<IRType, { kind: 'object' }>;
    expect(pet.properties[0]!.type).toEqual({ kind: 'union', variants: [{ kind: 'ref', name: 'Owner', words: ['owner'] }, { kind: 'null' }] });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
