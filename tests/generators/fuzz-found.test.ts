/**
 * The specs the spec fuzzer found (issue 15), each minimal: generated in every
 * language through the command line in-process, then built the way each
 * language's tools read them (scripts/fuzz/build-check.ts: one tsc program,
 * one Python process, one Rscript, the Stata checker). Each either exits 0
 * and builds everywhere, or exits 2 with one paragraph naming the file, the
 * pointer and the rule, and writes nothing.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkBuilds, type BuildFailure } from '../../scripts/fuzz/build-check.js';
import { runCli, tempDir, type CliRun } from './helpers.js';

/** A valid spec with one operation whose 200 answer is `schema`, its `parameters`, and `components`; `post` adds an operation with a body. */
function miniSpec({ schema = { type: 'object' } as unknown, parameters = [] as unknown[], components = {} as unknown, errors = undefined as unknown, post = false, get = true, other = false }): string {
  const body = { operationId: 'putThing', summary: 'Put.', description: 'Put.', requestBody: { content: { 'application/json': { schema: { type: 'object' } } } }, responses: { '204': { description: 'done' } } };
  return JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'Found', version: '1.0.0', license: { name: 'MIT', identifier: 'MIT' } },
    servers: [{ url: 'http://127.0.0.1:9' }],
    'x-bd-packages': { typescript: { name: 'found' }, python: { name: 'found', import: 'found' }, r: { name: 'found' }, stata: { name: 'found' } },
    ...(errors ? { 'x-bd-errors': errors } : {}),
    paths: { '/things': {
      ...(get ? { get: { operationId: 'listThings', summary: 'Things.', description: 'Things.', parameters, responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } } } : {}),
      ...(post ? { post: body } : {}),
    },
    ...(other ? { '/other': { get: { operationId: 'getOther', summary: 'Other.', description: 'Other.', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } } } } } : {}) },
    components,
  }, null, 1);
}

const PROTOTYPE_NAMES = ['hasOwnProperty', '__proto__', 'constructor', 'toString', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__'];
const asProperties = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, { type: 'string', description: n }]));
/** JSON.stringify writes `__proto__` as a key only when the object owns it; this one does. */
const withOwnProto = (text: string) => text.replaceAll('"__proto___"', '"__proto__"');

interface OurSpec {
  'x-bd-errors': { description: string }[];
  'x-bd-aliases': { python: { parameters: { name: string }[] }[] };
}

/** Our own spec, changed by `edit`. */
function ourSpec(edit: (spec: OurSpec) => void): string {
  const spec = parseYaml(readFileSync(resolve('spec/datalake.yaml'), 'utf8')) as OurSpec;
  edit(spec);
  return JSON.stringify(spec);
}

