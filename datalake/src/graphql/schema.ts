// The backend's GraphQL schema, generated from the model table (backend/models.ts)
// by graphene-django 3.0.0's rules as backend/custom/graphql_auto.py applies
// them: a <Model>Node per model (Node interface, `id` as "<Type>:<uuid>", `_id`
// the UUID, every field camel-cased, properties after), CountableConnection
// connections with the generated filters, and two root fields per model,
// `<Model>Node(id:)` and `all<Model>` (graphene's casing: allCloudtable).
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
} from 'graphql';
import { compareText } from '../backend/collation.js';
import type { Database, Row } from '../backend/database.js';
import { MODELS, MODEL_BY_NAME, expandedFields, isRelation, reverseRelations, type ModelDef, type ModelName, type ScalarField } from '../backend/models.js';
import { PropertyError } from '../backend/properties.js';
import { checkPagingArgs, connect, type ConnectionArgs } from './connection.js';
import { applyFilters, filterSpecs, toCamelCase } from './filters.js';
import { nodeById } from './node.js';
import { BigIntScalar, DateScalar, DateTimeScalar, FileFieldScalar, GenericScalar, UUIDScalar } from './scalars.js';

export interface GraphqlContext {
  db: Database;
  /** scheme://host of the request: BaseModel.admin_url starts with the backend's own URL. */
  origin: string;
}

const typeName = (model: ModelName): string => `${model}Node`;

/** graphene-django's enum of a choices field: <App><Model><Field>Choices, members A_<value> when the value is not a name. */
function choicesEnum(model: ModelDef, field: ScalarField): GraphQLEnumType {
  const name = `V1${model.name}${toCamelCase(field.name.replace(/(^|_)([a-z])/g, (_, sep: string, c: string) => `${sep}${c.toUpperCase()}`))}Choices`;
  const values = Object.fromEntries(field.choices!.map(([value]) => [/^[_A-Za-z]/.test(String(value)) ? String(value).toUpperCase() : `A_${value}`, { value }]));
  return new GraphQLEnumType({ name, values });
}

/** Django field class -> graphene type (converter.py), before NonNull. */
function scalarType(field: ScalarField, enums: Map<string, GraphQLEnumType>, model: ModelDef): GraphQLOutputType & GraphQLInputType {
  if (field.choices) {
    const key = `${model.name}.${field.name}`;
    if (!enums.has(key)) enums.set(key, choicesEnum(model, field));
    return enums.get(key)!;
  }
  switch (field.kind) {
    case 'uuid':
      return UUIDScalar;
    case 'int':
    case 'posint':
      return GraphQLInt;
    case 'bigint':
      return BigIntScalar;
    case 'float':
      return GraphQLFloat;
    case 'bool':
      return GraphQLBoolean;
    case 'datetime':
      return DateTimeScalar;
    case 'date':
      return DateScalar;
    case 'image':
      return FileFieldScalar;
    default:
      return GraphQLString;
  }
}

const PROPERTY_TYPES = { generic: GenericScalar, string: GraphQLString, int: GraphQLInt, list_string: new GraphQLList(GraphQLString) };
const CONNECTION_ARGS: GraphQLFieldConfigArgumentMap = {
  offset: { type: GraphQLInt },
  before: { type: GraphQLString },
  after: { type: GraphQLString },
  first: { type: GraphQLInt },
  last: { type: GraphQLInt },
};

