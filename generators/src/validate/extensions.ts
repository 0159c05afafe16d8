/**
 * The `x-bd-*` extensions of the spec: their JSON Schemas and the checks that
 * need more than a schema (exactly one default environment, ...). Every
 * extension is optional; `ir/defaults.ts` says what the IR holds without one.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import { ALIAS_EFFECTS } from '../ir/types-extensions.js';

export interface ExtensionProblem {
  /** Path from the document root to the offending node. */
  readonly path: (string | number)[];
  readonly message: string;
}

const identifier = { type: 'string', pattern: '^[a-z][a-z0-9_]*$' };

/** Package names valid in each ecosystem (npm, PEP 508 + PEP 8 import, CRAN, Stata net). */
const packagesSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    typescript: {
      type: 'object', required: ['name'], additionalProperties: false,
      properties: {
        name: { type: 'string', maxLength: 214, pattern: '^(@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*$' },
        // The generated client class, which hand-written code imports by name: declared, not derived from the title.
        client: { type: 'string', pattern: '^[A-Z][A-Za-z0-9]*$', maxLength: 64 },
      },
    },
    python: {
      type: 'object', required: ['name', 'import'], additionalProperties: false,
      properties: {
        name: { type: 'string', pattern: '^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$' },
        import: { type: 'string', pattern: '^[a-z_][a-z0-9_]*$' },
      },
    },
    r: {
      type: 'object', required: ['name'], additionalProperties: false,
      properties: { name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9.]*[A-Za-z0-9]$' } },
    },
    stata: {
      type: 'object', required: ['name'], additionalProperties: false,
      properties: { name: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,31}$' } },
    },
    // What every package calls the API and the prefixes derived from it (ir/security.ts brandOf).
    brand: {
      type: 'object', additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 80 },
        short: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,39}$' },
        env_prefix: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{0,39}$' },
      },
    },
  },
};

const environmentsSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['name', 'project'],
    additionalProperties: false,
    properties: {
      name: identifier,
      project: { type: 'string', pattern: '^[a-z][a-z0-9-]{4,28}[a-z0-9]$' },
      default: { type: 'boolean' },
      dataset_suffix: { type: 'string', pattern: '^[a-z0-9_]*$' },
      api_url: { type: 'string', pattern: '^https?://[^\\s]+$' },
      description: { type: 'string' },
    },
  },
};

const retrySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['max_attempts', 'statuses', 'initial_delay_ms', 'multiplier', 'max_delay_ms'],
  properties: {
    max_attempts: { type: 'integer', minimum: 1, maximum: 10 },
    statuses: { type: 'array', items: { type: 'integer', minimum: 400, maximum: 599 }, uniqueItems: true },
    network_errors: { type: 'boolean' },
    initial_delay_ms: { type: 'integer', minimum: 0 },
    multiplier: { type: 'number', minimum: 1 },
    max_delay_ms: { type: 'integer', minimum: 0 },
    jitter: { type: 'number', minimum: 0, maximum: 1 },
    retry_after: { type: 'boolean' },
    max_retry_after_ms: { type: 'integer', minimum: 0 },
    bigquery_reasons: { type: 'array', items: { type: 'string' }, uniqueItems: true },
  },
};

const paginationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['page_param', 'page_size_param', 'items', 'page_total', 'count'],
  properties: {
    page_param: { type: 'string' }, page_size_param: { type: 'string' }, items: { type: 'string' },
    page_total: { type: 'string' }, count: { type: 'string' },
  },
};

const errorsSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['kind', 'name', 'statuses'],
    additionalProperties: false,
    properties: {
      kind: identifier,
      name: { type: 'string', pattern: '^[A-Z][A-Za-z0-9]*$' },
      statuses: { type: 'array', items: { type: 'integer', minimum: 400, maximum: 599 } },
      bigquery_reasons: { type: 'array', items: { type: 'string' } },
      description: { type: 'string' },
    },
  },
};

const dataSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['functions'],
  properties: {
    on_demand_usd_per_tib: { type: 'number', minimum: 0 },
    functions: {
      type: 'object',
      propertyNames: { pattern: '^[a-z][a-z0-9_]*$' },
      additionalProperties: {
        type: 'object',
        required: ['summary', 'returns', 'parameters'],
        additionalProperties: false,
        properties: {
          summary: { type: 'string' },
          description: { type: 'string' },
          returns: { enum: ['rows', 'file', 'estimate'] },
          result: { type: 'object' },
          parameters: {
            type: 'object',
            required: ['type', 'properties'],
            properties: {
              type: { const: 'object' },
              required: { type: 'array', items: { type: 'string' } },
              properties: { type: 'object', propertyNames: { pattern: '^[a-z][a-z0-9_]*$' } },
            },
          },
        },
      },
    },
  },
};

