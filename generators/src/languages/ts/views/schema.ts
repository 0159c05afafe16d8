/**
 * `src/generated/schema.ts`: the types of the spec's paths, operations and
 * components, by openapi-typescript, fed through the IR adapter.
 */
import { createRequire } from 'node:module';
import type { GlobalContext, OpenAPI3 } from 'openapi-typescript';
import type ts from 'typescript';
import type { IR } from '../../../ir/types.js';
import { openApiOf, refOf } from '../openapi-adapter.js';
import { recursiveSchemas, withoutEagerRefsTo } from '../recursive-schemas.js';

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
export function schemaView(ir: IR): { types: string; aliases: { name: string; type: string }[] } {
  const { astToString, resolveRef, scanDiscriminators, transformSchema } = loadOpenApiTypescript();
  const typescript = createRequire(import.meta.url)('typescript') as typeof ts;
  const { aliased, unionCycles } = recursiveSchemas(ir.schemas);
  const schemas = ir.schemas.map((s) => (unionCycles.has(s.name) ? { ...s, type: withoutEagerRefsTo(s.type, unionCycles) } : s));
  const schema = openApiOf({ ...ir, schemas }) as unknown as OpenAPI3;
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
  // Each schema on a cycle through an array: its type as a type alias, which its components entry names.
  const names = new Map([...aliased].map((name, i) => [name, `RecursiveSchema${i + 1}`]));
  const { statements, aliases } = aliasComponentSchemas(typescript, ast, names);
  return { types: astToString(statements).trimEnd(), aliases: aliases.map((a) => ({ name: a.name, type: astToString(a.type).trim() })) };
}

/** The statements with each named schema's entry of `components.schemas` replaced by a reference to its alias; the aliases' types. */
function aliasComponentSchemas(typescript: typeof ts, statements: readonly ts.Node[], aliasOf: ReadonlyMap<string, string>): { statements: ts.Node[]; aliases: { name: string; type: ts.TypeNode }[] } {
  const aliases: { name: string; type: ts.TypeNode }[] = [];
  if (aliasOf.size === 0) return { statements: [...statements], aliases };
  const { factory } = typescript;
  const keyOf = (name: ts.PropertyName) => (typescript.isIdentifier(name) || typescript.isStringLiteral(name) ? name.text : undefined);
  const withAliases = (member: ts.TypeElement): ts.TypeElement => {
    const alias = typescript.isPropertySignature(member) ? aliasOf.get(keyOf(member.name) ?? '') : undefined;
    if (alias === undefined || !typescript.isPropertySignature(member) || member.type === undefined) return member;
    aliases.push({ name: alias, type: member.type });
    return factory.updatePropertySignature(member, member.modifiers, member.name, member.questionToken, factory.createTypeReferenceNode(alias));
  };
  const rewritten = statements.map((statement) => {
    if (!typescript.isInterfaceDeclaration(statement) || statement.name.text !== 'components') return statement;
    const members = statement.members.map((member) => {
      if (!typescript.isPropertySignature(member) || keyOf(member.name) !== 'schemas' || !member.type || !typescript.isTypeLiteralNode(member.type)) return member;
      return factory.updatePropertySignature(member, member.modifiers, member.name, member.questionToken, factory.updateTypeLiteralNode(member.type, factory.createNodeArray(member.type.members.map(withAliases))));
    });
    return factory.updateInterfaceDeclaration(statement, statement.modifiers, statement.name, statement.typeParameters, statement.heritageClauses, members);
  });
  return { statements: rewritten, aliases };
}
