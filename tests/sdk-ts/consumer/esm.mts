// A user's ESM program: it must type-check against the built package's index.d.ts.
import { BaseDosDados, NotFoundError, type Dataset, type DatasetPage, type PagePromise } from '@basedosdados/sdk';

const bd = new BaseDosDados({ environment: 'staging', timeoutMs: 1000, retry: { maxAttempts: 1 } });
const pages: PagePromise<Dataset, DatasetPage> = bd.datasets.list({ q: 'populacao', pageSize: 5, locale: 'en' });
export async function firstIds(): Promise<(string | null)[]> {
  const ids: (string | null)[] = [];
  for await (const dataset of pages) ids.push(dataset.dataset_id);
  return ids;
}
export function isMissing(error: unknown): boolean {
  return error instanceof NotFoundError && error.kind === 'not_found';
}
export const searchResult = bd.search({ q: 'pib', theme: ['economia'] }).then((page) => page.body.aggregations.themes?.map((t) => t.count));
export const catalogue: Promise<string> = bd.datasets.exportCatalog({ locale: 'es' });
