/**
 * JSON pointers (RFC 6901) written `#/a/b`, as diagnostics and $ref sites
 * name places, and `$ref` fragments (RFC 3986), which hold a pointer
 * percent-encoded. A pointer is read as written: a key holding `%` is that
 * key. Only a `$ref`'s fragment is percent-decoded, and a bad escape there is
 * a reason, never a throw.
 */

/**
 * The tokens of a JSON pointer, with or without its leading `#`: `#` names
 * the whole document and `#/` the key `""`; `~1` is `/`, `~0` is `~`.
 * Undefined when the text is not a pointer (it does not start with `/`).
 */
export function pointerTokens(pointer: string): string[] | undefined {
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (body === '') return [];
  if (!body.startsWith('/')) return undefined;
  return body.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Where a `$ref`'s fragment points: its JSON pointer, percent-decoded, or why it is not one. */
export type FragmentReading = { readonly pointer: string } | { readonly problem: string };

const BAD_ESCAPE = /%(?![0-9a-f]{2})/i;

/** The JSON pointer a `$ref`'s fragment (the text after `#`) holds, decoded as RFC 6901 section 6 says. */
export function fragmentPointer(fragment: string): FragmentReading {
  const bad = BAD_ESCAPE.exec(fragment);
  if (bad) return { problem: `"${fragment.slice(bad.index, bad.index + 3)}" is not a percent escape (% and two hex digits; write a literal % as %25)` };
  let pointer: string;
  try {
    pointer = decodeURIComponent(fragment);
  } catch {
    return { problem: 'its percent escapes are not UTF-8' };
  }
  if (pointer !== '' && !pointer.startsWith('/')) return { problem: 'a JSON pointer starts with "/" (a plain name is an anchor, which bdgen does not resolve)' };
  return { pointer: `#${pointer}` };
}

/** The node a key or index names, only if the container holds it itself (no `constructor` of every object, no `length` of arrays). */
function child(node: unknown, token: string): unknown {
  if (Array.isArray(node)) return /^(0|[1-9][0-9]*)$/.test(token) ? node[Number(token)] : undefined;
  if (typeof node !== 'object' || node === null || !Object.hasOwn(node, token)) return undefined;
  return (node as Record<string, unknown>)[token];
}

/** The node at `pointer` inside `root`, or undefined when the path does not exist. */
export function nodeAtPointer(root: unknown, pointer: string): unknown {
  const tokens = pointerTokens(pointer);
  if (tokens === undefined) return undefined;
  let node: unknown = root;
  for (const token of tokens) {
    node = child(node, token);
    if (node === undefined) return undefined;
  }
  return node;
}

/** The JSON pointer of a `$ref` inside its target file: its fragment's, or `#` (the whole file) when it has none. */
export function refPointer(ref: string): FragmentReading {
  const hash = ref.indexOf('#');
  return hash === -1 ? { pointer: '#' } : fragmentPointer(ref.slice(hash + 1));
}

/** The node a local `$ref` (`#/...`, percent-encoded) names inside `root`, or undefined. */
export function nodeAtRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const reading = refPointer(ref);
  return 'pointer' in reading ? nodeAtPointer(root, reading.pointer) : undefined;
}

/** A JSON object (not an array, not null): what every stage reads a spec node as. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
