/**
 * Our own lint rules, run by redocly's walker next to its built-in ones so
 * they report with the same file/line/pointer locations.
 */
import { ambiguousPaths } from './ambiguous-paths.js';
import { checkExtensions } from './extensions.js';
import { checkGraphql } from './graphql.js';

/** JSON Schema keywords the IR cannot express in every language yet: the value is then typed without them. */
const UNSUPPORTED_SCHEMA_KEYWORDS = ['not', 'if', 'then', 'else', '$dynamicRef', 'prefixItems', 'patternProperties', 'dependentSchemas'] as const;

type Report = (problem: { message: string; location?: unknown }) => void;
interface Ctx {
  report: Report;
  location: { child(path: string | number | (string | number)[]): unknown };
}

function unsupported(ctx: Ctx, key: string, what: string, effect: string): void {
  ctx.report({
    message: `${what} is an unsupported construct: ${effect}.`,
    location: (ctx.location.child([key]) as { key(): unknown }).key(),
  });
}

const unsupportedConstruct = () => ({
  Root: {
    enter(root: Record<string, unknown>, ctx: Ctx) {
      if (root.webhooks !== undefined) unsupported(ctx, 'webhooks', '`webhooks`', 'no client code receives them, so they are left out');
    },
  },
  Operation: {
    enter(operation: Record<string, unknown>, ctx: Ctx) {
      if (operation.callbacks !== undefined) unsupported(ctx, 'callbacks', '`callbacks`', 'the operation is generated without them');
    },
  },
  Schema: {
    enter(schema: Record<string, unknown>, ctx: Ctx) {
      for (const keyword of UNSUPPORTED_SCHEMA_KEYWORDS) {
        if (schema[keyword] !== undefined) unsupported(ctx, keyword, `The schema keyword \`${keyword}\``, 'values are typed and checked without it');
      }
    },
  },
});

/** Each operationId becomes a function name in every language, so it must be unique. */
const operationIdUnique = () => {
  const firstUse = new Map<string, string>();
  return {
    Operation: {
      enter(operation: Record<string, unknown>, ctx: Ctx & { location: { pointer: string } }) {
        const id = operation.operationId;
        if (typeof id !== 'string') return;
        const previous = firstUse.get(id);
        if (previous === undefined) {
          firstUse.set(id, ctx.location.pointer);
          return;
        }
        ctx.report({
          message: `operationId ${JSON.stringify(id)} is already used by ${previous}; each operationId becomes a function name, so it must be unique.`,
          location: ctx.location.child(['operationId']),
        });
      },
    },
  };
};

/** redocly's `no-ambiguous-paths`, the same message, without its pairwise comparison of every two paths. */
const noAmbiguousPaths = () => ({
  Paths: {
    enter(paths: Record<string, unknown>, ctx: Ctx) {
      const keys = Object.keys(paths);
      ambiguousPaths(keys).forEach((earlier, i) => {
        if (earlier === undefined) return;
        ctx.report({
          message: `Paths should resolve unambiguously. Found two ambiguous paths: \`${earlier}\` and \`${keys[i]}\`.`,
          location: (ctx.location.child([keys[i]!]) as { key(): unknown }).key(),
        });
      });
    },
  },
});

const extensions = () => ({
  Root: {
    enter(root: Record<string, unknown>, ctx: Ctx) {
      // The documents are checked only when the extension's shape is right.
      const shape = checkExtensions(root);
      for (const problem of shape.some((p) => p.path[0] === 'x-bd-graphql') ? shape : [...shape, ...checkGraphql(root)]) {
        ctx.report({ message: problem.message, location: ctx.location.child(problem.path) });
      }
    },
  },
});

/** A redocly plugin (its `Plugin` type is not exported, so this is its shape). */
export const BDGEN_PLUGIN = {
  id: 'bdgen',
  rules: {
    oas3: {
      'unsupported-construct': unsupportedConstruct,
      'operation-id-unique': operationIdUnique,
      'no-ambiguous-paths': noAmbiguousPaths,
      extensions,
    },
  },
};
