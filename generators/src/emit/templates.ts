/**
 * Loading and rendering templates. A user's template folder overlays ours
 * file by file; an overlay file we do not have is an error, so overrides
 * cannot silently stop matching after an upgrade.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Handlebars from 'handlebars';
import { SpecError } from '../diagnostics.js';
import type { TemplateSet } from './types.js';

const TEMPLATE_EXT = '.hbs';

/** Every file under `root` (relative, `/`-separated, sorted); none when it does not exist. */
export function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root);
  return out;
}

export function loadTemplates(language: string, builtInRoot: string, overlayRoot?: string): TemplateSet {
  const templates = new Map<string, string>();
  // Only `.hbs` files are layout; a language's hand-written files are its runtime folder (`loadRuntime`).
  const add = (root: string, file: string) => {
    if (file.endsWith(TEMPLATE_EXT)) templates.set(file.slice(0, -TEMPLATE_EXT.length), readFileSync(join(root, file), 'utf8'));
  };
  const ours = join(builtInRoot, language);
  for (const file of listFiles(ours)) add(ours, file);

  if (overlayRoot) {
    const theirs = join(overlayRoot, language);
    const unknown = listFiles(theirs).filter((file) => !existsSync(join(ours, file)));
    if (unknown.length > 0) {
      throw new SpecError(unknown.map((file) => ({
        severity: 'error' as const,
        rule: 'bdgen/unknown-template',
        file: join(theirs, file),
        message: `this template overrides nothing: ${language} has no template ${file}.`,
        hint: `Templates of ${language}: ${listFiles(ours).join(', ')}.`,
      })));
    }
    for (const file of listFiles(theirs)) add(theirs, file);
  }
  return { language, templates };
}

const compiled = new WeakMap<TemplateSet, Map<string, HandlebarsTemplateDelegate>>();

/**
 * Renders one template. Templates only lay out data the emitter has already
 * named, escaped and typed, so no HTML escaping and no helpers beyond
 * Handlebars' own `each`/`if`/`unless`; `strict` turns a missing field into
 * an error instead of an empty string.
 */
export function renderTemplate(set: TemplateSet, name: string, view: object): string {
  let cache = compiled.get(set);
  if (!cache) compiled.set(set, (cache = new Map()));
  let template = cache.get(name);
  if (!template) {
    const source = set.templates.get(name);
    if (source === undefined) throw new Error(`${set.language} has no template ${name}${TEMPLATE_EXT}`);
    template = Handlebars.compile(source, { noEscape: true, strict: true, preventIndent: false });
    cache.set(name, template);
  }
  return template(view);
}

/** The files of a hand-written runtime folder, by relative path, for emitters to copy verbatim. */
export function loadRuntime(root: string): ReadonlyMap<string, string> {
  return new Map(listFiles(root).filter((file) => !RUNTIME_LEFTOVERS.test(file)).map((file) => [file, readFileSync(join(root, file), 'utf8')]));
}

/** What tools leave in a runtime folder (byte caches, editor files): never copied. */
const RUNTIME_LEFTOVERS = /(^|\/)(__pycache__|\.mypy_cache|\.ruff_cache|\.pytest_cache)\/|\.pyc$|~$/;
