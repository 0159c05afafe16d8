/**
 * A client generated from another API's spec goes by that spec's name
 * (docs/architecture.md, "The brand"): its environment variables take the
 * brand's prefix (read by the runtime from the generated spec), its errors'
 * base class is named after it, and nothing of Base dos Dados, billing or
 * BigQuery is in its generated code or README. Our own spec keeps its names
 * (tests/golden/datalake).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiUrlVariable, environmentVariable, resolveBaseUrl } from '../../sdk-ts/src/core/index.js';
import { generatedClient } from './auth/generated-client.js';
import { rejection, sendJson, serversClosedAfterEach } from './core/helpers/server.js';

const serve = serversClosedAfterEach();
const fixture = generatedClient('ts-brand');
afterEach(() => vi.unstubAllEnvs());

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((entry) => (statSync(join(dir, entry)).isDirectory() ? filesUnder(join(dir, entry)) : [join(dir, entry)]));

describe('the brand of a client generated from another spec (Auth Fixture API)', () => {
  it('reads <PREFIX>_API_URL, not BASEDOSDADOS_API_URL, and says its own name in User-Agent', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { ok: true }));
    vi.stubEnv('BASEDOSDADOS_API_URL', 'http://127.0.0.1:9/not-this-one');
    vi.stubEnv('AUTH_FIXTURE_API_URL', server.url);
    await fixture.create({}).open();
    expect(server.requests.map((r) => r.path)).toEqual(['/open']);
    expect(server.requests[0]!.headers['user-agent']).toMatch(/^auth-fixture-sdk-ts \(node /);
  });

  it('its errors are instances of <Brand>Error, exported by the package; the runtime name is not', async () => {
    const server = await serve((_req, res) => sendJson(res, 404, { title: 'Not found' }));
    const error = await rejection(fixture.create({ baseUrl: server.url }).open());
    const base = fixture.module.AuthFixtureError as new () => Error;
    expect(base).toBeTypeOf('function');
    expect(error).toBeInstanceOf(base);
    expect(error).toBeInstanceOf(fixture.module.NotFoundError as new () => Error);
    expect(fixture.module).not.toHaveProperty('BaseDosDadosError');
  });

  it('no generated file nor the README says Base dos Dados, BASEDOSDADOS, billing, BigQuery or bd.', () => {
    const pkg = join(fixture.dir, 'ts');
    const files = [...filesUnder(join(pkg, 'src/generated')), join(pkg, 'README.md'), join(pkg, 'src/index.ts')];
    const said = files.flatMap((file) => {
      // x-bd-* names the spec's extensions; the runtime's base class is imported under the brand's name.
      const text = readFileSync(file, 'utf8').replace(/x-bd-[a-z-]+/g, '').replace('BaseDosDadosError as AuthFixtureError', '');
      return [...text.matchAll(/Base ?dos ?Dados|BASEDOSDADOS|billing|BigQuery|\bbd\./gi)].map((m) => `${file}: ${m[0]}`);
    });
    expect(said).toEqual([]);
    expect(readFileSync(join(pkg, 'src/generated/client.ts'), 'utf8')).toContain('const authFixture = new AuthFixtureClient();');
  });
});

describe('the runtime takes the prefix from the generated spec', () => {
  it('reads <PREFIX>_API_URL and <PREFIX>_ENVIRONMENT, and no variable without a prefix', () => {
    const envs = [{ name: 'prod', isDefault: true, apiUrl: 'http://prod.example' }, { name: 'dev', isDefault: false, apiUrl: 'http://dev.example' }];
    const env = { SWAGGER_PETSTORE_ENVIRONMENT: 'dev', BASEDOSDADOS_API_URL: 'http://bd.example' };
    expect([apiUrlVariable('SWAGGER_PETSTORE'), environmentVariable('SWAGGER_PETSTORE')]).toEqual(['SWAGGER_PETSTORE_API_URL', 'SWAGGER_PETSTORE_ENVIRONMENT']);
    expect(resolveBaseUrl({}, envs, 'http://first', { errors: [], envPrefix: 'SWAGGER_PETSTORE' }, env)).toBe('http://dev.example');
    expect(resolveBaseUrl({}, envs, 'http://first', { errors: [], envPrefix: 'SWAGGER_PETSTORE' }, { ...env, SWAGGER_PETSTORE_API_URL: 'http://pet.example' })).toBe('http://pet.example');
    expect(resolveBaseUrl({}, envs, 'http://first', { errors: [], envPrefix: 'BASEDOSDADOS' }, env)).toBe('http://bd.example');
    expect(resolveBaseUrl({}, envs, 'http://first', { errors: [] }, env)).toBe('http://prod.example');
  });
});
