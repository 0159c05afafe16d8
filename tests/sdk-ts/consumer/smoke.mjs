// Loads the built package both ways a user can, and checks they expose the same API.
import { createRequire } from 'node:module';
import * as esm from '@basedosdados/sdk';

const cjs = createRequire(import.meta.url)('@basedosdados/sdk');
const report = {
  esmKeys: Object.keys(esm).sort(),
  cjsKeys: Object.keys(cjs).sort(),
  esmClient: typeof new esm.BaseDosDados({ baseUrl: 'http://127.0.0.1:1' }).datasets.list,
  cjsClient: typeof new cjs.BaseDosDados({ baseUrl: 'http://127.0.0.1:1' }).tables.get,
  version: esm.SPEC_VERSION,
};
process.stdout.write(JSON.stringify(report));
