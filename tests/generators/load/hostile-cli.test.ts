/**
 * The pathological specs of issue 8 through the command line (they used to
 * hang for minutes or die at 1.7 GB): each must exit 2 with one diagnostic
 * paragraph naming the limit that cut the work short, no stack trace, and
 * nothing written. The command line runs in-process (its main function with
 * argv and captured output); one smoke test spawns the real `bdgen`.
 */
import { readdirSync, readFileSync, truncateSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';
import { runBdgen, specWithRef, write } from './hostile-specs.js';

const LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
];

/** The classic "billion laughs" as an OpenAPI document (about 400 bytes). */
const standaloneBomb = () => `openapi: 3.1.0\n${LAUGHS.join('\n')}\n`;

/** Our own spec with the bomb under an extension: a real spec that parses fine. */
const bombInOurSpec = () => `${readFileSync(resolve('spec/datalake.yaml'), 'utf8')}x-laughs:\n${LAUGHS.map((l) => `  ${l}`).join('\n')}\n`;

/** 10,000 schemas, each a $ref to the next (chain) or with a property that is one (nesting). */
function tenThousandDeep(nested: boolean): string {
  const lines = ['components:', '  schemas:'];
  for (let i = 0; i < 10_000; i++) {
    const ref = `{$ref: '#/components/schemas/Link${i + 1}'}`;
    lines.push(nested ? `    Link${i}: {type: object, properties: {next: ${ref}}}` : `    Link${i}: ${ref}`);
  }
  lines.push('    Link10000: {type: string}');
  return specWithRef('#/components/schemas/Link0', `${lines.join('\n')}\n`);
}

/** 20,000 $refs to the head of a 99-long chain (1 MB): redocly follows the chain again for each. */
function fanIntoChain(): string {
  const lines = ['components:', '  schemas:'];
  for (let i = 0; i < 99; i++) lines.push(`    Link${i}: {$ref: '#/components/schemas/Link${i + 1}'}`);
  lines.push('    Link99: {type: string}', '    Many:', '      type: object', '      properties:');
  for (let i = 0; i < 20_000; i++) lines.push(`        p${i}: {$ref: '#/components/schemas/Link0'}`);
  return specWithRef('#/components/schemas/Link0', `${lines.join('\n')}\n`);
}

/** 40 schemas, each 90 objects deep before its $ref to the next: few $refs, a very deep walk. */
function deepWalk(): string {
  const lines = ['components:', '  schemas:'];
  for (let i = 0; i < 40; i++) {
    lines.push(`    Deep${i}: ${'{type: object, properties: {p: '.repeat(45)}{$ref: '#/components/schemas/Deep${i + 1}'}${'}}'.repeat(45)}`);
  }
  lines.push('    Deep40: {type: string}');
  return specWithRef('#/components/schemas/Deep0', `${lines.join('\n')}\n`);
}

function hugeFile(dir: string): string {
  const file = write(join(dir, 'openapi.yaml'), specWithRef('#/x'));
  truncateSync(file, 64 * 1024 * 1024); // sparse: 64 MB on paper, nothing on disk
  return file;
}

const cases: { name: string; make: (dir: string) => string; rule: string; limit: string }[] = [
  { name: 'a standalone alias bomb', make: (dir) => write(join(dir, 'bomb.yaml'), standaloneBomb()), rule: 'bdgen/limit-alias-expansion', limit: 'maxAliasExpansion' },
  { name: 'an alias bomb inside a copy of our spec', make: (dir) => write(join(dir, 'datalake.yaml'), bombInOurSpec()), rule: 'bdgen/limit-alias-expansion', limit: 'maxAliasExpansion' },
  { name: 'a 10,000-level $ref chain', make: (dir) => write(join(dir, 'chain.yaml'), tenThousandDeep(false)), rule: 'bdgen/limit-ref-depth', limit: 'maxRefDepth' },
  { name: 'a 10,000-level $ref nesting', make: (dir) => write(join(dir, 'nest.yaml'), tenThousandDeep(true)), rule: 'bdgen/limit-ref-depth', limit: 'maxRefDepth' },
  { name: '20,000 $refs into a 99-long chain', make: (dir) => write(join(dir, 'fan.yaml'), fanIntoChain()), rule: 'bdgen/limit-ref-hops', limit: 'maxRefHops' },
  { name: 'a walk 3,600 levels deep through 40 $refs', make: (dir) => write(join(dir, 'deep.yaml'), deepWalk()), rule: 'bdgen/limit-depth', limit: 'maxDepth' },
  { name: 'a 64 MB file', make: hugeFile, rule: 'bdgen/limit-file-size', limit: 'maxFileBytes' },
];

function expectOneParagraph(stderr: string, rule: string, limit: string): void {
  const lines = stderr.trimEnd().split('\n');
  const errors = lines.filter((line) => line.startsWith('error ['));
  expect(errors, stderr).toHaveLength(1);
  expect(errors[0]).toContain(`[${rule}]`);
  expect(errors[0]).toContain(limit);
  expect(errors[0]).toContain(`--limit ${limit}=<n>`);
  expect(stderr).not.toMatch(/^\s+at |RangeError|Maximum call stack|heap out of memory/m);
  expect(lines.at(-1)).toMatch(/nothing was written\.$/);
}

describe('hostile specs through bdgen', () => {
  it.each(cases)('validate refuses $name with exit 2, cut short by its limit', async ({ make, rule, limit }) => {
    const run = await runCli('validate', '--spec', make(tempDir()));
    expect(run.code, run.stderr).toBe(2);
    expectOneParagraph(run.stderr, rule, limit);
  });

  it.each(cases.filter((c) => c.name.includes('our spec') || c.name.includes('chain')))('generate refuses $name with exit 2 and writes nothing', async ({ make, rule, limit }) => {
    const out = tempDir();
    const run = await runCli('generate', '--spec', make(tempDir()), '--out', out);
    expect(run.code, run.stderr).toBe(2);
    expectOneParagraph(run.stderr, rule, limit);
    expect(readdirSync(out)).toEqual([]);
  });

  it('the real bdgen process refuses an alias bomb the same way (exit code and stderr of the command)', async () => {
    const run = await runBdgen(['validate', '--spec', write(join(tempDir(), 'bomb.yaml'), standaloneBomb())]);
    expect(run.code, run.stderr).toBe(2);
    expectOneParagraph(run.stderr, 'bdgen/limit-alias-expansion', 'maxAliasExpansion');
  });
});
