/**
 * Bundles a loaded spec into one document whose `$ref`s are all internal
 * (external files become components), so the IR builder reads a single tree.
 */
import { bundleDocument, createConfig, type StyleguideConfig } from '@redocly/openapi-core';
import type { LoadedSpec } from '../load/load-spec.js';
import { PROTOTYPE_KEYS_PLUGIN } from '../load/prototype-keys.js';

let minimalConfig: Promise<StyleguideConfig> | undefined;

export async function bundleSpec(spec: LoadedSpec): Promise<Record<string, unknown>> {
  // One file: every $ref is internal already, and redocly's bundle would walk it all to change nothing.
  if (spec.files.length === 1) return spec.document.parsed as Record<string, unknown>;
  minimalConfig ??= createConfig({ plugins: [PROTOTYPE_KEYS_PLUGIN], rules: {} } as unknown as Parameters<typeof createConfig>[0]).then((c) => c.styleguide);
  // Read before bundling: redocly adds the bundled components to this same object.
  const authored = schemaNames(spec.document.parsed);
  const result = await bundleDocument({
    document: spec.document,
    config: await minimalConfig,
    externalRefResolver: spec.resolver,
    dereference: false,
  });
  const bundled = result.bundle.parsed as Record<string, unknown>;
  return keepAuthorsSchemaNames(bundled, authored);
}

type Schemas = Record<string, unknown>;

function schemaNames(doc: unknown): Set<string> {
  const schemas = (doc as { components?: { schemas?: Schemas } } | null)?.components?.schemas;
  return new Set(Object.keys(schemas ?? {}));
}

/**
 * `Node: {$ref: ./node.yaml}` bundles into `Node: {$ref: '#/components/schemas/node'}`
 * plus a component `node` named after the file. The author named it `Node`: move
 * the content there and point every `$ref` at it, so generated names are the
 * author's and the two never clash after casing.
 */
function keepAuthorsSchemaNames(doc: Record<string, unknown>, authored: ReadonlySet<string>): Record<string, unknown> {
  const schemas = (doc.components as { schemas?: Schemas } | undefined)?.schemas;
  if (!schemas) return doc;
  const prefix = '#/components/schemas/';
  const renames = new Map<string, string>();
  for (const [name, node] of Object.entries(schemas)) {
    const ref = (node as { $ref?: unknown } | null)?.$ref;
    if (!authored.has(name) || typeof ref !== 'string' || !ref.startsWith(prefix) || Object.keys(node as object).length !== 1) continue;
    const target = ref.slice(prefix.length);
    if (!authored.has(target) && !renames.has(target) && schemas[target] !== undefined) renames.set(target, name);
  }
  if (renames.size === 0) return doc;
  for (const [generated, author] of renames) {
    schemas[author] = schemas[generated];
    delete schemas[generated];
  }
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(Object.entries(node).map(([key, value]) => {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(prefix)) {
        const renamed = renames.get(value.slice(prefix.length));
        return [key, renamed ? `${prefix}${renamed}` : value];
      }
      return [key, rewrite(value)];
    }));
  };
  return rewrite(doc) as Record<string, unknown>;
}
