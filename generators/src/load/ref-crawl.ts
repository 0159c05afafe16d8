/**
 * Reads every file the spec's references reach, through the guarded resolver,
 * before redocly resolves anything: a reference the resolver refuses becomes a
 * diagnostic at the `$ref` (file, line, pointer) instead of an anonymous
 * "does not resolve". Other failures (a missing file, bad YAML) are left to
 * lint and the resolve step, which already report them at the `$ref`.
 */
import type { Document } from '@redocly/openapi-core';
import { locate } from './locate.js';
import type { Diagnostic } from '../diagnostics.js';
import type { GuardedResolver } from './guarded-resolver.js';
import { refPointer } from './pointer.js';
import { LoadRefusal, type RefusalPlace } from './refusal.js';
import { refSites, refUri, type RefSite } from './ref-sites.js';

export interface CrawlResult {
  /** Every file read, by absolute path or URL, the root first. */
  readonly documents: ReadonlyMap<string, Document>;
  readonly diagnostics: readonly Diagnostic[];
}

export async function crawlRefs(root: Document, resolver: GuardedResolver): Promise<CrawlResult> {
  const documents = new Map<string, Document>([[root.source.absoluteRef, root]]);
  // One diagnostic per refused target and rule; the other $refs to it are counted in its message.
  const refused = new Map<string, { refusal: LoadRefusal; site: RefusalPlace; others: number }>();
  const queue: Document[] = [root];
  const badRefs: Diagnostic[] = [];
  while (queue.length > 0) {
    const document = queue.shift()!;
    for (const site of refSites(document)) {
      const reading = refPointer(site.ref);
      if ('problem' in reading) {
        // Before redocly reads it: its resolver throws on a bad percent escape.
        badRefs.push({ severity: 'error', rule: 'bdgen/ref-syntax', ...placeOf(document, site), message: `$ref ${JSON.stringify(site.ref)} is not a URI reference: ${reading.problem}.` });
        continue;
      }
      const uri = refUri(site.ref);
      if (uri === null) continue;
      const target = resolver.resolveExternalRef(document.source.absoluteRef, uri);
      const result = await resolver.resolveDocument(document.source.absoluteRef, uri).catch((error: unknown) => error);
      if (result instanceof LoadRefusal) {
        const key = `${result.rule}\u0000${target}`;
        const seen = refused.get(key);
        if (seen) seen.others += 1;
        else refused.set(key, { refusal: result, site: placeOf(document, site), others: 0 });
        continue;
      }
      if (!isDocument(result) || documents.has(target)) continue;
      documents.set(target, result);
      queue.push(result);
    }
  }
  const diagnostics = [...refused.values()].map(({ refusal, site, others }) => {
    const diagnostic = refusal.toDiagnostic(site);
    return others === 0 ? diagnostic : { ...diagnostic, message: `${diagnostic.message} ${others} other reference${others === 1 ? ' leads' : 's lead'} there too.` };
  });
  return { documents, diagnostics: [...badRefs, ...diagnostics] };
}

function placeOf(document: Document, site: RefSite): RefusalPlace {
  const start = locate({ source: document.source, pointer: site.pointer });
  return { file: site.file, pointer: site.pointer, line: start.line, column: start.col };
}

function isDocument(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && 'source' in value && 'parsed' in value && !(value instanceof Error);
}
