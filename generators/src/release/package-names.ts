/** Each staged package's name as its ecosystem reads it, for the changelog's headings. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LanguageId } from '../languages/index.js';

const field = (text: string, pattern: RegExp, where: string): string => {
  const m = pattern.exec(text);
  if (!m?.[1]) throw new Error(`no package name in ${where}`);
  return m[1];
};

export function packageNames(roots: Readonly<Record<LanguageId, string>>): Array<{ language: LanguageId; name: string }> {
  const pkg = readdirSync(roots.stata).find((f) => f.endsWith('.pkg')) ?? 'stata.pkg';
  return [
    { language: 'ts', name: (JSON.parse(readFileSync(join(roots.ts, 'package.json'), 'utf8')) as { name: string }).name },
    { language: 'python', name: field(readFileSync(join(roots.python, 'pyproject.toml'), 'utf8'), /^name\s*=\s*"([^"]+)"/m, 'pyproject.toml') },
    { language: 'r', name: field(readFileSync(join(roots.r, 'DESCRIPTION'), 'utf8'), /^Package:\s*(\S+)/m, 'DESCRIPTION') },
    { language: 'stata', name: pkg.replace(/\.pkg$/, '') },
  ];
}
