/**
 * How many nodes YAML aliases add to a parsed file. js-yaml parses an alias as
 * a second reference to the same object, so parsing a "billion laughs" file is
 * instant; the cost comes later, when redocly's resolver visits every copy
 * (a 414-byte file hung it for minutes). Counting each repeated object's size
 * once, with an early stop at the limit, keeps this check linear.
 */

export interface AliasExpansion {
  /** Nodes the aliases add (stops counting just past the limit); Infinity for an alias inside the node it names. */
  readonly added: number;
  /** The alias that adds the most: its path in the parsed file and the size of the node it repeats. */
  readonly worst?: { readonly tokens: readonly (string | number)[]; readonly nodes: number };
}

interface Frame {
  readonly node: object;
  readonly parent: Frame | null;
  readonly key: string | number;
  readonly keys: readonly (string | number)[];
  index: number;
  /** Nodes below this one counted so far. */
  size: number;
}

function frame(node: object, parent: Frame | null, key: string | number): Frame {
  const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
  return { node, parent, key, keys, index: 0, size: 0 };
}

function tokensTo(parent: Frame, key: string | number): (string | number)[] {
  const tokens: (string | number)[] = [key];
  for (let f: Frame | null = parent; f?.parent; f = f.parent) tokens.unshift(f.key);
  return tokens;
}

/** Walks `root` depth first (iteratively: its depth is the parser's business) and stops once more than `limit` nodes are added. */
export function measureAliasExpansion(root: unknown, limit: number): AliasExpansion {
  if (typeof root !== 'object' || root === null) return { added: 0 };
  const sizes = new Map<object, number>();
  const open = new Set<object>([root]);
  const stack: Frame[] = [frame(root, null, '')];
  let added = 0;
  let worst: { parent: Frame; key: string | number; nodes: number } | undefined;

  while (stack.length > 0 && added <= limit) {
    const top = stack[stack.length - 1]!;
    if (top.index < top.keys.length) {
      const key = top.keys[top.index++]!;
      const child: unknown = (top.node as Record<string | number, unknown>)[key];
      if (typeof child !== 'object' || child === null) {
        top.size += 1;
        continue;
      }
      const repeated = sizes.get(child);
      if (repeated !== undefined || open.has(child)) {
        const nodes = repeated ?? Infinity;
        top.size += nodes;
        added += nodes;
        if (!worst || nodes > worst.nodes) worst = { parent: top, key, nodes };
        continue;
      }
      open.add(child);
      stack.push(frame(child, top, key));
      continue;
    }
    stack.pop();
    open.delete(top.node);
    sizes.set(top.node, top.size + 1);
    if (top.parent) top.parent.size += top.size + 1;
  }
  return worst ? { added, worst: { tokens: tokensTo(worst.parent, worst.key), nodes: worst.nodes } } : { added };
}
