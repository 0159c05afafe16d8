// `bdgen serve`: start the datalake, say where it is, stop cleanly on a signal.
import { startDatalake, type Datalake, type DatalakeOptions } from './server.js';

export interface ServeOptions extends DatalakeOptions {
  /** Where the banner and request lines go (default: stdout). */
  out?: (line: string) => void;
  /** Log one line per request (default false). */
  verbose?: boolean;
  /** Close on SIGINT/SIGTERM (default true). */
  handleSignals?: boolean;
}

/** The lines printed when the datalake starts: URL and how to point clients at it. */
export function serveBanner(datalake: Datalake): string[] {
  return [
    `Local Base dos Dados datalake listening on ${datalake.url}`,
    `  catalogue:      a replica of the Base dos Dados backend (backend.basedosdados.org)`,
    `    GraphQL:      ${datalake.url}/graphql, ${datalake.url}/api/v1/graphql`,
    `    REST views:   ${datalake.url}/search/, /facet_values/, /tables/<uuid>/columns/, /tables/stats/, /export/catalog/`,
    `  BigQuery REST:  ${datalake.bigqueryUrl}`,
    `  BigQuery Storage Read API (gRPC, insecure): ${datalake.storageEndpoint}   BASEDOSDADOS_BIGQUERY_STORAGE_ENDPOINT=${datalake.storageEndpoint}`,
    `  the SDKs:       BASEDOSDADOS_API_URL=${datalake.url} BASEDOSDADOS_BIGQUERY_ENDPOINT=${datalake.url}`,
    `  Node client:    apiEndpoint=${datalake.url}, or BIGQUERY_EMULATOR_HOST=${datalake.bigqueryUrl} (used verbatim)`,
    `  Python client:  client_options={"api_endpoint": "${datalake.url}"} with AnonymousCredentials(), or BIGQUERY_EMULATOR_HOST=${datalake.url} (it adds /bigquery/v2)`,
    `  faults & stats: ${datalake.url}/__datalake/faults, ${datalake.url}/__datalake/stats`,
    `  answers only:   Host ${datalake.allowedHosts.slice(0, 4).join(', ')}${datalake.allowedHosts.length > 4 ? ', ...' : ''}; no cross-origin requests; JSON bodies`,
    `  sample rows are made up (seed ${datalake.seed}); they are not official statistics.`,
  ];
}

export async function serveDatalake(options: ServeOptions = {}): Promise<Datalake> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const datalake = await startDatalake({ ...options, ...(options.verbose ? { log: out } : {}) });
  for (const line of serveBanner(datalake)) out(line);
  if (options.handleSignals ?? true) {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void datalake.close().then(() => out('datalake stopped'));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
  return datalake;
}