const cases: { name: string; spec: string; exit: 0 | 2; rule?: string; pointer?: string; written?: string[] }[] = [
  {
    name: 'line breaks in an error kind\'s description (package.R lists the kinds in roxygen)',
    spec: ourSpec((s) => { s['x-bd-errors'][0]!.description = 'one\r\ntwo\rthree\u0085four\u2028} \\{ `"\\{ @export'; }),
    exit: 0,
  },
  {
    name: 'an old Python keyword that is a Python keyword (async)',
    spec: ourSpec((s) => { s['x-bd-aliases'].python[7]!.parameters[3]!.name = 'async'; }),
    exit: 2,
    rule: 'bdgen/python-unsupported',
    pointer: '#/x-bd-aliases/python/7/parameters/3/name',
    // Python's own trouble: the other languages are written.
    written: ['r', 'stata', 'ts'],
  },
  {
    name: 'a title of 50,000 characters (derived package and folder names)',
    spec: miniSpec({}).replace('"x-bd-packages"', '"x-unused"').replace('"title": "Found"', `"title": "${'é'.repeat(50_000)}"`),
    exit: 0,
  },
  {
    name: 'an operation with a request body beside one without',
    spec: miniSpec({ post: true }),
    exit: 0,
  },
  {
    name: 'a boolean parameter defaulting to true (Stata: a no<name> option switches it off)',
    spec: miniSpec({ other: true, parameters: [{ name: 'pretty', in: 'query', schema: { type: 'boolean', default: true } }] }),
    exit: 0,
  },
  {
    name: 'only operations with a request body (once left out of Stata, now commands with body())',
    spec: miniSpec({ post: true, get: false }),
    exit: 0,
  },
  {
    name: 'schema properties, schemas and a parameter named after Object.prototype',
    spec: withOwnProto(miniSpec({
      schema: { $ref: '#/components/schemas/constructor' },
      parameters: [{ name: 'hasOwnProperty', in: 'query', schema: { type: 'string' } }, { name: 'toString', in: 'query', schema: { type: 'integer' } }],
      components: { schemas: { constructor: { type: 'object', properties: asProperties([...PROTOTYPE_NAMES.filter((n) => n !== '__proto__'), '__proto___']) }, toString: { type: 'string' } } },
    })),
    exit: 0,
  },
  {
    name: 'a % in a key above a $ref (SendGrid\'s x-patternProperties)',
    spec: miniSpec({
      schema: { $ref: '#/components/schemas/Holder' },
      components: { schemas: { Holder: { type: 'object', 'x-patternProperties': { '^[a-z%]+$': { $ref: '#/components/schemas/Leaf' } }, properties: { '100%': { $ref: '#/components/schemas/Leaf' } } }, Leaf: { type: 'string' } } },
    }),
    exit: 0,
  },
  {
    name: 'a $ref whose fragment is percent-encoded (RFC 3986), to a key with a space and a key ""',
    spec: miniSpec({
      schema: { type: 'object', properties: { spaced: { $ref: '#/components/schemas/A%20B' }, empty: { $ref: '#/components/schemas/Holder/properties/' } } },
      components: { schemas: { 'A B': { type: 'integer' }, Holder: { type: 'object', properties: { '': { type: 'boolean' } } } } },
    }),
    exit: 0,
  },
  {
    name: 'a $ref whose fragment has a bad percent escape',
    spec: miniSpec({ schema: { $ref: '#/components/schemas/%zz' }, components: { schemas: { Leaf: { type: 'string' } } } }),
    exit: 2,
    rule: 'bdgen/ref-syntax',
    pointer: '#/paths/~1things/get/responses/200/content/application~1json/schema',
  },
  {
    name: 'ESC and U+0085 (NEL) in text that reaches R strings',
    spec: miniSpec({
      parameters: [{ name: 'mode', in: 'query', description: 'esc \u001b nel \u0085 end', schema: { type: 'string', enum: ['a\u001bb\u0085c', 'plain'] } }],
    }),
    exit: 0,
  },
  {
    name: 'a parameter name over 10,000 bytes and a 20,000-character non-ASCII enum value',
    spec: miniSpec({ parameters: [{ name: 'n'.repeat(10_050), in: 'query', schema: { type: 'string' } }, { name: 'mode', in: 'query', schema: { type: 'string', enum: ['é'.repeat(20_000)] } }] }),
    exit: 0,
  },
  {
    name: 'descriptions of 200,000 lines (a schema property\'s, a parameter\'s)',
    spec: miniSpec({
      schema: { type: 'object', properties: { long: { type: 'string', description: 'line\n'.repeat(200_000) } } },
      parameters: [{ name: 'q', in: 'query', description: 'line\n'.repeat(200_000), schema: { type: 'string' } }],
    }),
    exit: 0,
  },
  {
    name: 'an array schema whose items are itself',
    spec: miniSpec({ schema: { $ref: '#/components/schemas/IT' }, components: { schemas: { IT: { type: 'array', items: { $ref: '#/components/schemas/IT' } } } } }),
    exit: 0,
  },
  {
    name: 'a ring of a union and an array, and a ring of unions alone',
    spec: miniSpec({
      schema: { type: 'object', properties: { ring: { $ref: '#/components/schemas/A' }, unions: { $ref: '#/components/schemas/U' } } },
      components: { schemas: {
        A: { oneOf: [{ $ref: '#/components/schemas/B' }, { type: 'string' }] },
        B: { type: 'array', items: { $ref: '#/components/schemas/A' } },
        U: { oneOf: [{ $ref: '#/components/schemas/V' }, { type: 'string' }] },
        V: { oneOf: [{ $ref: '#/components/schemas/U' }, { type: 'integer' }] },
      } },
    }),
    exit: 0,
  },
];

// Inside the repository, so the TS packages resolve @types/node from its node_modules.
const OUT = resolve('.bdgen-tmp-fuzz-found');
const runs = new Map<string, CliRun>();
let failures: BuildFailure[] = [];

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  const specs = tempDir('bdgen-fuzz-found-');
  for (const [i, c] of cases.entries()) {
    mkdirSync(join(specs, String(i)));
    const spec = join(specs, String(i), 'openapi.json');
    writeFileSync(spec, c.spec);
    // A throw is what the real command line prints as a stack trace with exit 1.
    runs.set(c.name, await runCli('generate', '--spec', spec, '--out', join(OUT, String(i))).catch((error: Error) => ({ code: 1, stdout: '', stderr: String(error.stack) })));
  }
  failures = checkBuilds(cases.flatMap((c, i) => (runs.get(c.name)?.code === 0 ? [join(OUT, String(i))] : [])));
}, 300_000);

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('specs the fuzzer found', () => {
  it.each(cases.map((c, i) => ({ ...c, i })))('$name: exit $exit', ({ name, exit, rule, pointer, written, i }) => {
    const run = runs.get(name)!;
    expect(run.code, run.stderr).toBe(exit);
    expect(run.stderr).not.toMatch(/^\s+at |Error:/m);
    if (exit === 0) {
      expect(failures.filter((f) => f.root === join(OUT, String(i)))).toEqual([]);
      expect(readdirSync(join(OUT, String(i))).sort()).toEqual(['python', 'r', 'stata', 'ts']);
    } else {
      const errors = run.stderr.split('\n').filter((l) => l.startsWith('error ['));
      expect(errors, run.stderr).toHaveLength(1);
      expect(errors[0]).toContain(`[${rule}] `);
      expect(errors[0]).toContain(`openapi.json`);
      expect(errors[0]).toContain(` at ${pointer}: `);
      if (written === undefined) {
        expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(/nothing was written\.$/);
      } else {
        expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(/not generated \(see above\); the other languages were written\.$/);
        expect(readdirSync(join(OUT, String(i))).sort()).toEqual(written);
      }
    }
  });
});
