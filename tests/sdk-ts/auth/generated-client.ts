/**
 * The client generated from tests/specs/fixtures/issue18/ts-auth.yaml (one
 * operation per kind of security scheme), generated once per test file into
 * a folder of the repository and imported as the tests' client.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { runCli } from '../../generators/helpers.js';

export const AUTH_SPEC = 'tests/specs/fixtures/issue18/ts-auth.yaml';

type Call = () => Promise<unknown>;
/** What the tests call: the generated client's methods (it is imported at run time, so typed here). */
export interface AuthFixtureClient {
  byDefault: Call;
  withHeaderKey: Call;
  withQueryKey: (params?: { q?: string }) => Promise<unknown>;
  withCookieKey: Call;
  withBasic: Call;
  withBearer: Call;
  withOauth: Call;
  withSigned: Call;
  open: Call;
  either: Call;
}
export type ClientFactory = (options: Record<string, unknown>) => AuthFixtureClient;

/** Generates the fixture's TS package in `<name>` for the file's tests; the factory is ready in their bodies. */
export function generatedClient(name: string): { readonly create: ClientFactory; readonly dir: string; readonly module: Record<string, unknown> } {
  const dir = resolve(`.bdgen-tmp-${name}`);
  const handle = { create: (() => { throw new Error('not generated yet'); }) as ClientFactory, dir, module: {} as Record<string, unknown> };
  beforeAll(async () => {
    const run = await runCli('generate', '--spec', AUTH_SPEC, '--lang', 'ts', '--out', dir);
    expect(run.code, run.stderr).toBe(0);
    // The package's entry point: what its users import.
    const module = (await import(join(dir, 'ts/src/index.ts'))) as Record<string, unknown> & { AuthFixtureClient: new (options: Record<string, unknown>) => AuthFixtureClient };
    handle.create = (options) => new module.AuthFixtureClient(options);
    handle.module = module;
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return handle;
}
