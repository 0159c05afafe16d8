// <Model>Node(id:): graphene 3.2's Node.get_node_from_global_id. The backend
// writes ids as plain "DatasetNode:<uuid>" (PlainTextNode.to_global_id) but
// reads them with graphene's default, base64 decoding (by reading: PlainTextNode
// overrides from_global_id, which graphene 3.2 no longer calls), so this field
// takes base64("DatasetNode:<uuid>") and rejects the plain form it writes.
import type { Database, Row } from '../backend/database.js';
import { parsePythonUuid } from '../backend/ids.js';
import type { ModelName } from '../backend/models.js';
import { pythonRepr } from '../backend/python-json.js';
import { unbase64 } from './connection.js';

export function nodeById(db: Database, model: ModelName, globalId: string, schemaHasType: (name: string) => boolean): Row | null {
  const decoded = unbase64(globalId);
  const colon = decoded.indexOf(':');
  const type = colon < 0 ? '' : decoded.slice(0, colon);
  const id = colon < 0 ? decoded : decoded.slice(colon + 1);
  if (type === '') {
    throw new Error(
      `Unable to parse global ID "${globalId}". Make sure it is a base64 encoded string in the format: "TypeName:id". Exception message: Invalid Global ID`,
    );
  }
  if (!schemaHasType(type)) throw new Error(`Relay Node "${type}" not found in schema`);
  if (type !== `${model}Node`) throw new Error(`Must receive a ${model}Node id.`);
  const uuid = parsePythonUuid(id);
  // queryset.get(pk=...) with a text that is no UUID: Django's ValidationError.
  if (!uuid) throw new Error(`[${pythonRepr(`“${id}” is not a valid UUID.`)}]`);
  const row = db.get(uuid);
  return row && db.rows(model).includes(row) ? row : null;
}
