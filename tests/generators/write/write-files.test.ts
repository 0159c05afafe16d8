import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planChanges, writeOutputs, type OutputPlan } from '../../../generators/src/write/write-files.js';
import { tempDir } from '../helpers.js';

function plan(root: string, files: Record<string, string>, ownedDirs: string[] = ['gen']): OutputPlan {
  return { root, files: Object.entries(files).map(([path, contents]) => ({ path, contents })), ownedDirs };
}

describe('writeOutputs', () => {
  it('creates, updates and leaves alone, and reports which', () => {
    const root = tempDir();
    writeOutputs([plan(root, { 'gen/a.ts': 'a', 'gen/b.ts': 'b' })]);
    const report = writeOutputs([plan(root, { 'gen/a.ts': 'a', 'gen/b.ts': 'B', 'gen/sub/c.ts': 'c' })]);
    expect(report.changes.map((c) => [c.path.slice(root.length), c.kind])).toEqual([['/gen/b.ts', 'update'], ['/gen/sub/c.ts', 'create']]);
    expect(report.unchanged.map((p) => p.slice(root.length))).toEqual(['/gen/a.ts']);
    expect(readFileSync(join(root, 'gen/b.ts'), 'utf8')).toBe('B');
  });

  it('deletes files no longer generated in folders it owns, and nothing outside them', () => {
    const root = tempDir();
    mkdirSync(join(root, 'gen'), { recursive: true });
    writeFileSync(join(root, 'gen/stale.ts'), 'old');
    writeFileSync(join(root, 'hand-written.ts'), 'mine');
    const report = writeOutputs([plan(root, { 'gen/a.ts': 'a' })]);
    expect(report.changes.map((c) => c.kind).sort()).toEqual(['create', 'delete']);
    expect(existsSync(join(root, 'gen/stale.ts'))).toBe(false);
    expect(readFileSync(join(root, 'hand-written.ts'), 'utf8')).toBe('mine');
  });

  it('leaves no temporary files behind', () => {
    const root = tempDir();
    writeOutputs([plan(root, { 'gen/a.ts': 'a' })]);
    expect(readdirSync(join(root, 'gen'))).toEqual(['a.ts']);
  });
});

describe('planChanges', () => {
  it('lists what would change without touching disk', () => {
    const root = tempDir();
    const changes = planChanges([plan(root, { 'gen/a.ts': 'a' })]).changes;
    expect(changes.map((c) => c.kind)).toEqual(['create']);
    expect(existsSync(join(root, 'gen'))).toBe(false);
  });
});
