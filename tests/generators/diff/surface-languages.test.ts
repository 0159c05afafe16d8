/**
 * Each language's API-surface listing (`surface` of its target, shipped as
 * `API.txt`): known functions with their signatures, every function the
 * generated code defines named in it, and the file each package ships equal to it.
 */
import { describe, expect, it } from 'vitest';
import { SURFACE_FILE } from '../../../generators/src/diff/surface.js';
import { compileSpec, emitAll } from '../../../generators/src/generate.js';
import { LANGUAGES, readyLanguages, type LanguageId } from '../../../generators/src/languages/index.js';
import { tempDir } from '../helpers.js';

const DATALAKE = 'spec/datalake.yaml';
const compiled = compileSpec(DATALAKE);

async function surfaceOf(language: LanguageId): Promise<string[]> {
  return LANGUAGES[language].surface!((await compiled).ir);
}

async function generated(language: LanguageId): Promise<Map<string, string>> {
  const { outputs } = await emitAll(await compiled, { languages: [language], outDir: tempDir('bdgen-surface-') });
  return new Map(outputs[0]!.plan.files.map((f) => [f.path, f.contents]));
}

describe('API-surface listing: known lines', () => {
  // given the datalake spec, want these lines, each exactly as users of the language write the call.
  const want: Record<LanguageId, string[]> = {
    ts: [
      'BaseDosDadosClient.datasets.list(params: ListDatasetsParams = {}, options?: RequestOptions): PagePromise<Dataset, DatasetPage>',
      'BaseDosDadosClient.tables.get(datasetId: Id, tableId: Id, params: GetTableParams = {}, options?: RequestOptions): Promise<Table>',
      'ListDatasetsParams.q?: string',
      'BaseDosDadosClientOptions.environment?: EnvironmentName',
      "class NotFoundError extends BaseDosDadosError: kind = 'not_found'",
      'export NotFoundError',
    ],
    python: [
      'metadata.list_datasets(q: str | None = None, page: int = 1, page_size: int = 10, locale: Locale = "pt", *, base_url: str | None = None, timeout: float | None = None, query: str | None = None, limit: int | None = None, with_description: object = None, verbose: object = None) -> Page[Dataset, DatasetPage]',
      'metadata.get_dataset(dataset_id: Id, locale: Locale = "pt", *, base_url: str | None = None, timeout: float | None = None) -> Dataset',
      'exceptions.BaseDosDadosNotFoundException(BaseDosDadosException): kind = "not_found"',
      'models.Dataset(TypedDict)',
      'basedosdados_sdk.config',
    ],
    r: [
      'export get_dataset(dataset_id, locale = "pt", base_url = NULL, timeout = NULL)',
      'export read_sql(query, billing_project_id = NULL, environment = NULL, page_size = 10000, timeout = NULL)',
      'option basedosdadosSDK.api_url',
      'condition bd_not_found',
    ],
    stata: [
      'bd_get_dataset',
      'bd_get_dataset, required DATaset_id(string asis)',
      'bd_estimate_query returns r(cost_usd)',
      'bd_download, option PAGe_size(integer 10000)',
    ],
  };
  it.each(readyLanguages())('%s lists its known functions with their signatures', async (language) => {
    const lines = await surfaceOf(language);
    for (const line of want[language]) expect(lines).toContain(line);
  });

  it.each(readyLanguages())('%s: sorted, one line each, no spec prose', async (language) => {
    const lines = await surfaceOf(language);
    expect(lines).toEqual([...new Set(lines)].sort());
    for (const line of lines) expect(line).not.toMatch(/\n/);
    // A description of the spec (the search's) is nowhere in the listing.
    const described = (await compiled).ir.operations.find((op) => op.description.length > 40)!;
    expect(lines.join('\n')).not.toContain(described.description.slice(0, 40));
  });
});

describe('API-surface listing: every generated function is named', () => {
  /** The public functions each package defines, read from the generated code itself. */
  const definedIn: Record<LanguageId, (files: Map<string, string>) => string[]> = {
    ts: (files) => [...files.get('src/generated/client.ts')!.matchAll(/^ {2}(\w+)\(.*\): (?:Promise|PagePromise)<.*\{$/gm)].map((m) => `.${m[1]}(`),
    python: (files) => [...files].filter(([path]) => /^src\/\w+\/(metadata|data|aliases)\.py$/.test(path))
      .flatMap(([path, text]) => [...text.matchAll(/^def (\w+)\(/gm)].map((m) => `${path.match(/(\w+)\.py$/)![1]}.${m[1]}(`)),
    r: (files) => [...files.get('NAMESPACE')!.matchAll(/^export\("?([^")]+)"?\)$/gm)].map((m) => `export ${m[1]}`),
    stata: (files) => [...files.keys()].filter((p) => p.endsWith('.ado') && !p.startsWith('_')).map((p) => p.replace(/\.ado$/, '')),
  };

  it.each(readyLanguages())('%s: the listing names every function of the generated package', async (language) => {
    const files = await generated(language);
    const lines = await surfaceOf(language);
    const defined = definedIn[language](files);
    expect(defined.length).toBeGreaterThan(10);
    for (const name of defined) expect(lines.some((l) => l.includes(name) || l === name), name).toBe(true);
    if (language === 'ts') {
      // One method per operation, and the listing has one method line per method.
      const operations = (await compiled).ir.operations.length;
      expect(defined.length).toBe(operations);
      expect(lines.filter((l) => /^\w+(\.\w+)*\(.*\): (Promise|PagePromise)</.test(l))).toHaveLength(operations);
    }
  });

  it.each(readyLanguages())('%s ships the listing as API.txt at its root', async (language) => {
    const files = await generated(language);
    expect(files.get(SURFACE_FILE)).toBe(`${(await surfaceOf(language)).join('\n')}\n`);
  });
});
