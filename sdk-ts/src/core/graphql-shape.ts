/**
 * How one object of a GraphQL answer becomes a result object of a catalogue
 * function (docs/architecture.md, "x-bd-graphql", step 7): nested relay
 * connections become lists, plucked fields are lifted out of nested objects,
 * and `<field>_<locale>` keys become `<field>` in the caller's locale.
 *
 * @module
 */

/** A path into an answer: object keys and list indexes (`['bigquery', 0, 'cloud_tables', 0, 'gcp_dataset_id']`). */
export type AnswerPath = readonly (string | number)[];

/** A field set from a path inside each result object. */
export interface PluckSpec {
  readonly field: string;
  readonly path: AnswerPath;
}

/** Which locale picks `<field>_<locale>`; the first of `locales` is the fallback. */
export interface LocaleChoice {
  readonly locale: string;
  readonly locales: readonly string[];
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Keys a relay connection may carry beside `edges`. */
const CONNECTION_KEYS: ReadonlySet<string> = new Set(['edges', 'totalCount', 'edgeCount', 'pageInfo']);

/** Whether `value` is `{edges: [{node}, ...]}`, with no key but the connection's own. */
export function isConnection(value: unknown): value is { edges: { node: unknown }[] } {
  return (
    isObject(value) &&
    Array.isArray(value.edges) &&
    value.edges.every((edge) => isObject(edge) && 'node' in edge) &&
    Object.keys(value).every((key) => CONNECTION_KEYS.has(key))
  );
}

/** The value at `path`, or `undefined` when a step is missing, null or past a list's end. */
export function valueAt(value: unknown, path: AnswerPath): unknown {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number' ? !Array.isArray(current) : !isObject(current)) return undefined;
    current = (current as Record<string | number, unknown>)[step];
    if (current === undefined || current === null) return undefined;
  }
  return current;
}

/** Every nested connection, at any depth, as the list of its nodes. */
export function flattenConnections(value: unknown): unknown {
  if (isConnection(value)) return value.edges.map((edge) => flattenConnections(edge.node));
  if (Array.isArray(value)) return value.map(flattenConnections);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, flattenConnections(inner)]));
}

/**
 * Sets each plucked field to the value at its path (`null` when missing), then
 * drops every top-level key a path starts from that is not itself a plucked field.
 */
export function pluckFields(object: JsonObject, pluck: readonly PluckSpec[]): JsonObject {
  if (pluck.length === 0) return object;
  // Every value is read before any is written: `status: status.slug` reads the object as it came.
  const plucked = pluck.map(({ field, path }) => [field, valueAt(object, path) ?? null] as const);
  const fields = new Set(pluck.map((p) => p.field));
  const sources = new Set(pluck.map((p) => p.path[0]).filter((key) => typeof key === 'string' && !fields.has(key)));
  const out: JsonObject = {};
  for (const [key, inner] of Object.entries(object)) if (!sources.has(key)) out[key] = inner;
  for (const [field, inner] of plucked) out[field] = inner;
  return out;
}

/** `name_en` -> `name` when `en` is one of `locales`; `undefined` for any other key. */
function localizedBase(key: string, locales: readonly string[]): string | undefined {
  for (const locale of locales) {
    const suffix = `_${locale}`;
    if (key.length > suffix.length && key.endsWith(suffix)) return key.slice(0, -suffix.length);
  }
  return undefined;
}

/**
 * Every `<field>_<l>` key (l among the locales), at any depth, becomes `<field>`:
 * the value in `choice.locale` when it is not null, else the value in the first
 * locale (the fallback), else null. `<field>` takes the place of its first translation.
 */
export function localize(value: unknown, choice: LocaleChoice): unknown {
  if (Array.isArray(value)) return value.map((item) => localize(item, choice));
  if (!isObject(value)) return value;
  const fallback = choice.locales[0] ?? choice.locale;
  const out: JsonObject = {};
  for (const [key, inner] of Object.entries(value)) {
    const base = localizedBase(key, choice.locales);
    if (base === undefined) out[key] = localize(inner, choice);
    else if (!(base in out)) out[base] = value[`${base}_${choice.locale}`] ?? value[`${base}_${fallback}`] ?? null;
  }
  return out;
}

/** Step 7 on one result object: connections flattened, then fields plucked, then localized. */
export function shapeResultObject(value: unknown, pluck: readonly PluckSpec[], locale: LocaleChoice | null): unknown {
  const flat = flattenConnections(value);
  const plucked = isObject(flat) ? pluckFields(flat, pluck) : flat;
  return locale ? localize(plucked, locale) : plucked;
}
