/**
 * How deep a walk of the spec goes once `$ref`s are followed. Redocly's
 * resolver and walkers recurse along references: a chain of 10,000 `$ref`s
 * hung it, and nesting past a walk depth of ~1,800 overflows the stack. This
 * walk is iterative and visits each node once, in document order, the way
 * those walkers do, and stops at the first node past a limit.
 */
import { getLineColLocation, type Document } from '@redocly/openapi-core';
import { isAnchor, parseRef } from '@redocly/openapi-core/lib/ref-utils.js';
import { escapePointerToken, pointerOf, type Diagnostic } from '../diagnostics.js';
import { raiseLimitHint, type LoadLimits } from './limits.js';
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
  const stack: Frame[] = [{ node: root.parsed, file: rootFile, parent: null, key: '', jump: '#', depth: 0, hops: 0 }];

  const targetOf = (file: string, ref: string): Target | undefined => {
    if (isAnchor(ref)) return undefined;
    const uri = refUri(ref);
    const targetFile = uri === null ? file : resolveUri(file, uri);
    let node: unknown = documents.get(targetFile)?.parsed;
    const tokens = parseRef(ref).pointer;
    for (const token of tokens) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[token] : undefined;
    return { file: targetFile, pointer: pointerOf(tokens), node };
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
    if (!Array.isArray(node) && typeof record.$ref === 'string') {
      const target = targetOf(frame.file, record.$ref);
      if (!target || typeof target.node !== 'object' || target.node === null || visited.has(target.node)) continue;
      if (frame.hops + 1 > limits.maxRefDepth) return tooDeep(documents, frame, limits, 'refs');
      stack.push({ node: target.node, file: target.file, parent: frame, key: '$ref', jump: target.pointer, depth: frame.depth + 1, hops: frame.hops + 1 });
    }
  }
  return null;
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

function tooDeep(documents: ReadonlyMap<string, Document>, frame: Frame, limits: LoadLimits, what: 'depth' | 'refs'): Diagnostic {
  const rootFile = [...documents.keys()][0]!;
  const describe = (f: Frame) => `${f.file === rootFile ? '' : f.file}${pointerOfFrame(f)}`;
  const refs = refPath(frame);
  if (what === 'refs') refs.push(frame);
  const shown = refs.length <= 6 ? refs.map(describe) : [...refs.slice(0, 3).map(describe), `... ${refs.length - 6} more ...`, ...refs.slice(-3).map(describe)];
  const pointer = pointerOfFrame(frame);
  const source = documents.get(frame.file)!.source;
  const { start } = getLineColLocation({ source, pointer, reportOnKey: false });
  const message = what === 'refs'
    ? `following this $ref would make ${refs.length} $refs in a row, over the limit maxRefDepth of ${limits.maxRefDepth}: ${shown.join(' -> ')}.`
    : `a walk of the spec reaches depth ${frame.depth} here, over the limit maxDepth of ${limits.maxDepth}, after ${refs.length} $ref${refs.length === 1 ? '' : 's'}${refs.length > 0 ? `: ${shown.join(' -> ')}` : ''}.`;
  return {
    severity: 'error',
    rule: what === 'refs' ? 'bdgen/limit-ref-depth' : 'bdgen/limit-depth',
    file: frame.file,
    pointer,
    line: start.line,
    column: start.col,
    message,
    hint: raiseLimitHint(what === 'refs' ? 'maxRefDepth' : 'maxDepth', limits),
  };
}
