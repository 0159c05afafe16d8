/**
 * The parts of the API surface a hand-written runtime defines (Python's
 * `config` settings, R's options, the TypeScript client's runtime options) are
 * listed from typed tables; these tests hold the tables to the runtime files,
 * so a setting added or changed there cannot be missing from API.txt.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../../generators/src/generate.js';
import { CONFIG_SETTINGS } from '../../../generators/src/languages/python/runtime-contract.js';
import { pythonSurface } from '../../../generators/src/languages/python/surface.js';
import { R_OPTIONS } from '../../../generators/src/languages/r/runtime-contract.js';
import { rSurface } from '../../../generators/src/languages/r/surface.js';
import { HTTP_CLIENT_OPTIONS, typescriptSurface } from '../../../generators/src/languages/ts/surface.js';

describe('runtime settings in the API surface', () => {
  it("Python: CONFIG_SETTINGS are exactly Config's fields in runtime/core/config.py, and the listing has them", async () => {
    const source = readFileSync('generators/src/languages/python/runtime/core/config.py', 'utf8');
    const body = source.slice(source.indexOf('class Config:'));
    const fields = [...body.slice(body.indexOf('"""\n\n') + 4).matchAll(/^ {4}(\w+: .+)$/gm)].map((m) => m[1]!);
    expect(fields.slice(0, CONFIG_SETTINGS.length + 1)).toEqual(CONFIG_SETTINGS);
    const lines = pythonSurface((await compileSpec('spec/datalake.yaml')).ir);
    expect(lines).toContain('basedosdados_sdk.config.billing_project_id: str | None = None');
  });

  it('R: R_OPTIONS are the options the runtime reads with bd_option(), but its test clock', async () => {
    const dir = 'generators/src/languages/r/runtime/R';
    const read = new Set(readdirSync(dir).flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/bd_option\([\w$]+, "(\w+)"\)/g)].map((m) => m[1]!)));
    read.delete('clock');
    expect(R_OPTIONS.map((o) => o.name).sort()).toEqual([...read].sort());
    // The datalake spec has environments and data functions, no security schemes.
    const options = rSurface((await compileSpec('spec/datalake.yaml')).ir).filter((l) => l.startsWith('option '));
    expect(options).toEqual(['api_url', 'bigquery_endpoint', 'environment', 'headers', 'query_timeout', 'retry', 'timeout'].map((o) => `option basedosdadosSDK.${o}`));
  });

  it("TypeScript: HTTP_CLIENT_OPTIONS are exactly HttpClientOptions' fields in sdk-ts/src/core/http.ts", async () => {
    const source = readFileSync('sdk-ts/src/core/http.ts', 'utf8');
    const body = source.slice(source.indexOf('export interface HttpClientOptions {'));
    const fields = [...body.slice(0, body.indexOf('\n}')).matchAll(/^ {2}readonly (\w+)\??: (.+);$/gm)].map((m) => ({ name: m[1]!, type: m[2]! }));
    expect(fields).toEqual(HTTP_CLIENT_OPTIONS);
    const lines = typescriptSurface((await compileSpec('spec/datalake.yaml')).ir);
    expect(lines).toContain('BaseDosDadosClientOptions.timeoutMs?: number');
    expect(lines).toContain('BaseDosDadosClientOptions.credentials?: Credentials');
  });
});
