/**
 * The raises table every language documents: for each error kind an
 * operation or data function raises (computed in the IR), when it happens.
 * Languages render the class names and markup; the words are the same.
 */
import type { IR, IRErrorKind } from '../ir/types.js';

/** When the runtime raises the kinds it knows; any other kind is described by the spec. */
const WHEN: Readonly<Record<string, string>> = {
  validation: 'before any request, when an argument breaks the spec\'s constraints',
  billing_project: 'before any network call, when no billing project is given or configured',
  not_found: 'when the resource does not exist',
  access_denied: 'when the credentials may not read the resource or bill the project',
  invalid_query: 'when BigQuery rejects the SQL (its message and location are kept)',
  rate_limited: 'when the server still refuses after the retries',
  server: 'when the server still fails after the retries',
  connection: 'when the server cannot be reached',
  timeout: 'when a try takes longer than its timeout',
  filesystem: 'when the target file cannot be written',
};

export interface RaisesEntry {
  readonly kind: string;
  readonly error: IRErrorKind;
  readonly when: string;
}

export function raisesTable(ir: IR, kinds: readonly string[]): RaisesEntry[] {
  return kinds.flatMap((kind) => {
    const error = ir.errors.find((e) => e.kind === kind);
    if (!error) return [];
    const when = WHEN[kind] ?? (error.description ? `when ${error.description.replace(/\.$/, '').replace(/^[A-Z]/, (c) => c.toLowerCase())}` : `on an error of kind ${kind}`);
    return [{ kind, error, when }];
  });
}
