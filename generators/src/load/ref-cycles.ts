/**
 * Finds chains of `$ref`s that loop back on themselves without ever reaching
 * a schema (`A: {$ref: B}`, `B: {$ref: A}`). A recursive *schema* (a theme whose
 * children are themes) is fine: its chain ends at an object with properties.
 */
import { dirname, resolve } from 'node:path';
import type { Document } from '@redocly/openapi-core';
import { locate } from './locate.js';
import type { Diagnostic } from '../diagnostics.js';
import { nodeAtPointer, refPointer } from './pointer.js';
import { refSites, type RefSite as FoundSite } from './ref-sites.js';

/** A node of a chain: the `$ref`s found, then the nodes they point at. */
type RefSite = Pick<FoundSite, 'file' | 'pointer'>;

export function findRefCycles(documents: readonly Document[]): Diagnostic[] {
  const byFile = new Map(documents.map((d) => [d.source.absoluteRef, d]));
  const reported = new Set<string>();
  const diagnostics: Diagnostic[] = [];

  for (const document of documents) {
    for (const site of refSites(document).filter((s) => s.kind === '$ref')) {
      const chain = followChain(byFile, site);
      if (!chain) continue;
      const key = [...chain].map(siteKey).sort().join('|');
      if (reported.has(key)) continue;
      reported.add(key);
      const first = chain[0]!;
      const owner = byFile.get(first.file)!;
      const start = locate({ source: owner.source, pointer: first.pointer });
      diagnostics.push({
        severity: 'error',
        rule: 'bdgen/ref-cycle',
        file: first.file,
        pointer: first.pointer,
        line: start.line,
        column: start.col,
        message: `this $ref never reaches a schema: ${[...chain, first].map((s) => describe(s, first.file)).join(' -> ')}.`,
        hint: 'Point one of these $refs at a real schema object.',
      });
    }
  }
  return diagnostics;
}

/** Follows pure `$ref` nodes from `start`; returns the loop if it comes back to a node already seen. */
function followChain(byFile: Map<string, Document>, start: RefSite): RefSite[] | null {
  const chain: RefSite[] = [];
  const seen = new Map<string, number>();
  let site: RefSite | null = start;
  while (site) {
    const key = siteKey(site);
    const at = seen.get(key);
    if (at !== undefined) return at === 0 ? chain : null; // report each loop from its own members only
    seen.set(key, chain.length);
    chain.push(site);
    const node = nodeAtPointer(byFile.get(site.file)?.parsed, site.pointer);
    const ref = isRefNode(node) ? node.$ref : null;
    site = ref === null ? null : target(site.file, ref);
  }
  return null;
}

function target(file: string, ref: string): RefSite | null {
  const path = ref.split('#', 1)[0]!;
  const reading = refPointer(ref);
  return 'pointer' in reading ? { file: path ? resolve(dirname(file), path) : file, pointer: reading.pointer } : null;
}

function isRefNode(node: unknown): node is { $ref: string } {
  return typeof node === 'object' && node !== null && typeof (node as { $ref?: unknown }).$ref === 'string';
}

function siteKey(site: RefSite): string {
  return `${site.file}${site.pointer}`;
}

function describe(site: RefSite, home: string): string {
  return site.file === home ? site.pointer : `${site.file}${site.pointer}`;
}
