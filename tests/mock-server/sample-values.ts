/**
 * Values a spec allows, for calling every operation against a validating mock
 * server: the spec's own example when it has one and it holds, else a value
 * built from the schema (required and writable properties, bounds, formats,
 * enums). A candidate is kept only when Ajv accepts it against the schema, so
 * a oneOf gets the first variant that matches exactly one branch.
 *
 * File parts and binary bodies are markers ({ $file } / { $bytes }) that each
 * driver turns into what its language passes (bytes, a Blob, curl::form_file).
 */
import AjvDraft7, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';

type Schema = Record<string, unknown>;
export type Sample = unknown;

/** A file part of a multipart body, as drivers build it. */
export const FILE_MARKER = '$file';
/** A binary (octet-stream) body, as drivers build it. */
export const BYTES_MARKER = '$bytes';

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function atPointer(document: unknown, pointer: string): unknown {
  let node = document;
  for (const raw of pointer.replace(/^#\/?/, '').split('/').filter((t) => t !== '')) {
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

export class ValueSampler {
  readonly #document: Schema;
  readonly #ajv: { compile(schema: object): ValidateFunction };
  readonly #checks = new Map<unknown, ValidateFunction | null>();

  constructor(document: Schema) {
    this.#document = document;
    const openapi31 = String(document.openapi ?? '').startsWith('3.1');
    // OpenAPI 3.0 keywords (nullable, example, boolean exclusiveMinimum) are not JSON Schema: no meta-schema check.
    const options = { strict: false, validateFormats: false, validateSchema: false, allErrors: false, logger: false } as const;
    const ajv = openapi31 ? new Ajv2020.default(options) : new AjvDraft7.default(options);
    ajv.addSchema(document, 'spec');
    this.#ajv = ajv;
  }

  /** The schema at a pointer of the bundled document (`#/paths/...`). */
  schemaAt(pointer: string): Schema | undefined {
    const node = atPointer(this.#document, pointer);
    return isObject(node) ? node : undefined;
  }

  /** Whether `value` holds for `schema` (true when Ajv cannot compile it: Prism has the last word). */
  accepts(schema: Schema, value: unknown): boolean {
    let check = this.#checks.get(schema);
    if (check === undefined) {
      try {
        check = this.#ajv.compile(this.#withRefs(schema));
      } catch {
        check = null;
      }
      this.#checks.set(schema, check);
    }
    return check === null ? true : Boolean(check(value));
  }

  /** A value for `schema`: `fileFields` are file parts (multipart), `binary` is a raw body. */
  sample(schema: Schema, options: { readonly example?: unknown; readonly fileFields?: readonly string[]; readonly binary?: boolean } = {}): Sample {
    if (options.binary) return { [BYTES_MARKER]: 'mock-server bytes' };
    const files = new Set(options.fileFields ?? []);
    const candidates = [options.example, ...this.#examples(schema), this.#build(schema, 0, new Set())].filter((c) => c !== undefined);
    const withoutFiles = (value: unknown) => (isObject(value) && files.size > 0 ? Object.fromEntries(Object.entries(value).filter(([k]) => !files.has(k))) : value);
    const chosen = candidates.find((c) => this.accepts(schema, withoutFiles(c))) ?? candidates[candidates.length - 1];
    if (!isObject(chosen) || files.size === 0) return chosen;
    const out: Record<string, unknown> = { ...chosen };
    for (const field of files) if (field in out) out[field] = { [FILE_MARKER]: { filename: `${field}.txt`, text: 'mock-server file' } };
    return out;
  }

  /** `$ref`s of a schema resolve in the document registered as `spec`. */
  #withRefs(schema: Schema): Schema {
    return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#/g, '"$ref":"spec#')) as Schema;
  }

  #resolve(schema: Schema): Schema {
    let current = schema;
    for (let hops = 0; typeof current.$ref === 'string' && hops < 32; hops++) {
      const target = atPointer(this.#document, current.$ref);
      if (!isObject(target)) break;
      current = target;
    }
    return current;
  }

  #examples(raw: Schema): unknown[] {
    const schema = this.#resolve(raw);
    const out: unknown[] = [];
    if ('example' in schema) out.push(schema.example);
    if (Array.isArray(schema.examples)) out.push(...schema.examples);
    if ('default' in schema) out.push(schema.default);
    return out;
  }

  #build(raw: Schema, depth: number, seen: ReadonlySet<string>): unknown {
    const ref = typeof raw.$ref === 'string' ? raw.$ref : undefined;
    if (ref && seen.has(ref)) return undefined;
    const schema = this.#resolve(raw);
    const inner = ref ? new Set([...seen, ref]) : seen;
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.enum)) return schema.enum.find((v) => v !== null);
    const own = this.#examples(schema).find((e) => e !== undefined && this.accepts(schema, e));
    if (own !== undefined) return own;
    if (Array.isArray(schema.allOf)) {
      const parts = schema.allOf.filter(isObject).map((s) => this.#build(s, depth, inner));
      const rest = this.#build({ ...schema, allOf: undefined }, depth, inner);
      return parts.every(isObject) ? Object.assign({}, ...parts, isObject(rest) ? rest : {}) : parts.find((p) => p !== undefined);
    }
    for (const key of ['oneOf', 'anyOf'] as const) {
      if (Array.isArray(schema[key])) return this.#alternative(schema, key, depth, inner);
    }
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type ?? (isObject(schema.properties) ? 'object' : undefined);
    switch (type) {
      case 'object':
        return this.#object(schema, depth, inner);
      case 'array': {
        const item = isObject(schema.items) ? this.#build(schema.items, depth + 1, inner) : 'item';
        return item === undefined ? [] : Array.from({ length: Math.max(1, Number(schema.minItems ?? 1)) }, () => item);
      }
      case 'string':
        return stringFor(schema);
      case 'integer':
      case 'number':
        return numberFor(schema, type);
      case 'boolean':
        return true;
      default:
        return undefined;
    }
  }

  /**
   * A value of one branch of a oneOf (or anyOf) that Ajv accepts. Branches that
   * differ only by which properties they name or require all match an object
   * holding everything, so each branch is also tried without the properties
   * only the others require, then with the others' properties of the wrong
   * type: exactly one branch matches, as oneOf wants.
   */
  #alternative(schema: Schema, key: 'oneOf' | 'anyOf', depth: number, seen: ReadonlySet<string>): unknown {
    const branches = (schema[key] as unknown[]).filter(isObject);
    const base = this.#build({ ...schema, [key]: undefined }, depth, seen);
    const discriminator = isObject(schema.discriminator) ? schema.discriminator : undefined;
    const tries = branches.map((branch) => {
      const value = this.#merge(base, this.#build(branch, depth, seen));
      const tag = discriminator && typeof branch.$ref === 'string' ? this.#discriminatorValue(discriminator, branch.$ref) : undefined;
      return tag !== undefined && isObject(value) ? { ...value, [String(discriminator!.propertyName)]: tag } : value;
    });
    const others = (i: number) => branches.filter((_, j) => j !== i);
    const apart = tries.map((t, i) => (isObject(t) ? this.#without(t, others(i), branches[i]!) : t));
    const broken = apart.map((t, i) => (isObject(t) ? { ...this.#breaking(others(i), t), ...t } : t));
    return [...tries, ...apart, ...broken].find((t) => t !== undefined && this.accepts(schema, t)) ?? tries.find((t) => t !== undefined);
  }

  /** The discriminator's value naming a branch: its key in `mapping`, else the schema's name. */
  #discriminatorValue(discriminator: Schema, ref: string): string {
    const mapping = isObject(discriminator.mapping) ? discriminator.mapping : {};
    return Object.entries(mapping).find(([, target]) => target === ref)?.[0] ?? ref.split('/').pop()!;
  }

  /** Properties of a schema, through `$ref`s and `allOf`. */
  #propertiesOf(raw: Schema, depth = 0): { properties: Record<string, Schema>; required: string[] } {
    const schema = this.#resolve(raw);
    const properties: Record<string, Schema> = {};
    const required = Array.isArray(schema.required) ? [...(schema.required as string[])] : [];
    for (const [name, prop] of Object.entries(isObject(schema.properties) ? schema.properties : {})) if (isObject(prop)) properties[name] = prop;
    if (Array.isArray(schema.allOf) && depth < 8) {
      for (const part of schema.allOf.filter(isObject)) {
        const inner = this.#propertiesOf(part, depth + 1);
        Object.assign(properties, inner.properties);
        required.push(...inner.required);
      }
    }
    return { properties, required };
  }

  /** `value` less the properties only the other branches require. */
  #without(value: Record<string, unknown>, others: readonly Schema[], own: Schema): Record<string, unknown> {
    const mine = new Set(this.#propertiesOf(own).required);
    const theirs = new Set(others.flatMap((b) => this.#propertiesOf(b).required).filter((name) => !mine.has(name)));
    return Object.fromEntries(Object.entries(value).filter(([name]) => !theirs.has(name)));
  }

  /** Values of the wrong type for the typed properties of `branches` that `keep` does not have. */
  #breaking(branches: readonly Schema[], keep: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const branch of branches) {
      for (const [name, prop] of Object.entries(this.#propertiesOf(branch).properties)) {
        const type = this.#resolve(prop).type;
        if (!(name in keep) && typeof type === 'string') out[name] = type === 'string' ? 1 : 'x';
      }
    }
    return out;
  }

  #merge(base: unknown, variant: unknown): unknown {
    return isObject(base) && isObject(variant) ? { ...base, ...variant } : variant ?? base;
  }

  #object(schema: Schema, depth: number, seen: ReadonlySet<string>): Record<string, unknown> {
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    const out: Record<string, unknown> = {};
    for (const [name, prop] of Object.entries(isObject(schema.properties) ? schema.properties : {})) {
      if (!isObject(prop)) continue;
      const resolved = this.#resolve(prop);
      // What the server writes is not sent; optional properties only near the top, so recursive schemas end.
      if (resolved.readOnly === true || (!required.has(name) && depth >= 2)) continue;
      const value = this.#build(prop, depth + 1, seen);
      // An optional property no value can satisfy (a oneOf whose branches all match) is left out.
      if (value !== undefined && (required.has(name) || this.accepts(prop, value))) out[name] = value;
    }
    return out;
  }
}

const FORMATS: Record<string, string> = {
  'date-time': '2024-01-02T03:04:05Z',
  date: '2024-01-02',
  time: '03:04:05Z',
  email: 'someone@example.com',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  uri: 'https://example.com/x',
  url: 'https://example.com/x',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  byte: 'bW9jay1zZXJ2ZXI=',
  binary: 'mock-server bytes',
};

function stringFor(schema: Schema): string {
  let text = FORMATS[String(schema.format)] ?? 'mock';
  const min = Number(schema.minLength ?? 0);
  const max = schema.maxLength === undefined ? Infinity : Number(schema.maxLength);
  while (text.length < min) text += 'x';
  return text.length > max ? text.slice(0, Math.max(max, min)) : text;
}

function numberFor(schema: Schema, type: 'integer' | 'number'): number {
  // 3.0 writes exclusive bounds as booleans beside minimum/maximum, 3.1 as numbers.
  const low = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : schema.minimum !== undefined ? Number(schema.minimum) + (schema.exclusiveMinimum === true ? 1 : 0) : 1;
  const high = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - 1 : schema.maximum !== undefined ? Number(schema.maximum) - (schema.exclusiveMaximum === true ? 1 : 0) : Infinity;
  let value = Math.min(Math.max(low, 1), high);
  const step = Number(schema.multipleOf ?? (type === 'integer' ? 1 : 0));
  if (step > 0) value = Math.ceil(value / step) * step;
  return type === 'integer' ? Math.trunc(value) : value;
}
