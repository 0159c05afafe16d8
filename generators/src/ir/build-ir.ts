/**
 * IR stage: the bundled spec -> the typed IR every emitter reads.
 */
import { pointerOf, type Diagnostic } from '../diagnostics.js';
import { locateDiagnostics, type LoadedSpec } from '../load/load-spec.js';
import { bundleSpec } from './bundle.js';
import { aliases, dataFunctions, environments, errorKinds, packages, paginationSpec, retryPolicy, titleWords, version } from './extensions.js';
import { buildOperations } from './operations.js';
import { brandOf, securityRequirements, securitySchemes } from './security.js';
import { describe, exampleOf, isObject, referencedSchemas, SchemaConverter } from './schemas.js';
import type { IR, IRGroup, IROperation, IRSchema } from './types.js';
import { splitWords } from './words.js';

export interface IRResult {
  readonly ir: IR;
  readonly diagnostics: readonly Diagnostic[];
}

export async function buildIR(spec: LoadedSpec): Promise<IRResult> {
  const { ir, diagnostics } = buildIRFromDocument(await bundleSpec(spec));
  return { ir, diagnostics: locateDiagnostics(spec, diagnostics) };
}

/** Builds the IR from one bundled document (all `$ref`s internal). */
export function buildIRFromDocument(doc: Record<string, unknown>): IRResult {
  const converter = new SchemaConverter(doc);
  const diagnostics: Diagnostic[] = [];
  const info = (isObject(doc.info) ? doc.info : {}) as Record<string, unknown>;
  const license = (isObject(info.license) ? info.license : {}) as Record<string, unknown>;
  const contact = (isObject(info.contact) ? info.contact : {}) as Record<string, unknown>;
  const pagination = paginationSpec(doc['x-bd-pagination']);
  const errors = errorKinds(doc['x-bd-errors']);
  const retry = retryPolicy(doc['x-bd-retry']);
  const schemas = buildSchemas(doc, converter);
  const title = String(info.title ?? '');
  const rawPackages = isObject(doc['x-bd-packages']) ? doc['x-bd-packages'] : {};
  const brand = brandOf(rawPackages.brand, title, titleWords(title));
  const schemes = securitySchemes(doc, converter, brand, diagnostics);
  const globalSecurity = securityRequirements(doc.security, schemes, '#/security', diagnostics);
  const operations = buildOperations(doc, { converter, pagination, errors, retry, diagnostics }).map((op) => {
    const own = op.graphql === null ? converter.deref({ $ref: op.pointer }) : null;
    const declared = isObject(own) && Array.isArray(own.security) ? securityRequirements(own.security, schemes, `${op.pointer}/security`, diagnostics) : null;
    return { ...op, security: declared ?? globalSecurity };
  });
  const data = dataFunctions(doc['x-bd-data'], converter, errors);
  const ir: IR = {
    info: {
      title,
      version: String(info.version ?? '0.0.0'),
      summary: typeof info.summary === 'string' ? info.summary.trim() : '',
      description: describe(info),
      license: String(license.identifier ?? license.name ?? ''),
      contact: {
        name: typeof contact.name === 'string' ? contact.name : '',
        url: typeof contact.url === 'string' ? contact.url : '',
        email: typeof contact.email === 'string' ? contact.email : '',
      },
    },
    brand,
    securitySchemes: schemes,
    version: version(String(info.version ?? '0.0.0'), diagnostics),
    servers: (Array.isArray(doc.servers) ? doc.servers : []).filter(isObject).map((s) => ({ url: String(s.url), description: describe(s) })),
    packages: packages(doc['x-bd-packages'], title),
    environments: environments(doc['x-bd-environments']),
    retry,
    pagination,
    errors,
    schemas,
    groups: buildGroups(doc, operations),
    operations,
    data,
    aliases: aliases(doc['x-bd-aliases'], operations, data, diagnostics),
  };
  return { ir, diagnostics: [...converter.diagnostics, ...diagnostics] };
}

function buildSchemas(doc: Record<string, unknown>, converter: SchemaConverter): IRSchema[] {
  const components = (isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {}) as Record<string, unknown>;
  const direct = new Map<string, { schema: Omit<IRSchema, 'recursive'>; refs: Set<string> }>();
  for (const [name, node] of Object.entries(components)) {
    const pointer = pointerOf(['components', 'schemas', name]);
    const target = isObject(node) && node.$ref === undefined ? node : converter.deref(node);
    const type = converter.toType(target, pointer);
    const deprecated = isObject(target) && target.deprecated === true;
    const example = exampleOf(target);
    direct.set(name, { schema: { name, words: splitWords(name), description: describe(node), type, deprecated, pointer, ...(example !== undefined ? { example } : {}) }, refs: referencedSchemas(type) });
  }
  const recursive = selfReaching(new Map([...direct].map(([name, d]) => [name, d.refs])));
  return [...direct.values()].map(({ schema }) => ({ ...schema, recursive: recursive.has(schema.name) }));
}

function buildGroups(doc: Record<string, unknown>, operations: readonly IROperation[]): IRGroup[] {
  const declared = (Array.isArray(doc.tags) ? doc.tags : []).filter(isObject);
  const used = new Set(operations.flatMap((o) => (o.group ? [o.group.name] : [])));
  const groups: IRGroup[] = declared
    .filter((t) => used.has(String(t.name)))
    .map((t) => ({ name: String(t.name), words: splitWords(String(t.name)), description: describe(t) }));
  for (const name of [...used].sort()) {
    if (!groups.some((g) => g.name === name)) groups.push({ name, words: splitWords(name), description: '' });
  }
  return groups;
}

/**
 * The nodes of a graph that reach themselves: members of a strongly connected
 * component with more than one node, or with an edge to itself (Tarjan's
 * algorithm, iterative, linear in the graph's size).
 */
export function selfReaching(edges: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result = new Set<string>();
  let counter = 0;
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; next: Iterator<string> }[] = [];
    const visit = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: (edges.get(node) ?? new Set<string>()).values() });
    };
    visit(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const step = frame.next.next();
      if (!step.done) {
        const to = step.value;
        if (!edges.has(to)) continue;
        if (!index.has(to)) visit(to);
        else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || edges.get(frame.node)?.has(frame.node)) for (const m of component) result.add(m);
    }
  }
  return result;
}
