// The filter arguments of every connection, generated as the backend's
// generate_filter_fields (backend/custom/graphql_auto.py) and django-filter
// generate them, and their evaluation with Django's semantics.
import type { Database, Row } from '../backend/database.js';
import { parsePythonUuid } from '../backend/ids.js';
import { MODEL_BY_NAME, expandedFields, isRelation, reverseRelations, type ModelDef, type ModelName, type ScalarField } from '../backend/models.js';
import { pythonJson, pythonRepr } from '../backend/python-json.js';
import type { Instant } from './scalars.js';

export type Lookup = 'exact' | 'isnull' | 'in' | 'icontains' | 'istartswith' | 'iendswith' | 'lt' | 'lte' | 'gt' | 'gte' | 'range';

const BASE: Lookup[] = ['exact', 'isnull', 'in'];
const STRING: Lookup[] = ['icontains', 'istartswith', 'iendswith'];
const COMPARABLE: Lookup[] = ['lt', 'lte', 'gt', 'gte', 'range'];
const STRING_KINDS = new Set(['slug', 'char', 'text', 'url']);
const COMPARABLE_KINDS = new Set(['int', 'posint', 'bigint', 'float', 'datetime', 'date']);
/** generate_filter_fields stops following relations once this many models were visited. */
const MAX_VISITED = 10;

export interface FilterSpec {
  /** The GraphQL argument, e.g. dataset_Id (graphene's to_camel_case of the django name). */
  argName: string;
  /** django-filter's name, e.g. dataset__id; form errors are keyed by it. */
  djangoName: string;
  /** Relations followed from the connection's model, each with the model it starts from. */
  steps: Array<{ model: ModelName; relation: string }>;
  /** The model and field compared. */
  model: ModelName;
  field: ScalarField;
  lookup: Lookup;
}

/** graphene.utils.str_converters.to_camel_case. */
export function toCamelCase(snake: string): string {
  const [first, ...rest] = snake.split('_');
  return first + rest.map((x) => (x === '' ? '_' : x.charAt(0).toUpperCase() + x.slice(1).toLowerCase())).join('');
}

interface MetaField {
  name: string;
  scalar?: ScalarField;
  related?: ModelName;
}

/** Django's _meta.get_fields() order: reverse relations, concrete fields, then many-to-many fields. */
function getFields(model: ModelDef): MetaField[] {
  const reverse = reverseRelations(model.name).map((r): MetaField => ({ name: r.name, related: r.from }));
  const own = expandedFields(model).map((f): MetaField => (isRelation(f) ? { name: f.name, related: f.to } : { name: f.name, scalar: f }));
  const isM2m = (f: MetaField): boolean => model.fields.some((x) => x.name === f.name && x.kind === 'm2m');
  return [...reverse, ...own.filter((f) => !isM2m(f)), ...own.filter(isM2m)];
}

interface FieldFilters {
  path: string[];
  lookups: Lookup[];
}

/** generate_filter_fields.get_filter_fields: every field at the top, the nested whitelist below, each model visited once. */
function filterFields(model: ModelDef, visited: ModelName[]): FieldFilters[] {
  if (visited.length > MAX_VISITED) return [];
  const top = visited.length === 0;
  const fields = getFields(model).filter((f) => top || model.nestedFilters.includes(f.name));
  visited.push(model.name);
  const out = new Map<string, FieldFilters>([['id', { path: ['id'], lookups: BASE }]]);
  for (const f of fields) {
    if (f.scalar?.kind === 'image') continue;
    if (f.scalar) {
      const extra = STRING_KINDS.has(f.scalar.kind) ? STRING : COMPARABLE_KINDS.has(f.scalar.kind) ? COMPARABLE : [];
      out.set(f.name, { path: [f.name], lookups: [...BASE, ...extra] });
      continue;
    }
    out.set(f.name, { path: [f.name], lookups: [] });
    if (visited.includes(f.related!)) continue;
    for (const sub of filterFields(MODEL_BY_NAME.get(f.related!)!, visited)) {
      out.set([f.name, ...sub.path].join('__'), { path: [f.name, ...sub.path], lookups: sub.lookups });
    }
  }
  return [...out.values()];
}

const cache = new Map<ModelName, FilterSpec[]>();

/** The filters of a model's connections, in django-filter's order. */
export function filterSpecs(model: ModelName): FilterSpec[] {
  const known = cache.get(model);
  if (known) return known;
  const specs: FilterSpec[] = [];
  for (const { path, lookups } of filterFields(MODEL_BY_NAME.get(model)!, [])) {
    const steps: FilterSpec['steps'] = [];
    let current = MODEL_BY_NAME.get(model)!;
    for (const relation of path.slice(0, -1)) {
      steps.push({ model: current.name, relation });
      const forward = current.fields.find((f) => f.name === relation);
      current = MODEL_BY_NAME.get(forward && isRelation(forward) ? forward.to : reverseRelations(current.name).find((r) => r.name === relation)!.from)!;
    }
    const last = path[path.length - 1]!;
    const field = expandedFields(current).find((f) => f.name === last) as ScalarField;
    const base = path.join('__');
    for (const lookup of lookups) {
      const djangoName = lookup === 'exact' ? base : `${base}__${lookup}`;
      specs.push({ argName: toCamelCase(djangoName), djangoName, steps, model: current.name, field, lookup });
    }
  }
  cache.set(model, specs);
  return specs;
}

