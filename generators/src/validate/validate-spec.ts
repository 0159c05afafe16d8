/**
 * Validate stage: the OpenAPI structure and lint rules (redocly's, plus ours),
 * reported as diagnostics with file, line and JSON pointer.
 */
import { createConfig, lintDocument, type NormalizedProblem, type StyleguideConfig } from '@redocly/openapi-core';
import type { Diagnostic } from '../diagnostics.js';
import { sortDiagnostics } from '../diagnostics.js';
import type { LoadedSpec } from '../load/load-spec.js';
import { locate } from '../load/locate.js';
import { nodeAtPointer } from '../load/pointer.js';
import { PROTOTYPE_KEYS_PLUGIN } from '../load/prototype-keys.js';
import { BDGEN_PLUGIN } from './bdgen-rules.js';

/**
 * The lint profile. An error is what would produce broken code (a `$ref`
 * that resolves to nothing, a path placeholder no parameter fills, two
 * operations with one name, a malformed `x-bd-*` extension); everything that
 * only makes the documentation wrong or thin is a warning, counted by rule in
 * the summary line. `--strict` (`validateSpec(spec, { strict: true })`) makes
 * every warning an error: our own spec is held to that.
 */
export const LINT_RULES: Record<string, 'error' | 'warn' | 'off'> = {
  'no-unresolved-refs': 'error',
  'path-parameters-defined': 'error',
  'bdgen/operation-id-unique': 'error',
  'bdgen/extensions': 'error',
  struct: 'warn',
  'operation-operationId': 'warn',
  // replaced by bdgen/operation-id-unique, which names the first use
  'operation-operationId-unique': 'off',
  'operation-operationId-url-safe': 'warn',
  'operation-parameters-unique': 'warn',
  'path-declaration-must-exist': 'warn',
  'no-identical-paths': 'warn',
  // replaced by bdgen/no-ambiguous-paths: the same check, not quadratic in the paths
  'no-ambiguous-paths': 'off',
  'bdgen/no-ambiguous-paths': 'warn',
  // Django's APPEND_SLASH APIs (the Base dos Dados backend) end their paths in a slash; no generated code minds.
  'no-path-trailing-slash': 'off',
  'no-enum-type-mismatch': 'warn',
  'no-invalid-media-type-examples': 'warn',
  'no-invalid-parameter-examples': 'warn',
  'no-invalid-schema-examples': 'warn',
  'no-example-value-and-externalValue': 'warn',
  'spec-components-invalid-map-name': 'warn',
  'no-server-variables-empty-enum': 'warn',
  'no-undefined-server-variable': 'warn',
  'operation-2xx-response': 'warn',
  'operation-summary': 'warn',
  'operation-description': 'warn',
  'operation-4xx-response': 'warn',
  'operation-tag-defined': 'warn',
  'tag-description': 'warn',
  'parameter-description': 'warn',
  'info-license': 'warn',
  'no-server-example.com': 'warn',
  'no-empty-servers': 'warn',
  // x-bd-data and x-bd-graphql refer to components no path operation uses; redocly cannot see that.
  'no-unused-components': 'off',
  'security-defined': 'off',
  'bdgen/unsupported-construct': 'warn',
};

/** How to fix what a rule reports, where redocly's message does not say. */
const HINTS: Record<string, string> = {
  'operation-operationId': 'Add an operationId: it names the generated function in every language.',
  'no-unresolved-refs': 'Check the file path (relative to the file holding the $ref) and the JSON pointer after #.',
  struct: 'See the OpenAPI 3.1 specification for the fields this object allows.',
};

/**
 * Rules that check the spec's examples against their schemas: documentation
 * only (no example reaches generated code but as a doc line), and the costly
 * part of linting a large spec (5 of GitHub's 8 s: an ajv validator compiled
 * per schema). `bdgen validate` and `--strict` run them; `generate` does not.
 */
export const EXAMPLE_RULES = ['no-invalid-media-type-examples', 'no-invalid-parameter-examples', 'no-invalid-schema-examples'] as const;

const styleguides = new Map<boolean, Promise<StyleguideConfig>>();

