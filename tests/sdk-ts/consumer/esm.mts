// A user's ESM program: it must type-check against the built package's index.d.ts.
import { BaseDosDados, NotFoundError, type Dataset, type DatasetPage, type PagePromise } from '@basedosdados/sdk';

const bd = new BaseDosDados({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 1000, retry: { maxAttempts: 1 } });
const pages: PagePromise<Dataset, DatasetPage> = bd.datasets.list({ q: 'populacao', pageSize: 5 });
export async function firstIds(): Promise<string[]> {
  const ids: string[] = [];
  for await (const dataset of pages) ids.push(dataset.id);
  return ids;
}
export function isMissing(error: unknown): boolean {
  return error instanceof NotFoundError && error.status === 404;
}
export const searchResult = bd.search({ q: 'pib' }).then((page) => page.body.aggregations.themes.map((t) => t.count));
