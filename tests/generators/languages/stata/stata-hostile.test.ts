/**
 * Hostile spec text in a Stata package: titles, summaries, descriptions,
 * examples and enum values holding line breaks of every kind, braces, SMCL
 * directives, backticks, quotes, compound quotes, `$` macros, comment markers
 * and Stata code. The package must pass the checker, and no spec text may run:
 * every .ado line outside `*` comments is one the emitter writes itself, help
 * files hold only our directives, and the command table reads the same in
 * Python as in the checker.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSpec, emitAll } from '../../../../generators/src/generate.js';
import type { GeneratedFile } from '../../../../generators/src/emit/types.js';
import { checkStataPackage, lexAdo } from '../../../../generators/src/languages/stata/check/index.js';
import { PROJECT_ROOT } from '../../../../generators/src/paths.js';
import { writeOutputs } from '../../../../generators/src/write/write-files.js';

/** Each piece would do something if Stata, SMCL or Python read it as code. */
const HOSTILE = [
  'first line\nsecond line\rthird\r\nfourth\u2028fifth\u2029sixth',
  '{stata "erase *"}{browse "http://evil.example"}{view "x"} {bf:bold} } {',
  '`"compound "quote"\' `local\' `=exit(1)\' $S_TIME ${global}',
  '" ; exit 1 ; display "',
  '/* block */ /// continued // comment *! version',
  'end\nprogram define evil\n  shell rm -rf /\nend',
  '"""; import os; os.system("x") #',
  '\\ backslash \\` \\$',
].join(' ');

const MARKERS = ['erase', 'evil.example', 'exit(1)', 'S_TIME', 'program define evil', 'rm -rf', 'os.system'];

let specDir: string;

