/**
 * `src/generated/schema.ts`: the types of the spec's paths, operations and
 * components, by openapi-typescript, fed through the IR adapter.
 */
import { createRequire } from 'node:module';
import type { GlobalContext, OpenAPI3 } from 'openapi-typescript';
import type { IR } from '../../../ir/types.js';
import { openApiOf } from '../openapi-adapter.js';

/**
 * Its CommonJS build, through `require`: imported as ESM, the TypeScript
 * compiler it loads (9 MB of CommonJS) is scanned for named exports first,
 * 0.2 s of every run.
 */
function loadOpenApiTypescript(): typeof import('openapi-typescript') {
  return createRequire(import.meta.url)('openapi-typescript') as typeof import('openapi-typescript');
}

/**
 * Loaded only when TypeScript is emitted: openapi-typescript loads the
 * TypeScript compiler (about a second). Its `transformSchema` is called
 * directly rather than through `openapiTS`, which would lint and bundle the
 * adapter's document with redocly first: a document the IR wrote, one file
 * with internal `$ref`s only, already checked; on GitHub's spec those two
 * walks cost 3 s of CPU and changed nothing.
 */
export function schemaView(ir: IR): { types: string } {
  const { astToString, resolveRef, scanDiscriminators, transformSchema } = loadOpenApiTypescript();
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
