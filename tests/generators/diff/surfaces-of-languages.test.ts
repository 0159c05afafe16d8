/**
 * `bdgen diff` compares each language's API listing too: a name one language
 * loses is breaking for that package even when the IR rules see nothing.
 */
import { describe, expect, it } from 'vitest';
import { diffSpecs } from '../../../generators/src/diff/index.js';
import { compileSpec } from '../../../generators/src/generate.js';

describe('the languages\' API listings in bdgen diff', () => {
  it('reports a function one language loses, for that language, when the IR comparison finds nothing', async () => {
    const { ir } = await compileSpec('spec/datalake.yaml');
    // The same operation id with other words: no IR rule looks at words, every language that names functions by them does.
    const renamed = { ...ir, operations: ir.operations.map((op) => (op.id === 'getTable' ? { ...op, words: ['fetch', 'table'] } : op)) };
    const diff = diffSpecs(ir, renamed);
    expect(diff.bump).toBe('minor'); // 0.x: breaking bumps the minor (docs/diff-rules.md)
    const surface = diff.changes.filter((c) => c.rule === 'api-surface-changed');
    expect(surface.filter((c) => c.level === 'breaking').map((c) => c.languages![0])).toEqual(expect.arrayContaining(['python', 'r', 'stata']));
    expect(surface.some((c) => c.level === 'breaking' && /- metadata\.get_table\(/.test(c.message))).toBe(true);
    expect(diff.changes.filter((c) => c.rule !== 'api-surface-changed')).toEqual([]);
  });

  it('adds nothing when the listings agree with the IR (our spec against itself)', async () => {
    const { ir } = await compileSpec('spec/datalake.yaml');
    expect(diffSpecs(ir, ir)).toEqual({ bump: 'none', changes: [] });
  });
});
