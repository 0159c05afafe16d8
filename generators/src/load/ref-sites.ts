/**
 * Every place in a parsed file that makes redocly read another node or file:
 * an object with a string `$ref`, an example's `externalValue` (which its
 * resolver follows like a `$ref`) and a discriminator's mapping values that
 * are references rather than schema names. Walked iteratively, each object once.
 */
import type { Document } from '@redocly/openapi-core';
import { isAnchor, isMappingRef, parseRef } from '@redocly/openapi-core/lib/ref-utils.js';
import { escapePointerToken } from '../diagnostics.js';

export interface RefSite {
  readonly file: string;
  /** JSON pointer of the object holding the reference. */
  readonly pointer: string;
  readonly kind: '$ref' | 'externalValue' | 'mapping';
  readonly ref: string;
}

interface Frame {
  readonly node: unknown;
  readonly parent: Frame | null;
  readonly key: string;
}

/** Sites by document: the crawl and the cycle check walk the same files. */
const sitesByDocument = new WeakMap<Document, readonly RefSite[]>();

export function refSites(document: Document): readonly RefSite[] {
  let sites = sitesByDocument.get(document);
  if (!sites) sitesByDocument.set(document, (sites = findSites(document)));
  return sites;
}

function findSites(document: Document): RefSite[] {
  const file = document.source.absoluteRef;
  const sites: RefSite[] = [];
  const seen = new Set<object>();
  const stack: Frame[] = [{ node: document.parsed, parent: null, key: '' }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { node } = frame;
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    const record = node as Record<string, unknown>;
    if (!Array.isArray(node)) {
      if (typeof record.$ref === 'string') sites.push({ file, pointer: pointerOfFrame(frame), kind: '$ref', ref: record.$ref });
      if (typeof record.externalValue === 'string') sites.push({ file, pointer: pointerOfFrame(frame), kind: 'externalValue', ref: record.externalValue });
      if (frame.key === 'discriminator' && typeof record.mapping === 'object' && record.mapping !== null) {
        for (const [name, value] of Object.entries(record.mapping)) {
          if (typeof value === 'string' && isMappingRef(value)) {
            sites.push({ file, pointer: `${pointerOfFrame(frame)}/mapping/${escapePointerToken(name)}`, kind: 'mapping', ref: value });
          }
        }
      }
    }
    const keys = Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ node: record[keys[i]!], parent: frame, key: keys[i]! });
  }
  return sites;
}

function pointerOfFrame(frame: Frame): string {
  const tokens: string[] = [];
  for (let f: Frame | null = frame; f?.parent; f = f.parent) tokens.push(escapePointerToken(f.key));
  return tokens.length === 0 ? '#' : `#/${tokens.reverse().join('/')}`;
}

/** The file part of a reference, as redocly's resolver reads it; null for one inside the same file. */
export function refUri(ref: string): string | null {
  return isAnchor(ref) ? null : parseRef(ref).uri;
}
