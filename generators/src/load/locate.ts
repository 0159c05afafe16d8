/**
 * Line and column of a JSON pointer in a source file, for diagnostics.
 * redocly's `getLineColLocation` counts characters from the start of the file
 * up to the node on every call, so 4,000 warnings on GitHub's 13 MB spec took
 * two minutes; here each file's YAML AST (redocly's, cached on its Source) and
 * the offsets of its line starts are built once, and each location is a
 * binary search.
 */
import { createRequire } from 'node:module';
import type { Source } from '@redocly/openapi-core';
import { jsonNodeOffset } from './json-offsets.js';
import { pointerTokens } from './pointer.js';

/** yaml-ast-parser as redocly itself loads it, so both read a file into the same tree. */
const fromRedocly = createRequire(createRequire(import.meta.url).resolve('@redocly/openapi-core'));
const { safeLoad } = fromRedocly('yaml-ast-parser') as { safeLoad: Parameters<Source['getAst']>[0] };

export interface LineCol {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
}

const lineStartsBySource = new WeakMap<Source, Uint32Array>();

/** Offsets where each line of the text starts (line 1 at offset 0). */
function lineStarts(source: Source): Uint32Array {
  let starts = lineStartsBySource.get(source);
  if (starts) return starts;
  const body = source.body;
  const found: number[] = [0];
  for (let at = body.indexOf('\n'); at !== -1; at = body.indexOf('\n', at + 1)) found.push(at + 1);
  starts = Uint32Array.from(found);
  lineStartsBySource.set(source, starts);
  return starts;
}

/** Line and column of a character offset. */
export function lineColOfOffset(source: Source, offset: number): LineCol {
  const starts = lineStarts(source);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, col: offset - starts[low]! + 1 };
}

/** Lookups in a JSON file answered by scanning its text, before the file's AST is worth building. */
const JSON_SCANS_BEFORE_AST = 16;
const jsonScans = new WeakMap<Source, number>();

/**
 * Where the node at `pointer` starts (its key, with `reportOnKey`), as
 * redocly reports it: the deepest node the pointer reaches (the root when it
 * reaches none). In a JSON file the first lookups scan the text instead of
 * building its AST, which for GitHub's spec costs 0.7 s to place 3 warnings.
 */
export function locatePointer(source: Source, pointer: string, reportOnKey = false): LineCol {
  const tokens = pointerTokens(pointer) ?? [];
  const scans = jsonScans.get(source) ?? 0;
  if (scans < JSON_SCANS_BEFORE_AST && /^\s*[{[]/.test(source.body.slice(0, 64))) {
    const offset = jsonNodeOffset(source.body, tokens, reportOnKey);
    if (offset !== undefined) {
      jsonScans.set(source, scans + 1);
      return lineColOfOffset(source, offset);
    }
  }
  const node = astNodeAt(source.getAst(safeLoad) as YamlNode | undefined, tokens, reportOnKey);
  return node ? lineColOfOffset(source, node.startPosition) : { line: 1, col: 1 };
}

/** A YAML AST node as yaml-ast-parser builds it (redocly's): maps hold mappings, a mapping a key and a value. */
interface YamlNode {
  readonly kind: number;
  readonly startPosition: number;
  readonly parent?: YamlNode;
  readonly mappings?: readonly YamlNode[];
  readonly items?: readonly YamlNode[];
  readonly key?: YamlScalar;
  readonly value?: YamlNode;
}

interface YamlScalar extends Omit<YamlNode, 'value'> {
  readonly value?: unknown;
}

const { Kind } = fromRedocly('yaml-ast-parser') as { Kind: Record<'MAP' | 'MAPPING' | 'SEQ', number> };

/**
 * The deepest AST node the pointer's tokens reach (its key, with
 * `reportOnKey`), as redocly's `getAstNodeByPointer` finds it, but reading
 * the pointer as RFC 6901 writes it: redocly percent-decodes it, and throws
 * on a key holding `%`.
 */
function astNodeAt(root: YamlNode | undefined, tokens: readonly string[], reportOnKey: boolean): YamlNode | undefined {
  if (!root) return undefined;
  let node = root;
  for (const token of tokens) {
    if (node.kind === Kind.MAP) {
      const mapping = node.mappings?.find((m) => m.key?.value === token);
      if (!mapping) break;
      if (!mapping.value) {
        node = mapping;
        break;
      }
      node = mapping.value;
    } else if (node.kind === Kind.SEQ) {
      const item = /^(0|[1-9][0-9]*)$/.test(token) ? node.items?.[Number(token)] : undefined;
      if (!item) break;
      node = item;
    }
  }
  if (!reportOnKey) return node;
  return node.parent?.kind === Kind.MAPPING && node.parent.key ? (node.parent.key as YamlNode) : node;
}

/** The same for a redocly location object (a problem's, a $ref site's). */
export function locate(location: { readonly source: Source; readonly pointer?: string; readonly reportOnKey?: boolean }): LineCol {
  return locatePointer(location.source, location.pointer ?? '#', location.reportOnKey === true);
}
