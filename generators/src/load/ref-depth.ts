/**
 * How deep a walk of the spec goes once `$ref`s are followed. Redocly's
 * resolver and walkers recurse along references: a chain of 10,000 `$ref`s
 * hung it, and nesting past a walk depth of ~1,800 overflows the stack. This
 * walk is iterative and visits each node once, in document order, the way
 * those walkers do, and stops at the first node past a limit. It also adds
 * up the hops redocly resolves: each `$ref` follows its whole chain again.
 */
import type { Document } from '@redocly/openapi-core';
import { locate } from './locate.js';
import { isAnchor } from '@redocly/openapi-core/lib/ref-utils.js';
import { escapePointerToken, type Diagnostic } from '../diagnostics.js';
import { raiseLimitHint, type LoadLimits } from './limits.js';
import { nodeAtPointer, refPointer } from './pointer.js';
import { refUri } from './ref-sites.js';

interface Frame {
  readonly node: unknown;
  readonly file: string;
  readonly parent: Frame | null;
  readonly key: string;
  /** Set when this node was reached through a `$ref`: its pointer in `file`. */
  readonly jump?: string;
  readonly depth: number;
  readonly hops: number;
}

interface Target {
  readonly file: string;
  readonly pointer: string;
  readonly node: unknown;
}

export function checkRefDepth(
  documents: ReadonlyMap<string, Document>,
  rootFile: string,
  resolveUri: (base: string, uri: string) => string,
  limits: LoadLimits,
): Diagnostic | null {
  const root = documents.get(rootFile);
  if (!root) return null;
  const visited = new Set<object>();
  const chainLengths = new Map<object, number>();
  let hopsInAll = 0;
  const stack: Frame[] = [{ node: root.parsed, file: rootFile, parent: null, key: '', jump: '#', depth: 0, hops: 0 }];

  const targetOf = (file: string, ref: string): Target | undefined => {
    if (isAnchor(ref)) return undefined;
    const uri = refUri(ref);
    const targetFile = uri === null ? file : resolveUri(file, uri);
    const reading = refPointer(ref);
    if (!('pointer' in reading)) return undefined;
    return { file: targetFile, pointer: reading.pointer, node: nodeAtPointer(documents.get(targetFile)?.parsed, reading.pointer) };
  };

  /** Hops from a `$ref` node through every `$ref` node it leads to, until a node that is not one (a loop ends it). */
  const chainLength = (file: string, start: object): number => {
    const path: object[] = [];
    const onPath = new Set<object>();
    let at: Target | undefined = { file, pointer: '', node: start };
    while (at && isRefNode(at.node) && !chainLengths.has(at.node) && !onPath.has(at.node)) {
      path.push(at.node);
      onPath.add(at.node);
      at = targetOf(at.file, at.node.$ref);
    }
    let length = at && typeof at.node === 'object' && at.node !== null ? chainLengths.get(at.node) ?? 0 : 0;
    for (let i = path.length - 1; i >= 0; i--) chainLengths.set(path[i]!, ++length);
    return chainLengths.get(start) ?? 0;
  };

  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { node } = frame;
    if (typeof node !== 'object' || node === null || visited.has(node)) continue;
    visited.add(node);
    if (frame.depth > limits.maxDepth) return tooDeep(documents, frame, limits, 'depth');

    const record = node as Record<string, unknown>;
    const keys = Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) {
      stack.push({ node: record[keys[i]!], file: frame.file, parent: frame, key: keys[i]!, depth: frame.depth + 1, hops: frame.hops });
    }
    if (isRefNode(node)) {
      // A chain longer than maxRefDepth is refused on its own; capped, it is reported as that.
      hopsInAll += Math.min(chainLength(frame.file, node), limits.maxRefDepth + 1);
      if (hopsInAll > limits.maxRefHops) return tooDeep(documents, frame, limits, 'hops', hopsInAll);
      const target = targetOf(frame.file, node.$ref);
      if (!target || typeof target.node !== 'object' || target.node === null || visited.has(target.node)) continue;
      if (frame.hops + 1 > limits.maxRefDepth) return tooDeep(documents, frame, limits, 'refs');
      stack.push({ node: target.node, file: target.file, parent: frame, key: '$ref', jump: target.pointer, depth: frame.depth + 1, hops: frame.hops + 1 });
    }
  }
  return null;
}

function isRefNode(node: unknown): node is { $ref: string } {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && typeof (node as { $ref?: unknown }).$ref === 'string';
}

function pointerOfFrame(frame: Frame): string {
  const tokens: string[] = [];
  let f: Frame | null = frame;
  for (; f && f.jump === undefined; f = f.parent) tokens.push(escapePointerToken(f.key));
  const base = f?.jump ?? '#';
  return tokens.length === 0 ? base : `${base}/${tokens.reverse().join('/')}`;
}

/** The `$ref`s followed to reach `frame`, from the root: each as the place of the `$ref`. */
function refPath(frame: Frame): Frame[] {
  const refs: Frame[] = [];
  for (let f: Frame | null = frame; f?.parent; f = f.parent) if (f.key === '$ref' && f.jump !== undefined) refs.push(f.parent);
  return refs.reverse();
}

const RULES = { depth: 'bdgen/limit-depth', refs: 'bdgen/limit-ref-depth', hops: 'bdgen/limit-ref-hops' } as const;
const LIMITS = { depth: 'maxDepth', refs: 'maxRefDepth', hops: 'maxRefHops' } as const;

function tooDeep(documents: ReadonlyMap<string, Document>, frame: Frame, limits: LoadLimits, what: keyof typeof RULES, hops = 0): Diagnostic {
  const rootFile = [...documents.keys()][0]!;
  const describe = (f: Frame) => `${f.file === rootFile ? '' : f.file}${pointerOfFrame(f)}`;
  const refs = refPath(frame);
  if (what === 'refs') refs.push(frame);
  const shown = refs.length <= 6 ? refs.map(describe) : [...refs.slice(0, 3).map(describe), `... ${refs.length - 6} more ...`, ...refs.slice(-3).map(describe)];
  const pointer = pointerOfFrame(frame);
  const source = documents.get(frame.file)!.source;
  const start = locate({ source, pointer });
  const message = {
    refs: () => `following this $ref would make ${refs.length} $refs in a row, over the limit maxRefDepth of ${limits.maxRefDepth}: ${shown.join(' -> ')}.`,
    depth: () => `a walk of the spec reaches depth ${frame.depth} here, over the limit maxDepth of ${limits.maxDepth}, after ${refs.length} $ref${refs.length === 1 ? '' : 's'}${refs.length > 0 ? `: ${shown.join(' -> ')}` : ''}.`,
    hops: () => `with this $ref, resolving the spec's $refs takes ${hops} hops (each $ref counts every hop of the chain it starts), over the limit maxRefHops of ${limits.maxRefHops}.`,
  }[what]();
  return {
    severity: 'error',
    rule: RULES[what],
    file: frame.file,
    pointer,
    line: start.line,
    column: start.col,
    message,
    hint: what === 'hops' ? `Point the $refs at the end of the chain instead of its start. ${raiseLimitHint(LIMITS[what], limits)}` : raiseLimitHint(LIMITS[what], limits),
  };
}