/** A path into a GraphQL answer: field names and list indexes, dot-separated (`allTable.edges.0.node`). */
const answerPath = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.([A-Za-z_][A-Za-z0-9_]*|[0-9]+))*$', maxLength: 500 };

/** `x-bd-graphql` (docs/architecture.md): catalogue functions answered by fixed GraphQL documents. */
const graphqlSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'operations'],
  properties: {
    path: { type: 'string', pattern: '^/[A-Za-z0-9/_.-]*$' },
    locales: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[a-z]{2}(-[A-Za-z]{2})?$' } },
    operations: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
      additionalProperties: {
        type: 'object',
        required: ['query', 'result', 'responses'],
        additionalProperties: false,
        properties: {
          tags: { type: 'array', items: { type: 'string' } },
          'x-bd-method': { type: 'string' },
          summary: { type: 'string' },
          description: { type: 'string' },
          deprecated: { type: 'boolean' },
          parameters: { type: 'array', items: { type: 'object' } },
          query: { type: 'string', minLength: 1, maxLength: 100_000 },
          variables: { type: 'object', propertyNames: { pattern: '^[_A-Za-z][_0-9A-Za-z]*$' }, additionalProperties: { type: 'string' } },
          result: answerPath,
          exists: answerPath,
          connection: {
            type: 'object', required: ['first', 'offset'], additionalProperties: false,
            properties: { first: { type: 'string' }, offset: { type: 'string' } },
          },
          pluck: { type: 'object', propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, additionalProperties: answerPath },
          locale: { type: 'string' },
          responses: { type: 'object' },
        },
      },
    },
  },
};

/** `x-bd-aliases` (docs/architecture.md): per language, the old names of the existing packages. */
const aliasesSchema = {
  type: 'object',
  propertyNames: { enum: ['typescript', 'python', 'r', 'stata'] },
  additionalProperties: {
    type: 'array',
    items: {
      type: 'object',
      required: ['name', 'target'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.]*$', maxLength: 64 },
        target: { type: 'string', minLength: 1 },
        origin: { type: 'string' },
        parameters: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name'],
            additionalProperties: false,
            properties: {
              // A leading dot is R's (`download(.na = )`); each emitter checks the names its language accepts.
              name: { type: 'string', pattern: '^\\.?[A-Za-z_][A-Za-z0-9_.]*$', maxLength: 64 },
              to: { type: 'string' },
              values: { type: 'object' },
              ignored: { type: 'string', minLength: 1 },
              effect: { enum: ALIAS_EFFECTS },
              default: {},
            },
          },
        },
        returns: { enum: ['same', 'legacy_page', 'all_items', 'field', 'pick'] },
        field: { type: 'string' },
        pick: { type: 'array', items: { type: 'string' }, minItems: 1 },
        pluck: { type: 'string' },
        message: { type: 'string' },
      },
    },
  },
};

const EXTENSION_SCHEMAS: Record<string, object> = {
  'x-bd-packages': packagesSchema,
  'x-bd-environments': environmentsSchema,
  'x-bd-retry': retrySchema,
  'x-bd-pagination': paginationSchema,
  'x-bd-errors': errorsSchema,
  'x-bd-data': dataSchema,
  'x-bd-aliases': aliasesSchema,
  'x-bd-graphql': graphqlSchema,
};

const ajv = new Ajv2020.default({ allErrors: true, strict: false });
const validators = Object.fromEntries(Object.entries(EXTENSION_SCHEMAS).map(([name, schema]) => [name, ajv.compile(schema)]));

export function checkExtensions(root: Record<string, unknown>): ExtensionProblem[] {
  const problems: ExtensionProblem[] = [];
  for (const key of Object.keys(root)) {
    if (key.startsWith('x-bd-') && !(key in EXTENSION_SCHEMAS)) {
      problems.push({ path: [key], message: `unknown extension ${key}; known: ${Object.keys(EXTENSION_SCHEMAS).join(', ')}.` });
    }
  }
  for (const [name, validate] of Object.entries(validators)) {
    if (root[name] === undefined || validate(root[name])) continue;
    for (const error of validate.errors ?? []) problems.push(schemaProblem(name, error));
  }
  const environments = root['x-bd-environments'];
  if (Array.isArray(environments) && environments.filter((e) => (e as { default?: boolean }).default === true).length !== 1) {
    problems.push({ path: ['x-bd-environments'], message: 'exactly one environment must be marked `default: true`.' });
  }
  return problems;
}

function schemaProblem(extension: string, error: ErrorObject): ExtensionProblem {
  const tokens = error.instancePath.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const path: (string | number)[] = [extension, ...tokens.map((t) => (/^\d+$/.test(t) ? Number(t) : t))];
  const detail = error.keyword === 'additionalProperties'
    ? `unknown property ${JSON.stringify((error.params as { additionalProperty: string }).additionalProperty)}`
    : error.message ?? 'is invalid';
  return { path, message: `${[extension, ...tokens].join('.')} ${detail}.` };
}
