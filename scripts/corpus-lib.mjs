/**
 * The pure parts of the corpus run (scripts/corpus.mjs), tested in
 * tests/corpus: counting operations in a raw spec, counting the functions a
 * generated package has, reading bdgen's warning summary, laying out tables.
 */
import { createHash } from 'node:crypto';

/** Every HTTP method OpenAPI 3.x allows on a path item. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The node at an internal JSON pointer (`#/components/pathItems/x`), or undefined. */
function atPointer(doc, pointer) {
  let node = doc;
  for (const raw of pointer.replace(/^#\/?/, '').split('/').filter((t) => t !== '')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = node[decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/**
 * Operations of the raw document: every method of every path item (a path
 * item that is an internal `$ref`, as 3.1's `components/pathItems`, is
 * followed). A `$ref` to another file cannot be counted from this document,
 * so it throws rather than count too few.
 */
export function countOperations(doc) {
  let count = 0;
  for (const [path, raw] of Object.entries(doc?.paths ?? {})) {
    let item = raw;
    for (let hops = 0; typeof item?.$ref === 'string' && hops < 32; hops++) {
      if (!item.$ref.startsWith('#')) throw new Error(`path ${path} is a $ref to another file (${item.$ref}); the corpus counts one-file specs`);
      item = atPointer(doc, item.$ref);
    }
    if (typeof item !== 'object' || item === null) continue;
    for (const method of HTTP_METHODS) if (typeof item[method] === 'object' && item[method] !== null) count++;
  }
  return count;
}

/**
 * `1,856 warning(s) (no-invalid-media-type-examples 1,800, struct 56)` or
 * `no warnings`, as bdgen's summary line says it, as numbers by rule.
 */
export function parseWarningSummary(text) {
  const match = /(?:^|[\s(;])(no warnings|([\d,]+) warning\(s\) \(([^()]*)\))/.exec(text);
  if (!match) throw new Error(`no warning summary in ${JSON.stringify(text.slice(0, 200))}`);
  if (match[1] === 'no warnings') return { total: 0, byRule: [] };
  const byRule = match[3].split(', ').map((part) => {
    const at = part.lastIndexOf(' ');
    return [part.slice(0, at), Number(part.slice(at + 1).replace(/,/g, ''))];
  });
  const total = Number(match[2].replace(/,/g, ''));
  if (byRule.reduce((n, [, k]) => n + k, 0) !== total) throw new Error(`the warnings by rule do not add up to ${total}: ${match[0]}`);
  return { total, byRule };
}

/** The methods of the classes of a TypeScript source (the client and its resource classes), constructors aside. */
export function countTsMethods(ts, fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  let count = 0;
  for (const statement of source.statements) {
    if (!ts.isClassDeclaration(statement)) continue;
    for (const member of statement.members) if (ts.isMethodDeclaration(member)) count++;
  }
  return count;
}

/** A plain-text table: a header, a rule, one line per row; numbers right-aligned. */
export function formatTable(columns, rows) {
  const cells = rows.map((row) => columns.map((c) => String(row[c.key] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i].length)));
  const line = (values) => values.map((v, i) => (columns[i].align === 'right' ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** Seconds with one decimal, from milliseconds. */
export const seconds = (ms) => (ms / 1000).toFixed(1);
