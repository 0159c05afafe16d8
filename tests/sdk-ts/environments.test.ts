/**
 * Where the catalogue is (docs/architecture.md): the baseUrl option, else
 * BASEDOSDADOS_API_URL, else the api_url of the environment in use (option,
 * else BASEDOSDADOS_ENVIRONMENT, else prod), else the spec's first server.
 * The backends are never called: an undici MockAgent answers for them and
 * refuses any real connection. The environment also picks the BigQuery
 * project, checked against the local datalake.
 */
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { MockAgent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { resolveBaseUrl, type EnvironmentSpec } from '../../sdk-ts/src/core/index.js';
import { API_SPEC, BaseDosDados, DEFAULT_BASE_URL, ENVIRONMENTS, NotFoundError, ValidationError } from '../../sdk-ts/src/index.js';

const PROD = 'https://backend.basedosdados.org';
const STAGING = 'https://staging.backend.basedosdados.org';
const DEV = 'https://development.backend.basedosdados.org';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('resolveBaseUrl', () => {
  const envs = ENVIRONMENTS;
  it.each([
    { name: 'nothing set: the default environment (prod)', options: {}, env: {}, want: PROD },
    { name: 'the environment option', options: { environment: 'staging' }, env: {}, want: STAGING },
    { name: 'BASEDOSDADOS_ENVIRONMENT', options: {}, env: { BASEDOSDADOS_ENVIRONMENT: 'dev' }, want: DEV },
    { name: 'the option over the variable', options: { environment: 'prod' }, env: { BASEDOSDADOS_ENVIRONMENT: 'dev' }, want: PROD },
    { name: 'BASEDOSDADOS_API_URL over any environment', options: { environment: 'staging' }, env: { BASEDOSDADOS_API_URL: 'http://127.0.0.1:8787' }, want: 'http://127.0.0.1:8787' },
    { name: 'the baseUrl option over everything', options: { baseUrl: 'http://127.0.0.1:1/x', environment: 'dev' }, env: { BASEDOSDADOS_API_URL: 'http://127.0.0.1:2' }, want: 'http://127.0.0.1:1/x' },
    { name: 'empty variables count as unset', options: {}, env: { BASEDOSDADOS_API_URL: '', BASEDOSDADOS_ENVIRONMENT: '' }, want: PROD },
  ])('$name', ({ options, env, want }) => {
    expect(resolveBaseUrl(options, envs, DEFAULT_BASE_URL, { errors: [], envPrefix: 'BASEDOSDADOS' }, env)).toBe(want);
  });

  it('falls back to the first server when the environment names no catalogue, or there is none', () => {
    const bare: EnvironmentSpec[] = [{ name: 'only', isDefault: true, apiUrl: null }];
    expect(resolveBaseUrl({}, bare, 'http://first.example', { errors: [], envPrefix: 'BASEDOSDADOS' }, {})).toBe('http://first.example');
    expect(resolveBaseUrl({}, [], 'http://first.example', { errors: [], envPrefix: 'BASEDOSDADOS' }, {})).toBe('http://first.example');
  });

  it.each([
    { name: 'the option', options: { environment: 'production' }, env: {}, where: /^environment must be one of "prod", "staging", "dev", got "production"$/ },
    { name: 'the variable', options: {}, env: { BASEDOSDADOS_ENVIRONMENT: 'homolog' }, where: /^BASEDOSDADOS_ENVIRONMENT must be one of .*got "homolog"$/ },
    { name: 'the variable, even when a URL wins', options: { baseUrl: 'http://127.0.0.1:1' }, env: { BASEDOSDADOS_ENVIRONMENT: 'homolog' }, where: /BASEDOSDADOS_ENVIRONMENT/ },
  ])('refuses an environment the spec does not have, from $name, with a ValidationError', ({ options, env, where }) => {
    let error: unknown;
    try {
      resolveBaseUrl(options, ENVIRONMENTS, DEFAULT_BASE_URL, API_SPEC, env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(where);
  });
});

describe('the client calls the backend of its environment', () => {
  const reached: string[] = [];
  let agent: MockAgent;
  beforeAll(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    for (const host of [PROD, STAGING, DEV]) {
      agent.get(host).intercept({ path: '/api/v1/graphql', method: 'POST' }).reply(() => {
        reached.push(host);
        return { statusCode: 200, data: { data: { allTag: { totalCount: 0, edges: [] } } }, responseOptions: { headers: { 'content-type': 'application/json' } } };
      }).persist();
    }
  });
  afterAll(() => agent.close());

  /** The host one call of this client reached. */
  async function hostCalled(options: ConstructorParameters<typeof BaseDosDados>[0]): Promise<string | undefined> {
    reached.length = 0;
    await new BaseDosDados({ ...options, dispatcher: agent, retry: { maxAttempts: 1 } }).tags.list();
    return reached.length === 1 ? reached[0] : `${reached.length} calls`;
  }

  it('prod by default, the environment option, and BASEDOSDADOS_ENVIRONMENT', async () => {
    vi.stubEnv('BASEDOSDADOS_API_URL', '');
    expect(await hostCalled({})).toBe(PROD);
    expect(await hostCalled({ environment: 'staging' })).toBe(STAGING);
    vi.stubEnv('BASEDOSDADOS_ENVIRONMENT', 'dev');
    expect(await hostCalled({})).toBe(DEV);
    expect(await hostCalled({ environment: 'prod' })).toBe(PROD);
  });

  it('refuses a bad environment when the client is made, before any request', () => {
    vi.stubEnv('BASEDOSDADOS_ENVIRONMENT', 'producao');
    expect(() => new BaseDosDados()).toThrow(ValidationError);
    expect(() => new BaseDosDados({ environment: 'nope' as 'prod' })).toThrow(/environment must be one of/);
  });
});

describe('the environment picks the BigQuery project too', () => {
  let datalake: Datalake;
  beforeAll(async () => {
    datalake = await startDatalake({ port: 0 });
  });
  afterAll(async () => {
    await datalake?.close();
  });

  const client = (options: ConstructorParameters<typeof BaseDosDados>[0] = {}) =>
    new BaseDosDados({ baseUrl: datalake.url, bigqueryEndpoint: datalake.url, billingProjectId: 'projeto-de-teste', retry: { maxAttempts: 1 }, ...options });

  // The local datalake holds its synthetic tables in the prod project only: read from dev, they are not found.
  const read = (bd: BaseDosDados, options = {}) => bd.readTable('br_bd_sintetico', 'linhas_3', { limit: 1, ...options });
  it('BASEDOSDADOS_ENVIRONMENT=dev reads basedosdados-dev; the client\'s and the call\'s option win over it', async () => {
    await expect(read(client())).resolves.toHaveLength(1);
    vi.stubEnv('BASEDOSDADOS_ENVIRONMENT', 'dev');
    await expect(read(client())).rejects.toBeInstanceOf(NotFoundError);
    await expect(read(client({ environment: 'prod' }))).resolves.toHaveLength(1);
    await expect(read(client(), { environment: 'prod' })).resolves.toHaveLength(1);
  });
});
