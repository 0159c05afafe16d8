// A user's CommonJS program: it must type-check against the built package's index.d.cts.
import sdk = require('@basedosdados/sdk');

const bd = new sdk.BaseDosDados({ baseUrl: 'http://127.0.0.1:1' });
export const table: Promise<sdk.Table> = bd.tables.get('br_ibge_populacao', 'municipio', { locale: 'pt' });
export const columns: Promise<sdk.ColumnDetail[]> = table.then((t) => bd.tables.columnsByUuid(t.uuid));
export const kinds: sdk.ErrorKind[] = ['not_found', 'validation'];
