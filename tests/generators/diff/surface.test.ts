/**
 * diffSurfaces (a line removed or changed breaks a language's users, a line
 * added is minor), a renamed parameter seen in every language's listing, and
 * the listing's determinism.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSurfaces, symbolKey } from '../../../generators/src/diff/surface.js';
import { compileSpec } from '../../../generators/src/generate.js';
import { LANGUAGES, readyLanguages, type LanguageId } from '../../../generators/src/languages/index.js';
import { tempDir } from '../helpers.js';

describe('diffSurfaces', () => {
  it('calls a removed line breaking and an added one minor', () => {
    expect(diffSurfaces(['a(x)', 'b(y)'], ['b(y)', 'c(z)'])).toEqual([
      { level: 'breaking', line: '- a(x)' },
      { level: 'minor', line: '+ c(z)' },
    ]);
  });

  it('pairs a changed line by its symbol (the text before the first "(" or ":") and calls it breaking', () => {
    expect(symbolKey('models.Dataset.name: str')).toBe('models.Dataset.name');
    expect(symbolKey('metadata.get(a: int) -> T')).toBe('metadata.get');
    expect(diffSurfaces(['models.Dataset.name: str'], ['models.Dataset.name: int'])).toEqual([
      { level: 'breaking', line: '~ models.Dataset.name: str -> models.Dataset.name: int' },
    ]);
    expect(diffSurfaces(['get(a: int, b: str) -> T'], ['get(a: int, c: str) -> T'])).toEqual([
      { level: 'breaking', line: '~ get(a: int, b: str) -> T -> get(a: int, c: str) -> T' },
    ]);
  });

  it('calls a signature that only gained parameters callers may leave out minor, and a required one breaking', () => {
    const old = 'metadata.search(q: str | None = None, *, timeout: float | None = None) -> Page[SearchResult, dict[str, Any]]';
    const optional = 'metadata.search(q: str | None = None, theme: list[str] | None = None, *, timeout: float | None = None) -> Page[SearchResult, dict[str, Any]]';
    expect(diffSurfaces([old], [optional]).map((c) => c.level)).toEqual(['minor']);
    expect(diffSurfaces(['f(a, b = 1)'], ['f(a, b = 1, c = NULL)']).map((c) => c.level)).toEqual(['minor']);
    expect(diffSurfaces(['C.m(id: string, options?: O): Promise<T>'], ['C.m(id: string, p?: { a?: string }, options?: O): Promise<T>']).map((c) => c.level)).toEqual(['minor']);
    expect(diffSurfaces(['f(a, b = 1)'], ['f(a, c, b = 1)']).map((c) => c.level)).toEqual(['breaking']);
    // A default that changed, or a result that changed, is not an addition.
    expect(diffSurfaces(['f(a, b = 1)'], ['f(a, b = 2)']).map((c) => c.level)).toEqual(['breaking']);
    expect(diffSurfaces(['f(a) -> int'], ['f(a, b = 1) -> str']).map((c) => c.level)).toEqual(['breaking']);
  });

  it('finds nothing between equal listings', () => {
    expect(diffSurfaces(['a(x)', 'b'], ['b', 'a(x)'])).toEqual([]);
  });
});

const ZOO = (param: string) => `openapi: 3.1.0
info: { title: Zoo API, version: 1.0.0 }
servers: [{ url: 'http://127.0.0.1:8787' }]
paths:
  /animals/{animal_id}:
    get:
      operationId: getAnimal
      tags: [animals]
      parameters:
        - { name: animal_id, in: path, required: true, schema: { type: string } }
        - { name: ${param}, in: query, schema: { type: string, enum: [pt, en] } }
      responses:
        '200':
          description: The animal.
          content: { application/json: { schema: { $ref: '#/components/schemas/Animal' } } }
components:
  schemas:
    Animal:
      type: object
      required: [name]
      properties: { name: { type: string }, legs: { type: integer } }
`;

async function surfaces(param: string): Promise<Record<LanguageId, string[]>> {
  const file = join(tempDir('bdgen-surface-'), 'openapi.yaml');
  writeFileSync(file, ZOO(param));
  const { ir } = await compileSpec(file);
  return Object.fromEntries(readyLanguages().map((l) => [l, LANGUAGES[l].surface!(ir)])) as Record<LanguageId, string[]>;
}

describe('a renamed parameter in each language', () => {
  // given `locale` renamed `lang`, want exactly these lines gone and these new ones.
  const want: Record<LanguageId, { removed: string[]; added: string[] }> = {
    ts: {
      removed: ["GetAnimalParams.locale?: 'pt' | 'en'"],
      added: ["GetAnimalParams.lang?: 'pt' | 'en'"],
    },
    python: {
      removed: ['metadata.get_animal(animal_id: str, locale: Literal["pt", "en"] | None = None, *, base_url: str | None = None, timeout: float | None = None) -> Animal'],
      added: ['metadata.get_animal(animal_id: str, lang: Literal["pt", "en"] | None = None, *, base_url: str | None = None, timeout: float | None = None) -> Animal'],
    },
    r: {
      removed: ['export get_animal(animal_id, locale = NULL, base_url = NULL, timeout = NULL)'],
      added: ['export get_animal(animal_id, lang = NULL, base_url = NULL, timeout = NULL)'],
    },
    stata: {
      removed: ['zoo_get_animal, option LOCale(string asis)'],
      added: ['zoo_get_animal, option LANg(string asis)'],
    },
  };

  it.each(readyLanguages())('%s: changes exactly the expected lines, and the diff calls it breaking', async (language) => {
    const [before, after] = await Promise.all([surfaces('locale'), surfaces('lang')]);
    const old = before[language];
    const now = after[language];
    expect(old.filter((l) => !now.includes(l))).toEqual(want[language].removed);
    expect(now.filter((l) => !old.includes(l))).toEqual(want[language].added);
    const changes = diffSurfaces(old, now);
    expect(changes.some((c) => c.level === 'breaking')).toBe(true);
  });

  it.each(readyLanguages())('%s: the same spec gives the same bytes', async (language) => {
    const [first, second] = await Promise.all([surfaces('locale'), surfaces('locale')]);
    expect(first[language].join('\n')).toBe(second[language].join('\n'));
    expect(first[language].length).toBeGreaterThan(3);
  });
});