/** A Django exception raised while filtering; its message is Python's str() of it. */
export class FilterError extends Error {}

/** django_filters' EMPTY_VALUES: such a filter is not applied. */
const isEmpty = (v: unknown): boolean => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

type Comparable = string | number | boolean;

function normalize(field: ScalarField, value: unknown): Comparable | null {
  if (value === null || value === undefined) return null;
  if (field.kind === 'datetime' || field.kind === 'date') return typeof value === 'string' ? Date.parse(value) : (value as Instant).ms;
  if (field.kind === 'uuid') return parsePythonUuid(String(value)) ?? String(value);
  return value as Comparable;
}

function matches(spec: FilterSpec, leaf: Comparable | null, value: unknown): boolean {
  const v = Array.isArray(value) ? value.map((x) => normalize(spec.field, x)) : normalize(spec.field, value);
  const upper = (x: unknown): string => String(x).toUpperCase();
  switch (spec.lookup) {
    case 'isnull':
      return (leaf === null) === Boolean(value);
    case 'exact':
      return leaf !== null && leaf === v;
    case 'in':
      return leaf !== null && (v as Comparable[]).includes(leaf);
    case 'icontains':
      return leaf !== null && upper(leaf).includes(upper(v));
    case 'istartswith':
      return leaf !== null && upper(leaf).startsWith(upper(v));
    case 'iendswith':
      return leaf !== null && upper(leaf).endsWith(upper(v));
    case 'lt':
      return leaf !== null && leaf < (v as Comparable);
    case 'lte':
      return leaf !== null && leaf <= (v as Comparable);
    case 'gt':
      return leaf !== null && leaf > (v as Comparable);
    case 'gte':
      return leaf !== null && leaf >= (v as Comparable);
    case 'range': {
      const [a, b] = v as Comparable[];
      return leaf !== null && leaf >= a! && leaf <= b!;
    }
  }
}

/** The compared values reached from a row, one per joined row; a missing relation joins one NULL (LEFT JOIN). */
function leaves(db: Database, spec: FilterSpec, row: Row): Array<Comparable | null> {
  let current: Array<Row | null> = [row];
  for (const step of spec.steps) {
    current = current.flatMap((r) => {
      if (r === null) return [null];
      const next = db.many(step.model, r, step.relation);
      return next.length === 0 ? [null] : next;
    });
  }
  return current.map((r) => (r === null ? null : normalize(spec.field, r[spec.field.name])));
}

/**
 * The filterset's form first (a bad value: a ValidationError carrying the
 * form's errors as JSON), then one queryset.filter() per argument: a filter
 * across a many-valued relation is a join of its own, so a row comes back once
 * per matching related row (no distinct(), as in the backend).
 */
export function applyFilters(db: Database, rows: readonly Row[], specs: readonly FilterSpec[], args: Record<string, unknown>): Row[] {
  const active = specs.filter((s) => !isEmpty(args[s.argName]));
  const formErrors: Record<string, Array<{ message: string; code: string }>> = {};
  for (const s of active) {
    const value = args[s.argName];
    if (s.lookup === 'range' && (value as unknown[]).length !== 2) {
      formErrors[s.djangoName] = [{ message: 'Invalid range specified: it needs to contain 2 values.', code: 'invalid' }];
    } else if (s.field.kind === 'uuid' && s.lookup === 'exact' && !parsePythonUuid(String(value))) {
      formErrors[s.djangoName] = [{ message: 'Enter a valid UUID.', code: 'invalid' }];
    }
  }
  if (Object.keys(formErrors).length > 0) throw new FilterError(`[${pythonRepr(pythonJson(formErrors))}]`);
  for (const s of active) {
    if (s.field.kind !== 'uuid' || s.lookup !== 'in') continue;
    const bad = (args[s.argName] as unknown[]).find((v) => !parsePythonUuid(String(v)));
    if (bad !== undefined) throw new FilterError(`[${pythonRepr(`“${String(bad)}” is not a valid UUID.`)}]`);
  }
  const out: Row[] = [];
  for (const row of rows) {
    let times = 1;
    for (const s of active) {
      times *= leaves(db, s, row).filter((leaf) => matches(s, leaf, args[s.argName])).length;
      if (times === 0) break;
    }
    for (let i = 0; i < times; i++) out.push(row);
  }
  return out;
}
