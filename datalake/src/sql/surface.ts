// What a translated query reaches, read from DuckDB's own parse of it (the JSON
// of json_serialize_sql), not from the text: every table it names, every
// function and table function it calls, every kind of FROM item it uses. The
// planner allows these by list (bigquery/surface.ts), so nothing the
// translator's token scan missed (a string given to query(), a view named in
// an odd place, SUMMARIZE in a subquery) reaches the engine unseen.

/** One thing the statement uses; `offset` is into the translated SQL, when DuckDB knows it. */
export type SurfaceUse =
  | { kind: 'table'; catalog: string; schema: string; table: string; offset?: number }
  | { kind: 'function'; name: string; qualifier: string; operator: boolean; offset?: number }
  | { kind: 'tableFunction'; name: string; qualifier: string; offset?: number }
  /** A FROM item other than a table, a table function, a join or a subquery (SUMMARIZE, VALUES, ...). */
  | { kind: 'fromItem'; type: string; offset?: number };

export type Surface =
  | { parsed: true; uses: SurfaceUse[]; withNames: Set<string> }
  /** DuckDB could not describe the statement: a syntax error, several statements, not a SELECT, or else. */
  | { parsed: false; reason: 'syntax' | 'statements' | 'notSelect' | 'unreadable' };

/** FROM items that only combine or nest others. */
const STRUCTURAL_ITEMS = new Set(['JOIN', 'SUBQUERY', 'EMPTY', 'PIVOT']);

type JsonNode = { [key: string]: unknown };
const isNode = (v: unknown): v is JsonNode => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
/** DuckDB writes an unknown location as 2^64 - 1 (a double once parsed). */
const location = (v: unknown): number | undefined => (typeof v === 'number' && v >= 0 && v < 2 ** 53 ? v : undefined);
const qualifier = (n: JsonNode): string => [text(n.catalog), text(n.schema)].filter((p) => p !== '').join('.');

/**
 * Reads the output of `json_serialize_sql(sql)`. The walk is iterative (the
 * tree is as deep as the client's query) and generic: whatever key holds a
 * node, a FROM item is known by its string `type` and `sample` key, an
 * expression by its `class`, a function by its `function_name`.
 */
export function readSurface(serialized: string): Surface {
  let root: unknown;
  try {
    root = JSON.parse(serialized);
  } catch {
    return { parsed: false, reason: 'unreadable' };
  }
  if (!isNode(root) || root.error !== false) {
    if (isNode(root) && root.error_type === 'parser') return { parsed: false, reason: 'syntax' };
    if (isNode(root) && text(root.error_message).startsWith('Only SELECT statements')) return { parsed: false, reason: 'notSelect' };
    return { parsed: false, reason: 'unreadable' };
  }
  const statements = root.statements;
  if (!Array.isArray(statements) || statements.length !== 1) return { parsed: false, reason: 'statements' };

  const uses: SurfaceUse[] = [];
  const withNames = new Set<string>();
  /** Function nodes called as table functions, so they are not counted again as scalars. */
  const tableCalls = new Set<unknown>();
  const stack: unknown[] = [statements[0]];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const child of node) stack.push(child);
      continue;
    }
    if (!isNode(node)) continue;
    const type = text(node.type);
    if (node.class === undefined && type !== '' && 'sample' in node && !type.endsWith('_NODE')) {
      const offset = location(node.query_location);
      if (type === 'BASE_TABLE') {
        uses.push({ kind: 'table', catalog: text(node.catalog_name), schema: text(node.schema_name), table: text(node.table_name), offset });
      } else if (type === 'TABLE_FUNCTION') {
        const call = isNode(node.function) ? node.function : {};
        tableCalls.add(call);
        uses.push({ kind: 'tableFunction', name: text(call.function_name), qualifier: qualifier(call), offset: location(call.query_location) ?? offset });
      } else if (!STRUCTURAL_ITEMS.has(type)) uses.push({ kind: 'fromItem', type, offset });
    }
    if (typeof node.function_name === 'string' && !tableCalls.has(node)) {
      uses.push({ kind: 'function', name: node.function_name, qualifier: qualifier(node), operator: node.is_operator === true, offset: location(node.query_location) });
    }
    const ctes = isNode(node.cte_map) ? node.cte_map.map : undefined;
    if (Array.isArray(ctes)) for (const entry of ctes) if (isNode(entry)) withNames.add(text(entry.key).toLowerCase());
    for (const value of Object.values(node)) if (typeof value === 'object' && value !== null) stack.push(value);
  }
  return { parsed: true, uses, withNames };
}
