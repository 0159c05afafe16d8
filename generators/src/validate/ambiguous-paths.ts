/**
 * Paths a server could not tell apart (`/users/{id}` and `/{kind}/me`): what
 * redocly's `no-ambiguous-paths` reports, found without comparing every path
 * with every other (its pairwise loop took 0.35 s on GitHub's 900 paths and
 * grows with their square: 35 s at 10,000). Two paths are ambiguous when they
 * have as many segments and as many template segments, and wherever both
 * segments are literal they are equal.
 */

/** Segments of earlier paths, a template segment as one wildcard child; each node keeps the first path through it. */
interface TrieNode {
  readonly children: Map<string, TrieNode>;
  wildcard: TrieNode | null;
  /** Index of the first path that ends here. */
  first: number;
}

const WILDCARD = /^\{.+?\}$/;

const node = (): TrieNode => ({ children: new Map(), wildcard: null, first: Number.POSITIVE_INFINITY });

/** For each path (in order), the first earlier path it is ambiguous with, if any. */
export function ambiguousPaths(paths: readonly string[]): (string | undefined)[] {
  // One trie per shape (segment count and template count): only paths of one shape can be ambiguous.
  const tries = new Map<string, TrieNode>();
  return paths.map((path, index) => {
    const segments = path.split('/');
    const shape = `${segments.length}:${segments.filter((s) => WILDCARD.test(s)).length}`;
    let trie = tries.get(shape);
    if (!trie) tries.set(shape, (trie = node()));
    const earliest = firstMatch(trie, segments, 0);
    insert(trie, segments, index);
    return Number.isFinite(earliest) ? paths[earliest] : undefined;
  });
}

function firstMatch(at: TrieNode, segments: readonly string[], depth: number): number {
  if (depth === segments.length) return at.first;
  const segment = segments[depth]!;
  let best = Number.POSITIVE_INFINITY;
  if (at.wildcard) best = Math.min(best, firstMatch(at.wildcard, segments, depth + 1));
  if (WILDCARD.test(segment)) {
    for (const child of at.children.values()) best = Math.min(best, firstMatch(child, segments, depth + 1));
  } else {
    const child = at.children.get(segment);
    if (child) best = Math.min(best, firstMatch(child, segments, depth + 1));
  }
  return best;
}

function insert(trie: TrieNode, segments: readonly string[], index: number): void {
  let at = trie;
  for (const segment of segments) {
    if (WILDCARD.test(segment)) {
      at.wildcard ??= node();
      at = at.wildcard;
    } else {
      let child = at.children.get(segment);
      if (!child) at.children.set(segment, (child = node()));
      at = child;
    }
  }
  at.first = Math.min(at.first, index);
}
