// The BigQuery Storage Read API's service definition, loaded from the protos the
// official client package ships (@google-cloud/bigquery-storage), so that the
// server speaks exactly the published wire format. Its google/api and
// google/rpc imports live in google-gax's protos, a dependency of that package.
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { loadPackageDefinition, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

const STORAGE_PROTO = 'google/cloud/bigquery/storage/v1/storage.proto';

/** `build/protos` of an installed package, beside the `build/src` its entry point is in. */
function protosOf(pkg: string, from: NodeRequire): string {
  let dir = dirname(from.resolve(pkg));
  while (basename(dir) !== 'build' && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'protos');
}

let loaded: ServiceDefinition | undefined;

/** `google.cloud.bigquery.storage.v1.BigQueryRead`, loaded once. */
export function bigQueryReadService(): ServiceDefinition {
  if (loaded) return loaded;
  const here = createRequire(import.meta.url);
  const storageProtos = protosOf('@google-cloud/bigquery-storage', here);
  const gaxProtos = protosOf('google-gax', createRequire(here.resolve('@google-cloud/bigquery-storage')));
  const definition = loadSync(STORAGE_PROTO, {
    includeDirs: [storageProtos, gaxProtos],
    // snake_case names as in the protos; int64 as strings (offsets and counts stay exact).
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = loadPackageDefinition(definition) as unknown as {
    google: { cloud: { bigquery: { storage: { v1: { BigQueryRead: { service: ServiceDefinition } } } } } };
  };
  loaded = pkg.google.cloud.bigquery.storage.v1.BigQueryRead.service;
  return loaded;
}
