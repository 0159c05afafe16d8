/**
 * Diagnostics: the one shape every stage uses to report a problem in a spec,
 * so the CLI can print them all the same way (file, line, JSON pointer, rule).
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  /** Rule id: redocly's own (`no-unresolved-refs`) or ours (`bdgen/ref-cycle`). */
  readonly rule: string;
  readonly message: string;
  /** File the problem is in (absolute); absent for problems of the whole run. */
  readonly file?: string;
  /** JSON pointer inside `file`, starting with `#`. */
  readonly pointer?: string;
  readonly line?: number;
  readonly column?: number;
  /** A hint on how to fix it, when there is one worth giving. */
  readonly hint?: string;
}

/** Thrown by a stage that cannot go on; carries every problem found so far. */
export class SpecError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(`${diagnostics.length} problem(s) in the spec:\n${diagnostics.map((d) => formatDiagnostic(d)).join('\n\n')}`);
    this.name = 'SpecError';
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/**
 * One paragraph per problem: where (file:line:column), which rule, the JSON
 * pointer, then what is wrong and how to fix it.
 */
export function formatDiagnostic(d: Diagnostic, cwd: string = process.cwd()): string {
  const where = d.file ? `${relativeTo(cwd, d.file)}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}` : '(spec)';
  const pointer = d.pointer ? ` at ${d.pointer}` : '';
  const hint = d.hint ? ` ${d.hint}` : '';
  return `${d.severity} [${d.rule}] ${where}${pointer}: ${d.message}${hint}`;
}

function relativeTo(cwd: string, file: string): string {
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}

/** Sorts diagnostics by file, line, pointer and rule so output is deterministic. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => [d.file ?? '', String(d.line ?? 0).padStart(8, '0'), d.pointer ?? '', d.rule, d.message].join('\u0000');
  return [...diagnostics].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Escapes one JSON pointer token (RFC 6901). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerOf(tokens: readonly (string | number)[]): string {
  return `#${tokens.map((t) => `/${escapePointerToken(String(t))}`).join('')}`;
}
