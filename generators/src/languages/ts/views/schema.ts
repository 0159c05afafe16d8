/**
 * `src/generated/schema.ts`: the types of the spec's paths, operations and
 * components, by openapi-typescript, fed through the IR adapter.
 */
import type { GlobalContext, OpenAPI3 } from 'openapi-typescript';
import type { IR } from '../../../ir/types.js';
import { openApiOf } from '../openapi-adapter.js';

/**
 * Loaded only when TypeScript is emitted: openapi-typescript loads the
 * TypeScript compiler (about a second). Its `transformSchema` is called
 * directly rather than through `openapiTS`, which would lint and bundle the
 * adapter's document with redocly first: a document the IR wrote, one file
 * with internal `$ref`s only, already checked; on GitHub's spec those two
 * walks cost 3 s of CPU and changed nothing.
 */
export async function schemaView(ir: IR): Promise<{ types: string }> {
  const { astToString, resolveRef, scanDiscriminators, transformSchema } = await import('openapi-typescript');
  const schema = openApiOf(ir) as unknown as OpenAPI3;
  const ast = transformSchema(schema, {
    // openapiTS's defaults for every option we do not set (openapi-typescript 7).
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(schema, {}),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    // Read only by the lint and bundle steps skipped here.
    redoc: undefined as unknown as GlobalContext['redoc'],
    silent: true,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: <T>($ref: string) => resolveRef<T>(schema, $ref, { silent: true }),
  });
  return { types: astToString(ast).trimEnd() };
}
