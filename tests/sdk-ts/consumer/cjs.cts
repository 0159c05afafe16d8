// A user's CommonJS program: it must type-check against the built package's index.d.cts.
import sdk = require('@basedosdados/sdk');

const bd = new sdk.BaseDosDados({ baseUrl: 'http://127.0.0.1:1' });
export const table: Promise<sdk.Table> = bd.tables.get('br_ibge_populacao', 'municipio');
export const kinds: sdk.ErrorKind[] = ['not_found', 'validation'];
