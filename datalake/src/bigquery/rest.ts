// Conventions shared by the BigQuery routes (routes.ts, resources.ts): where
// they are served, and the etag every resource carries.

export const BIGQUERY_PREFIX = '/bigquery/v2';

/** Whether a path belongs to the BigQuery face. */
export function isBigQueryPath(path: string): boolean {
  return path === BIGQUERY_PREFIX || path.startsWith(`${BIGQUERY_PREFIX}/`) || path.startsWith('/projects/') || path === '/projects';
}

export const etag = (): string => Buffer.from(String(Date.now())).toString('base64');
