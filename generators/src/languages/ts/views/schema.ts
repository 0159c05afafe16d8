/**
 * `src/generated/schema.ts`: the types of the spec's paths, operations and
 * components, by openapi-typescript, fed through the IR adapter.
 */
import type { IR } from '../../../ir/types.js';
import { openApiOf } from '../openapi-adapter.js';

/** Loaded only when TypeScript is emitted: openapi-typescript loads the TypeScript compiler (about a second). */
export async function schemaView(ir: IR): Promise<{ types: string }> {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const ast = await openapiTS(openApiOf(ir) as never, { silent: true });
  return { types: astToString(ast).trimEnd() };
}