// The commands' prefix comes from the brand, here derived from the hostile title: `tflsltf`, the initials of its words (brand.ts).
function hostileSpec(): string {
  const dir = (specDir = mkdtempSync(join(tmpdir(), 'bdgen-stata-hostile-')));
  const text = (what: string) => `${what}: ${HOSTILE}`;
  const spec = {
    openapi: '3.1.0',
    info: { title: text('Title'), version: '1.0.0', summary: text('Summary'), description: text('Description'), license: { name: 'MIT', identifier: 'MIT' } },
    servers: [{ url: 'http://127.0.0.1:9999' }],
    'x-bd-packages': { python: { name: 'hostile-sdk', import: 'hostile' }, stata: { name: 'hostile' } },
    paths: {
      '/things/{thing_id}': {
        get: {
          operationId: 'getThing',
          summary: text('Operation summary'),
          description: text('Operation description'),
          parameters: [
            { name: 'thing_id', in: 'path', required: true, description: text('Param'), schema: { type: 'string', pattern: '^[a-z{}`$"]+$' }, example: HOSTILE },
            { name: 'mode', in: 'query', description: text('Enum'), schema: { type: 'string', enum: [HOSTILE, '{stata "erase *"}', '`x\''] }, example: '"\'' },
          ],
          responses: {
            '200': {
              description: text('Response'),
              content: { 'application/json': { schema: { type: 'object', properties: { [HOSTILE]: { type: 'string', description: text('Property') }, kind: { type: 'string', enum: [HOSTILE] } } } } },
            },
          },
        },
      },
    },
  };
  // JSON is YAML; the line separators are escaped so the YAML reader cannot take them for line breaks.
  writeFileSync(join(dir, 'openapi.yaml'), JSON.stringify(spec, null, 2).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`));
  return join(dir, 'openapi.yaml');
}

let files: GeneratedFile[];
let outDir: string;
beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'bdgen-stata-hostile-out-'));
  const { outputs } = await emitAll(await compileSpec(hostileSpec()), { languages: ['stata'], outDir });
  files = [...outputs[0]!.plan.files];
  writeOutputs(outputs.map((o) => o.plan));
});

afterAll(() => {
  for (const dir of [outDir, specDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const ofKind = (ext: string) => files.filter((f) => f.path.endsWith(ext));

/** The shapes of every .ado line the emitter writes (outside `*` comments): nothing else may appear. */
const ADO_LINES = [
  /^program define [a-z_][a-z0-9_]*(, rclass)?$/,
  /^ {4}version 16$/,
  /^ {4}syntax( \[?,( \[?[A-Za-z_][A-Za-z0-9_]*(\((string( asis)?|integer -?\d+)\))?\]?)+)?$/,
  /^ {4}_hostile_setup$/,
  /^ {4}python: import hostile_stata_runtime; hostile_stata_runtime\.main\("hostile_commands", "tflsltf_[a-z0-9_]+"\)$/,
  /^end$/,
];

describe('hostile spec text in the Stata package', () => {
  it('gives a package the checker accepts', () => {
    expect(checkStataPackage(files)).toEqual([]);
    expect(ofKind('.ado').map((f) => f.path).sort()).toEqual(['_hostile_setup.ado', 'tflsltf_get_thing.ado']);
  });

  it('reaches an .ado only in * comments, on one line, without macro quotes, continuations or block comments', () => {
    const ado = files.find((f) => f.path === 'tflsltf_get_thing.ado')!.contents;
    for (const logical of lexAdo(ado).lines) expect(ADO_LINES.some((shape) => shape.test(logical.text)), logical.text).toBe(true);
    const comments = ado.split('\n').filter((l) => l.startsWith('*'));
    expect(comments).toHaveLength(2);
    for (const line of comments) expect(line).not.toMatch(/[`$\r\u2028\u2029]|\/\/|\/\*|\*\//);
    expect(comments.join('\n')).toContain('erase'); // the text is there, as a comment
    const setup = files.find((f) => f.path === '_hostile_setup.ado')!.contents;
    for (const marker of MARKERS) {
      expect(ado.split('\n').filter((l) => !l.startsWith('*')).join('\n')).not.toContain(marker);
      expect(setup.split('\n').filter((l) => !l.startsWith('*')).join('\n')).not.toContain(marker);
    }
  });

  it('shows in the help only as text: braces escaped, no directive of the spec\'s, no clickable command', () => {
    const help = files.find((f) => f.path === 'tflsltf_get_thing.sthlp')!.contents;
    expect(help).toContain('{c -(}stata "erase *"{c )-}');
    expect(help).not.toMatch(/\{(stata|browse|view|net|dialog|update|search)\b/);
    const ours = new Set(['smcl', '*', '...', 'viewerjumpto', 'title', 'phang', 'p_end', 'bf', 'hline', 'marker', 'p', 'cmd', 'opt', 'synoptset', 'synopthdr', 'synoptline', 'syntab', 'synopt', 'it', 'pstd', 'c']);
    const directives = [...help.matchAll(/\{([A-Za-z_*.]+)/g)].map((m) => m[1]!);
    expect(directives.filter((d) => !ours.has(d))).toEqual([]);
    // The example cannot hold the parameter's example (a line break): it shows the placeholder instead.
    expect(help).toContain('{phang}{cmd:. tflsltf_get_thing, thing_id({it:string})}{p_end}');
  });

  it('writes .pkg and stata.toc lines that are each one line of their kind', () => {
    for (const name of ['hostile.pkg', 'stata.toc']) {
      const lines = files.find((f) => f.path === name)!.contents.trimEnd().split('\n');
      for (const line of lines) expect(line, name).toMatch(/^(v 3|[dfp] .*|d)$/);
      expect(lines.join('\n')).not.toMatch(/\{stata\b|[\r\u2028\u2029]/);
    }
  });

  it('keeps the command table the same text for Python and the checker, with the spec text intact as data', () => {
    const table = files.find((f) => f.path === 'hostile_commands.py')!.contents;
    const json = JSON.parse(/r"""([\s\S]*?)"""/.exec(table)![1]!);
    const python = spawnSync(join(PROJECT_ROOT, '.venv/bin/python'), ['-c', 'import json, sys; sys.path.insert(0, sys.argv[1]); import hostile_commands as t; print(json.dumps(t.TABLE))', join(outDir, 'stata')], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    expect(python.stderr).toBe('');
    expect(JSON.parse(python.stdout)).toEqual(json);
    const command = json.commands.tflsltf_get_thing;
    expect(command.summary).toContain('{stata "erase *"}');
    expect(command.fields[0].path).toEqual([HOSTILE]);
    expect(command.fields[1].values).toEqual([HOSTILE]);
    expect(command.summary).not.toMatch(/[\n\r\u2028\u2029]/);
  });
});
