// Prints the replica's GraphQL schema as SDL; `--write` rewrites the committed
// datalake/src/graphql/schema.graphql (tests/datalake/graphql-schema.test.ts
// compares the running server's introspection with that file).
//   node --import tsx datalake/src/graphql/print-schema.ts [--write]
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { buildSchema } from './schema.js';

export const SCHEMA_SDL_PATH = fileURLToPath(new URL('./schema.graphql', import.meta.url));

export const schemaSdl = (): string => `${printSchema(buildSchema())}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--write')) {
    writeFileSync(SCHEMA_SDL_PATH, schemaSdl());
    console.log(`wrote ${SCHEMA_SDL_PATH}`);
  } else process.stdout.write(schemaSdl());
}
