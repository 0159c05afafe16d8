/**
 * The pure parts of the corpus run (scripts/corpus.mjs), tested in
 * tests/corpus: counting operations in a raw spec, counting the functions a
 * generated package has, reading what `bdgen generate` said per language and
 * what R said, deciding each language's cell, laying out tables.
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

/** The languages the corpus generates, as `bdgen generate` names them, and what each package calls an operation's entry point. */
export const LANGUAGES = [
  { key: 'ts', name: 'TypeScript', unit: 'methods' },
  { key: 'python', name: 'Python', unit: 'functions' },
  { key: 'r', name: 'R', unit: 'functions' },
  { key: 'stata', name: 'Stata', unit: 'commands' },
];

/**
 * What `bdgen generate` reported: the languages it wrote (stdout
 * `<Name> -> <dir>: N files, ...`), each language it did not generate with its
 * errors (stderr `bdgen: <Name> not generated: N error(s)` then the errors),
 * and the warning summary of its last stdout line, when it wrote anything.
 */
export function parseGenerateOutput(stdout, stderr) {
  const written = [...stdout.matchAll(/^(\S[^\n]*?) -> [^\n]*: \d+ files, /gm)].map((m) => m[1]);
  const notGenerated = new Map();
  let open;
  for (const line of stderr.split('\n')) {
    const header = /^bdgen: (.+) not generated: \d+ error\(s\)$/.exec(line);
    if (header) {
      open = [line];
      notGenerated.set(header[1], open);
    } else if (/^(bdgen: |warning \[)/.test(line)) {
      open = undefined;
    } else if (open && line.trim() !== '') {
      open.push(line);
    }
  }
  const last = stdout.trim().split('\n').pop() ?? '';
  const summary = /^bdgen: .* file\(s\) written/.test(last) ? parseWarningSummary(last) : undefined;
  return { written, notGenerated: new Map([...notGenerated].map(([name, lines]) => [name, lines.join('\n')])), summary };
}

/**
 * Whether a package serves every operation of the spec: TypeScript, Python
 * and R one entry point each; Stata a command each but those it skipped, each
 * a bdgen/stata-skipped warning. A message when not, else undefined.
 */
export function coverageProblem(language, { count, operations, skipped = 0 }) {
  if (language === 'stata') {
    return count + skipped === operations ? undefined : `${count} commands and ${skipped} skipped, but ${operations} operations in the spec`;
  }
  const { unit } = LANGUAGES.find((l) => l.key === language);
  return count === operations ? undefined : `${count} ${unit} for ${operations} operations in the spec`;
}

/** A language's count in the table: `20`, or for Stata `7 +13 skipped`; empty when it was not counted. */
export function countCell(language, { count, skipped }) {
  if (count === undefined) return '';
  return language === 'stata' && skipped > 0 ? `${count} +${skipped} skipped` : String(count);
}

/**
 * What the corpus's R script printed for one package: a `parse<TAB>file: message`
 * line per file that does not parse, then `functions<TAB>N`, the operations
 * served by a function the package defines and exports.
 */
export function parseROutput(stdout) {
  const problems = [];
  let functions;
  for (const line of stdout.split('\n')) {
    const [kind, ...rest] = line.split('\t');
    if (kind === 'parse') problems.push(rest.join('\t'));
    else if (kind === 'functions') functions = Number(rest[0]);
  }
  return { problems, functions };
}

/**
 * The sections of an R CMD check log (00check.log) whose verdict is ERROR or
 * WARNING; NOTEs pass. The verdict ends the `* checking ... ` line, or a line
 * of its own when the check printed something first (`Running 'testthat.R'`).
 */
export function checkLogProblems(log) {
  return log.split(/\n(?=\* )/).map((s) => s.trim()).filter((s) => /(\.\.\. |^ ?)(ERROR|WARNING)$/m.test(s));
}

/** Per language over all rows: specs ok and failed, entry points and operations of the specs it counted. */
export function languageTotals(rows) {
  return LANGUAGES.map(({ key, name, unit }) => {
    const cells = rows.map((r) => ({ cell: r.languages?.[key], operations: r.operations }));
    const counted = cells.filter((c) => c.cell?.count !== undefined);
    return {
      key,
      name,
      unit,
      ok: cells.filter((c) => c.cell?.result === 'ok').length,
      failed: cells.filter((c) => c.cell?.result !== 'ok').length,
      count: counted.reduce((n, c) => n + c.cell.count, 0),
      skipped: counted.reduce((n, c) => n + (c.cell.skipped ?? 0), 0),
      operations: counted.reduce((n, c) => n + c.operations, 0),
    };
  });
}

/** Seconds with one decimal, from milliseconds. */
export const seconds = (ms) => (ms / 1000).toFixed(1);
