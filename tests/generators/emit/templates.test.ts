import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../../generators/src/diagnostics.js';
import { loadTemplates, renderTemplate } from '../../../generators/src/emit/templates.js';
import { tempDir } from '../helpers.js';

const BUILT_IN = resolve('templates');

describe('loadTemplates', () => {
  it('loads every TypeScript template by name', () => {
    const set = loadTemplates('ts', BUILT_IN);
    expect([...set.templates.keys()].sort()).toEqual(['README.md', 'client.ts', 'errors.ts', 'index.ts', 'models.ts', 'package-index.ts', 'schema.ts', 'spec.ts', 'tsconfig.json']);
  });

  it('lays a user template over ours', () => {
    const overlay = tempDir();
    mkdirSync(join(overlay, 'ts'));
    writeFileSync(join(overlay, 'ts', 'index.ts.hbs'), '// mine {{header}}\n');
    const set = loadTemplates('ts', BUILT_IN, overlay);
    expect(renderTemplate(set, 'index.ts', { header: 'H' })).toBe('// mine H\n');
    expect(set.templates.get('client.ts')).toContain('export class');
  });

  it('refuses an overlay template that overrides nothing, naming the templates that exist', () => {
    const overlay = tempDir();
    mkdirSync(join(overlay, 'ts'));
    writeFileSync(join(overlay, 'ts', 'clinet.ts.hbs'), 'typo');
    let error: unknown;
    try {
      loadTemplates('ts', BUILT_IN, overlay);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).diagnostics[0]).toMatchObject({ rule: 'bdgen/unknown-template' });
    expect((error as SpecError).diagnostics[0]!.hint).toContain('client.ts.hbs');
  });
});

describe('renderTemplate', () => {
  it('fails on a field the view does not have instead of printing nothing', () => {
    const set = { language: 'x', templates: new Map([['t', '{{missing}}']]) };
    expect(() => renderTemplate(set, 't', {})).toThrow(/missing/);
  });
  it('never HTML-escapes code', () => {
    const set = { language: 'x', templates: new Map([['t', '{{code}}']]) };
    expect(renderTemplate(set, 't', { code: 'a < b && c' })).toBe('a < b && c');
  });
});
