/**
 * Issue 18's TypeScript build defects, each a spec generated with
 * `--lang ts --out` and type-checked by tsc (scripts/fuzz/build-check.ts):
 * 3.0's boolean exclusive bounds in a parameter schema (spec.ts wrote fields
 * ParamSpec lacked: TS2353) and a spec of ~900 operations (OPERATIONS'
 * inferred type was too large to emit: TS7056).
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../helpers.js';

// Inside the repository, so the generated packages resolve @types/node from its node_modules.
const OUT = resolve('.bdgen-tmp-ts-builds');
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

const tsFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((entry) => (statSync(join(dir, entry)).isDirectory() ? tsFiles(join(dir, entry)) : entry.endsWith('.ts') ? [join(dir, entry)] : []));

/**
 * tsc's diagnostics of a package built as `npm run build` builds it: with its
 * declarations (TS7056 is only found while writing a .d.ts), written nowhere.
 */
function buildDiagnostics(pkg: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(pkg, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const program = ts.createProgram(tsFiles(join(pkg, 'src')), { ...config.options, emitDeclarationOnly: true, sourceMap: false });
  const emitted = program.emit(undefined, () => {});
  return [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map((d) => `${d.file?.fileName ?? ''}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

async function generateAndCheck(spec: string, name: string) {
  const run = await runCli('generate', '--spec', spec, '--lang', 'ts', '--out', join(OUT, name));
  expect(run.code, run.stderr).toBe(0);
  return buildDiagnostics(join(OUT, name, 'ts'));
}

/** A 3.0 spec of `count` operations, each with a few parameters (as many as real specs' operations have) and a JSON answer. */
function manyOperations(count: number): string {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    paths[`/things${i}/{id}`] = {
      get: {
        operationId: `getThing${i}`,
        tags: [`group${i % 40}`],
        summary: `Thing ${i}.`,
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z]+$' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
          { name: 'order', in: 'query', schema: { type: 'string', enum: ['ascending', 'descending', 'unordered'] } },
          { name: 'fields', in: 'query', style: 'form', explode: false, schema: { type: 'array', items: { type: 'string', enum: ['id', 'name', 'created', 'updated'] } } },
          { name: 'X-Trace', in: 'header', schema: { type: 'string', minLength: 1, maxLength: 64 } },
          { name: 'since', in: 'query', schema: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } },
          { name: 'session', in: 'cookie', schema: { type: 'string', minLength: 8 } },
        ],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } } },
      },
    };
  }
  return JSON.stringify({ openapi: '3.0.3', info: { title: 'Many', version: '1.0.0' }, servers: [{ url: 'http://127.0.0.1:9' }], paths });
}

describe('generated TypeScript type-checks', () => {
  it('3.0 exclusiveMinimum/exclusiveMaximum: true in parameter schemas (tests/specs/fixtures/issue18/ts-exclusive-bounds.yaml)', async () => {
    const failures = await generateAndCheck('tests/specs/fixtures/issue18/ts-exclusive-bounds.yaml', 'exclusive');
    expect(failures).toEqual([]);
    // The bounds reach the runtime as numbers, the form ParamSpec checks.
    const spec = readFileSync(join(OUT, 'exclusive/ts/src/generated/spec.ts'), 'utf8');
    expect(spec).toContain('exclusiveMinimum: 0,');
    expect(spec).toContain('exclusiveMaximum: 100,');
    expect(spec).not.toMatch(/exclusiveM(in|ax)imum: true/);
  }, 120_000);

  it('every kind of security scheme: the typed credentials option and the spec records (tests/specs/fixtures/issue18/ts-auth.yaml)', async () => {
    expect(await generateAndCheck('tests/specs/fixtures/issue18/ts-auth.yaml', 'auth')).toEqual([]);
  }, 120_000);

  it('a spec of 900 operations (OPERATIONS has an explicit type)', async () => {
    const dir = tempDir('bdgen-ts-many-');
    const spec = join(dir, 'many.json');
    writeFileSync(spec, manyOperations(900));
    try {
      expect(await generateAndCheck(spec, 'many')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
