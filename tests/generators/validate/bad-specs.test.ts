/**
 * The bad-spec corpus: each folder of tests/specs/bad holds a broken spec and
 * the errors it must produce. Every one must exit 2, print one paragraph per
 * error naming file, line, JSON pointer and rule, and write nothing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';

const CORPUS = resolve('tests/specs/bad');

interface Expected {
  /** For a problem found by one language's emitter, which one (its name is in the message). */
  readonly language?: string;
  readonly rule: string;
  readonly file: string;
  readonly pointer: string;
  readonly line: number;
}

const cases = readdirSync(CORPUS).sort();

describe('bad-spec corpus', () => {
  it('makes documentation problems and unsupported constructs counted warnings, not errors', async () => {
    const dir = tempDir();
    const spec = join(dir, 'spec.yaml');
    writeFileSync(spec, [
      'openapi: 3.1.0', 'info: {title: Loose, version: 1.0.0}', 'paths:', '  /a:', '    get:', '      operationId: getA',
      '      callbacks: {}',
      '      responses: {"200": {description: ok, content: {application/json: {schema: {not: {type: string}}}}}}',
    ].join('\n'));
    const out = tempDir();
    const run = await runCli('generate', '--spec', spec, '--out', out);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/bdgen\/unsupported-construct 2/);
    expect(readdirSync(out).sort()).toEqual(['python', 'r', 'stata', 'ts']);
  });

  it('covers the problems a broken spec can have', () => {
    expect(cases).toEqual(expect.arrayContaining([
      'malformed-yaml', 'unresolved-ref', 'ref-cycle', 'duplicate-operation-id', 'name-clash-after-casing', 'alias-to-nothing',
    ]));
  });

  it.each(cases)('%s', async (name) => {
    const dir = join(CORPUS, name);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected[];
    const out = tempDir();
    const run = await runCli('generate', '--spec', join(dir, 'spec.yaml'), '--out', out);

    expect(run.code).toBe(2);
    expect(readdirSync(out)).toEqual([]);
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('error ['));
    expect(errors).toHaveLength(expected.length);
    for (const want of expected) {
      const paragraph = errors.find((line) => line.includes(`[${want.rule}]`) && line.includes(` at ${want.pointer}: `) && (!want.language || line.includes(` ${want.language} name `)));
      expect(paragraph, `no ${want.rule} error in:\n${run.stderr}`).toBeDefined();
      expect(paragraph).toContain(`${join(dir, want.file).replace(`${process.cwd()}/`, '')}:${want.line}`);
      expect(paragraph).toContain(` at ${want.pointer}: `);
    }
    expect(run.stderr).toMatch(/nothing was written\.$/);
  });

  it('reports every problem of a spec at once, not only the first', async () => {
    const run = await runCli('validate', '--spec', join(CORPUS, 'duplicate-operation-id', 'spec.yaml'));
    expect(run.code).toBe(2);
    expect(existsSync(join(CORPUS, 'duplicate-operation-id', 'spec.yaml'))).toBe(true);
    expect(run.stderr).toContain('[bdgen/operation-id-unique]');
    // Warnings do not stop anything: counted by rule in the summary line.
    expect(run.stderr).toMatch(/1 error\(s\) and \d+ warning\(s\) \(.*operation-tag-defined \d+.*\); nothing was written\.$/);
  });
});
