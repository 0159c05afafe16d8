/**
 * OpenAPI tells parameters apart by location and name: a path `id` and a
 * query `id` are two arguments, and a query parameter may be called `body`
 * beside a request body. Each gets its own name in both languages, and the
 * records still send each by its wire name and location.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

const DIR = resolve('.bdgen-tmp-labels-test');
const SPEC = `openapi: 3.1.0
info: {title: Labels, version: 1.0.0}
paths:
  /things/{id}:
    put:
      operationId: putThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: id, in: query, schema: {type: integer}}
        - {name: body, in: query, schema: {type: boolean}}
        - {name: options, in: header, schema: {type: string}}
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
      responses: {"204": {description: done}}
`;

beforeAll(async () => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, 'spec.yaml'), SPEC);
  const run = await runCli('generate', '--spec', join(DIR, 'spec.yaml'), '--lang', 'ts,python', '--out', join(DIR, 'out'));
  expect(run.code, run.stderr).toBe(0);
}, 60_000);

afterAll(() => rmSync(DIR, { recursive: true, force: true }));

describe('parameters that share a wire name', () => {
  it('are two Python arguments, each recorded with its own location', () => {
    const metadata = readFileSync(join(DIR, 'out/python/src/labels/metadata.py'), 'utf8');
    expect(metadata).toContain('    id: str,\n    body_: dict[str, Any],\n    id_: int | None = None,\n    body: bool | None = None,');
    // Keyed by label: one dict key per argument, so neither value is lost (it was `{"id": id, "id": id_}`).
    expect(metadata).toContain('{"id": id, "id_": id_, "body": body, "options": options}');
    const spec = readFileSync(join(DIR, 'out/python/src/labels/_spec.py'), 'utf8');
    expect(spec).toMatch(/name="id",\s+label="id",\s+location="path"/);
    // The later of two parameters with one wire name is keyed apart in the call dict.
    expect(spec).toMatch(/name="id",\s+label="id_",\s+key="id_",\s+location="query"/);
    expect(spec).toMatch(/label="body_",\s+media=/);
    const compiled = spawnSync(resolve('.venv/bin/python'), ['-c', 'import sys, ast; ast.parse(open(sys.argv[1]).read())', join(DIR, 'out/python/src/labels/metadata.py')], { encoding: 'utf8' });
    expect(compiled.stderr).toBe('');
  });

  it('are two TypeScript labels, since all travel in one arguments object: the path variable and the params key, the body and a `body` parameter apart', () => {
    const spec = readFileSync(join(DIR, 'out/ts/src/generated/spec.ts'), 'utf8');
    expect(spec).toMatch(/name: 'id',\s+label: 'id',\s+in: 'path'/);
    expect(spec).toMatch(/name: 'id',\s+label: 'id_',\s+in: 'query'/);
    expect(spec).toMatch(/name: 'body',\s+label: 'body',\s+in: 'query'/);
    expect(spec).toMatch(/body: \{\s+required: true,\s+label: 'body_'/);
    const client = readFileSync(join(DIR, 'out/ts/src/generated/client.ts'), 'utf8');
    expect(client).toContain('putThing(id: string, body_: { name?: string }, params: PutThingParams = {}, options?: RequestOptions)');
    expect(client).toContain('OPERATIONS.putThing, { id, ...params, body_ }, options)');
  });
});
