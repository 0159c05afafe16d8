/**
 * A file the load stage will not read or follow: a $ref outside the spec's
 * folder, a remote $ref without the opt-in, a limit crossed. The resolver
 * throws it (redocly passes it on as an unresolved $ref); the load stage turns
 * it into a diagnostic at the `$ref` that asked for the file, or at `where`
 * when the problem is inside the file itself.
 */
import type { Diagnostic } from '../diagnostics.js';

export interface RefusalPlace {
  readonly file: string;
  readonly pointer: string;
  readonly line?: number;
  readonly column?: number;
}

export class LoadRefusal extends Error {
  constructor(
    readonly rule: string,
    message: string,
    readonly hint?: string,
    /** Where in the refused file the problem is; absent when it is the file itself (then the `$ref` is blamed). */
    readonly where?: RefusalPlace,
  ) {
    super(message);
    this.name = 'LoadRefusal';
  }

  toDiagnostic(site?: RefusalPlace): Diagnostic {
    const place = this.where ?? site;
    return {
      severity: 'error',
      rule: this.rule,
      message: this.message,
      ...(place ? { file: place.file, pointer: place.pointer } : {}),
      ...(place?.line !== undefined ? { line: place.line } : {}),
      ...(place?.column !== undefined ? { column: place.column } : {}),
      ...(this.hint ? { hint: this.hint } : {}),
    };
  }
}
