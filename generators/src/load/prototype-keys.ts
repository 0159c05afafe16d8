/**
 * Spec keys named after Object.prototype's members (`hasOwnProperty`,
 * `constructor`, `toString`, ...) are ordinary names: a schema property, a
 * parameter, a component. redocly's walkers look a key's node type up as
 * `type.properties[key]`, which for those names finds the prototype's
 * function and calls it as a type function (`hasOwnProperty` with no
 * receiver throws). So every node type redocly reads gets those names as
 * keys of its own, each a type function that answers what the type gives any
 * other key (its `additionalProperties`). redocly's lint walker also visits
 * every key its type lists, reading the node's value for it: a node that does
 * not own the key hands over the inherited function, which gets no type and
 * is skipped. `__proto__` cannot be such a key and is harmless: the lookup
 * finds an object, which redocly treats as a scalar type.
 */

/** Object.prototype's members a key can be mistaken for. */
export const PROTOTYPE_KEYS: readonly string[] = Object.getOwnPropertyNames(Object.prototype).filter((name) => name !== '__proto__');

type TypeOfKey = (value: unknown, key: string) => unknown;

interface NodeTypeLike {
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly additionalProperties?: unknown;
}

/** The type a key gets that its node type does not list: `additionalProperties` (a type, a type name or a type function), or none. */
function otherKeysType(type: NodeTypeLike): TypeOfKey {
  const other = type.additionalProperties;
  return (value, key) => {
    if (typeof value === 'function') return undefined; // inherited from Object.prototype: not in the spec
    return typeof other === 'function' ? (other as TypeOfKey)(value, key) : other;
  };
}

/** The node types, each listing every prototype member as a key typed like its other keys (the type's own keys win). */
export function withPrototypeKeysTyped<T extends Readonly<Record<string, unknown>>>(types: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(types)) {
    const node = type as NodeTypeLike | undefined;
    if (typeof node !== 'object' || node === null || node.properties === undefined) {
      out[name] = type;
      continue;
    }
    const typed = otherKeysType(node);
    const keys = Object.fromEntries(PROTOTYPE_KEYS.map((key) => [key, typed]));
    out[name] = { ...node, properties: { ...keys, ...Object.fromEntries(Object.entries(node.properties)) } };
  }
  return out as T;
}

/** A redocly plugin that applies {@link withPrototypeKeysTyped} to every OpenAPI 3 type tree (lint, bundle). */
export const PROTOTYPE_KEYS_PLUGIN = {
  id: 'bdgen-prototype-keys',
  typeExtension: { oas3: <T extends Readonly<Record<string, unknown>>>(types: T): T => withPrototypeKeysTyped(types) },
};
