/**
 * Validate stage: the OpenAPI structure and lint rules (redocly's, plus ours),
 * reported as diagnostics with file, line and JSON pointer.
 */
import { createConfig, getLineColLocation, lintDocument, type NormalizedProblem, type StyleguideConfig } from '@redocly/openapi-core';
import type { Diagnostic } from '../diagnostics.js';
import { sortDiagnostics } from '../diagnostics.js';
import type { LoadedSpec } from '../load/load-spec.js';
import { nodeAtPointer } from '../load/pointer.js';
import { BDGEN_PLUGIN } from './bdgen-rules.js';

/**
 * Rules a spec must pass to generate. Errors stop generation; warnings are
 * printed. Style rules that say nothing about whether code can be generated
 * stay warnings so a fork's spec is not refused over them.
 */
export const LINT_RULES: Record<string, 'error' | 'warn' | 'off'> = {
  struct: 'error',
  'no-unresolved-refs': 'error',
  'operation-operationId': 'error',
  // replaced by bdgen/operation-id-unique, which names the first use
  'operation-operationId-unique': 'off',
  'operation-operationId-url-safe': 'error',
  'operation-parameters-unique': 'error',
  'path-parameters-defined': 'error',
  'path-declaration-must-exist': 'error',
  'no-identical-paths': 'error',
  'no-ambiguous-paths': 'error',
  'no-path-trailing-slash': 'error',
  'no-enum-type-mismatch': 'error',
  'no-invalid-media-type-examples': 'error',
  'no-invalid-parameter-examples': 'error',
  'no-invalid-schema-examples': 'error',
  'no-example-value-and-externalValue': 'error',
  'spec-components-invalid-map-name': 'error',
  'no-server-variables-empty-enum': 'error',
  'no-undefined-server-variable': 'error',
  'operation-2xx-response': 'error',
  'operation-summary': 'warn',
  'operation-description': 'warn',
  'operation-4xx-response': 'warn',
  'operation-tag-defined': 'warn',
  'tag-description': 'warn',
  'parameter-description': 'warn',
  'info-license': 'warn',
  'no-server-example.com': 'warn',
  'no-empty-servers': 'warn',
  // x-bd-data refers to components no operation uses; redocly cannot see that.
  'no-unused-components': 'off',
  'security-defined': 'off',
  'bdgen/unsupported-construct': 'error',
  'bdgen/operation-id-unique': 'error',
  'bdgen/extensions': 'error',
};

/** How to fix what a rule reports, where redocly's message does not say. */
const HINTS: Record<string, string> = {
  'operation-operationId': 'Add an operationId: it names the generated function in every language.',
  'no-unresolved-refs': 'Check the file path (relative to the file holding the $ref) and the JSON pointer after #.',
  struct: 'See the OpenAPI 3.1 specification for the fields this object allows.',
};

let styleguide: Promise<StyleguideConfig> | undefined;

function lintConfig(): Promise<StyleguideConfig> {
  styleguide ??= createConfig({ plugins: [BDGEN_PLUGIN], rules: LINT_RULES } as unknown as Parameters<typeof createConfig>[0]).then((c) => c.styleguide);
  return styleguide;
}

export async function validateSpec(spec: LoadedSpec): Promise<Diagnostic[]> {
  const problems = await lintDocument({ document: spec.document, config: await lintConfig(), externalRefResolver: spec.resolver });
  return sortDiagnostics(problems.map((p) => toDiagnostic(p, spec)));
}

function toDiagnostic(problem: NormalizedProblem, spec: LoadedSpec): Diagnostic {
  const location = problem.location[0];
  const lineCol = location ? getLineColLocation(location) : undefined;
  return {
    severity: problem.severity === 'error' ? 'error' : 'warning',
    rule: problem.ruleId,
    message: explain(problem, spec),
    ...(location ? { file: location.source.absoluteRef, pointer: (location.pointer ?? '#').replace(/^#\/$/, '#') } : {}),
    ...(lineCol ? { line: lineCol.start.line, column: lineCol.start.col } : {}),
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
