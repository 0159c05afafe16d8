/**
 * The Stata package's brand (generators/src/languages/stata/brand.ts): the
 * commands' prefix from `ir.brand.short`, within Stata's 32-character names.
 */
import { describe, expect, it } from 'vitest';
import { compileSpec, emitAll } from '../../../../generators/src/generate.js';
import { commandPrefix, MAX_COMMAND_PREFIX } from '../../../../generators/src/languages/stata/brand.js';
import { parseCommandTable } from '../../../../generators/src/languages/stata/check/index.js';
import { tempDir } from '../../helpers.js';

describe('the commands prefix from brand.short', () => {
  it.each([
    ['bd', 'bd', 'ours: the commands keep their names'],
    ['stripe', 'stripe', 'a short name of at most 8 characters, as is'],
    ['petstore', 'petstore', 'exactly 8 characters'],
    ['swagger_petstore', 'sp', 'longer, of several words: their initials'],
    ['support_for_different_security_types', 'sfdst', 'many words'],
    ['a_b_c_d_e_f_g_h_i_j', 'abcdefgh', 'initials cut at 8'],
    ['figmaplatform', 'figmapla', 'longer, one word: its first 8 characters'],
    ['Star-Trek', 'st', 'not snake case: cleaned first (star_trek, 9 characters), then initials'],
    ['1password_api', 'x1a', 'starts with a digit: x before it'],
    ['__', 'api', 'nothing usable'],
  ])('%s -> %s (%s)', (short, want) => {
    const got = commandPrefix(short);
    expect(got).toBe(want);
    expect(got.length).toBeLessThanOrEqual(MAX_COMMAND_PREFIX);
    expect(got).toMatch(/^[a-z][a-z0-9_]*$/);
  });
});

describe('a package generated from another spec carries its own brand', () => {
  it('names Swagger Petstore\'s commands sp_*, catches its SwaggerPetstoreException and says nothing of Base dos Dados or billing', async () => {
    const { outputs } = await emitAll(await compileSpec('.corpus/petstore-3.0.json'), { languages: ['stata'], outDir: tempDir('bdgen-stata-brand-') });
    const files = outputs[0]!.plan.files.filter((f) => !f.path.includes('_stata_')); // the runtime is the same in every package
    const table = parseCommandTable('swagger_petstore_commands.py', files.find((f) => f.path === 'swagger_petstore_commands.py')!.contents).table!;
    expect(Object.keys(table.commands).length).toBeGreaterThan(10);
    expect(Object.keys(table.commands).filter((c) => !c.startsWith('sp_'))).toEqual([]);
    expect(table.package.exception).toBe('SwaggerPetstoreException');
    for (const file of files) expect(file.contents, file.path).not.toMatch(/Base dos Dados|BASEDOSDADOS|basedosdados|billing|\bbd_/i);
  });
});