function lintConfig(examples: boolean): Promise<StyleguideConfig> {
  let styleguide = styleguides.get(examples);
  if (!styleguide) {
    const rules = examples ? LINT_RULES : { ...LINT_RULES, ...Object.fromEntries(EXAMPLE_RULES.map((r) => [r, 'off'])) };
    styleguide = createConfig({ plugins: [BDGEN_PLUGIN, PROTOTYPE_KEYS_PLUGIN], rules } as unknown as Parameters<typeof createConfig>[0]).then((c) => c.styleguide);
    styleguides.set(examples, styleguide);
  }
  return styleguide;
}

export interface ValidateOptions {
  /** Every warning is an error (`bdgen validate --strict`). */
  readonly strict?: boolean;
  /** Check examples against their schemas ({@link EXAMPLE_RULES}); default true. */
  readonly examples?: boolean;
  /**
   * Give warnings their line and column (default true). `generate` only counts
   * them, and locating means parsing each file's YAML AST (0.7 s on GitHub's spec).
   */
  readonly locateWarnings?: boolean;
}

export async function validateSpec(spec: LoadedSpec, options: ValidateOptions = {}): Promise<Diagnostic[]> {
  const config = await lintConfig(options.examples !== false || options.strict === true);
  const problems = (await lintDocument({ document: spec.document, config, externalRefResolver: spec.resolver })).filter((p) => !isSchemaNameMapping(p, spec));
  const strict = options.strict === true;
  return sortDiagnostics(strictly(problems.map((p) => toDiagnostic(p, spec, strict || options.locateWarnings !== false || p.severity === 'error')), strict));
}

/**
 * A `discriminator.mapping` value may be a schema's name instead of a `$ref`
 * (OpenAPI 3.0/3.1, Discriminator Object): the linter resolves it as a
 * relative file and reports it unresolved. One naming a schema of
 * `components.schemas` is fine.
 */
function isSchemaNameMapping(problem: NormalizedProblem, spec: LoadedSpec): boolean {
  const location = problem.location[0];
  if (problem.ruleId !== 'no-unresolved-refs' || !location?.pointer || !/\/discriminator\/mapping\/[^/]+$/.test(location.pointer)) return false;
  const parsed = spec.documents.get(location.source.absoluteRef)?.parsed;
  const value = nodeAtPointer(parsed, location.pointer);
  const schemas = (parsed as { components?: { schemas?: Record<string, unknown> } } | undefined)?.components?.schemas;
  return typeof value === 'string' && !/[/#.]/.test(value) && schemas !== undefined && Object.hasOwn(schemas, value);
}

/** Under `--strict` a warning is an error, still naming its rule. */
export function strictly(diagnostics: readonly Diagnostic[], strict: boolean): Diagnostic[] {
  return strict ? diagnostics.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' as const } : d)) : [...diagnostics];
}

function toDiagnostic(problem: NormalizedProblem, spec: LoadedSpec, located: boolean): Diagnostic {
  const location = problem.location[0];
  const lineCol = location && located ? locate(location) : undefined;
  return {
    severity: problem.severity === 'error' ? 'error' : 'warning',
    rule: problem.ruleId,
    message: explain(problem, spec),
    ...(location ? { file: location.source.absoluteRef, pointer: (location.pointer ?? '#').replace(/^#\/$/, '#') } : {}),
    ...(lineCol ? { line: lineCol.line, column: lineCol.col } : {}),
    ...hintFor(problem),
  };
}

function hintFor(problem: NormalizedProblem): { hint?: string } {
  if (problem.suggest.length > 0) return { hint: `Did you mean: ${problem.suggest.join(', ')}?` };
  const hint = HINTS[problem.ruleId];
  return hint ? { hint } : {};
}

/** Redocly's messages are terse; say what the $ref was, since that is what the user must fix. */
function explain(problem: NormalizedProblem, spec: LoadedSpec): string {
  const message = problem.message.replace(/\.?$/, '.');
  const location = problem.location[0];
  if (problem.ruleId !== 'no-unresolved-refs' || !location?.pointer) return message;
  const node = nodeAtPointer(spec.documents.get(location.source.absoluteRef)?.parsed, location.pointer);
  const ref = (node as { $ref?: unknown } | undefined)?.$ref;
  if (typeof ref !== 'string') return message;
  const reason = message.replace(/^Can't resolve \$ref:?\s*/, '').replace(/^\.$/, '');
  return `$ref ${JSON.stringify(ref)} does not resolve${reason ? `: ${reason}` : ': no such file or JSON pointer.'}`;
}