/** Rows in the model's Meta.ordering (the database's collation for text, NULLs last as PostgreSQL puts them; ties by id so pages are stable). */
function ordered(model: ModelDef, rows: readonly Row[]): Row[] {
  const keys = model.ordering.map((o) => ({ name: o.replace(/^-/, ''), desc: o.startsWith('-') }));
  return [...rows].sort((a, b) => {
    for (const { name, desc } of keys) {
      const x = a[name] as string | number | null;
      const y = b[name] as string | number | null;
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      const order = typeof x === 'string' && typeof y === 'string' ? compareText(x, y) : x < y ? -1 : 1;
      return order * (desc ? -1 : 1);
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

export function buildSchema(): GraphQLSchema {
  const enums = new Map<string, GraphQLEnumType>();
  const nodeInterface = new GraphQLInterfaceType({ name: 'Node', fields: { id: { type: new GraphQLNonNull(GraphQLID) } } });
  const pageInfo = new GraphQLObjectType({
    name: 'PageInfo',
    fields: {
      hasNextPage: { type: new GraphQLNonNull(GraphQLBoolean) },
      hasPreviousPage: { type: new GraphQLNonNull(GraphQLBoolean) },
      startCursor: { type: GraphQLString },
      endCursor: { type: GraphQLString },
    },
  });
  const nodes = new Map<ModelName, GraphQLObjectType>();
  const connections = new Map<ModelName, GraphQLObjectType>();

  /** The filter arguments of a connection to `model`: the type of the compared field on its node (ID for `id`). */
  const filterArgs = (model: ModelName): GraphQLFieldConfigArgumentMap => {
    const args: GraphQLFieldConfigArgumentMap = { ...CONNECTION_ARGS };
    for (const spec of filterSpecs(model)) {
      const base = spec.field.name === 'id' ? GraphQLID : scalarType(spec.field, enums, MODEL_BY_NAME.get(spec.model)!);
      const type = spec.lookup === 'isnull' ? GraphQLBoolean : spec.lookup === 'in' || spec.lookup === 'range' ? new GraphQLList(base) : base;
      args[spec.argName] = { type };
    }
    return args;
  };

  /** A DjangoFilterConnectionField: paging checks, the queryset in Meta.ordering, the filterset, then the page. */
  const connectionField = (model: ModelName, rowsOf: (source: Row, ctx: GraphqlContext) => readonly Row[], required: boolean): GraphQLFieldConfig<Row, GraphqlContext> => ({
    type: required ? new GraphQLNonNull(connections.get(model)!) : connections.get(model)!,
    args: filterArgs(model),
    resolve: (source, args: Record<string, unknown>, ctx, info: GraphQLResolveInfo) => {
      checkPagingArgs(args as ConnectionArgs, info.fieldName);
      const rows = ordered(MODEL_BY_NAME.get(model)!, rowsOf(source, ctx));
      return connect(applyFilters(ctx.db, rows, filterSpecs(model), args), args as ConnectionArgs);
    },
  });

  for (const model of MODELS) {
    const name = typeName(model.name);
    nodes.set(
      model.name,
      new GraphQLObjectType<Row, GraphqlContext>({
        name,
        interfaces: [nodeInterface],
        fields: () => nodeFields(model, name),
      }),
    );
    const edge = new GraphQLObjectType({
      name: `${name}Edge`,
      fields: () => ({ node: { type: nodes.get(model.name)! }, cursor: { type: new GraphQLNonNull(GraphQLString) } }),
    });
    connections.set(
      model.name,
      new GraphQLObjectType({
        name: `${name}Connection`,
        fields: {
          pageInfo: { type: new GraphQLNonNull(pageInfo) },
          edges: { type: new GraphQLNonNull(new GraphQLList(edge)) },
          totalCount: { type: GraphQLInt },
          edgeCount: { type: GraphQLInt },
        },
      }),
    );
  }

  function nodeFields(model: ModelDef, name: string): GraphQLFieldConfigMap<Row, GraphqlContext> {
    const fields: GraphQLFieldConfigMap<Row, GraphqlContext> = {};
    for (const f of expandedFields(model)) {
      const key = toCamelCase(f.name);
      if (f.name === 'id') {
        fields.id = { type: new GraphQLNonNull(GraphQLID), resolve: (row) => `${name}:${row.id}` };
      } else if (!isRelation(f)) {
        const type = scalarType(f, enums, model);
        // An ImageField without a file is still a FieldFile, which FileFieldScalar writes as "".
        const resolve = f.kind === 'image' ? (row: Row) => row[f.name] ?? '' : (row: Row) => row[f.name];
        fields[key] = { type: f.null ? type : new GraphQLNonNull(type), resolve };
      } else if (f.kind === 'fk') {
        const target = nodes.get(f.to)!;
        fields[key] = { type: f.null ? target : new GraphQLNonNull(target), resolve: (row, _a, ctx) => ctx.db.one(model.name, row, f.name) };
      } else {
        fields[key] = connectionField(f.to, (row, ctx) => ctx.db.many(model.name, row, f.name), true);
      }
    }
    for (const r of reverseRelations(model.name)) {
      fields[toCamelCase(r.name)] = connectionField(r.from, (row, ctx) => ctx.db.many(model.name, row, r.name), true);
    }
    fields._id = { type: UUIDScalar, resolve: (row) => row.id };
    const properties = { ...model.properties, admin_url: 'generic' as const };
    for (const prop of Object.keys(properties).sort()) {
      fields[toCamelCase(prop)] = {
        type: PROPERTY_TYPES[properties[prop as keyof typeof properties]],
        resolve: (row, _a, ctx) => {
          if (prop === 'admin_url') return `${ctx.origin}/admin/v1/${model.name.toLowerCase()}/${row.id}/change/`;
          const value = row[prop];
          if (value instanceof PropertyError) throw value;
          return value;
        },
      };
    }
    return fields;
  }

  const query: GraphQLFieldConfigMap<Row, GraphqlContext> = {};
  for (const model of MODELS) {
    const node = nodes.get(model.name)!;
    query[typeName(model.name)] = {
      type: node,
      args: { id: { type: new GraphQLNonNull(GraphQLID) } },
      resolve: (_s, args: { id: string }, ctx, info) => nodeById(ctx.db, model.name, args.id, (n) => info.schema.getType(n) !== undefined),
    };
    query[toCamelCase(`all_${model.name}`)] = connectionField(model.name, (_row, ctx) => ctx.db.rows(model.name), false);
  }
  return new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: query }) });
}
