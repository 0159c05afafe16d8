/**
 * bdgen/no-ambiguous-paths must report exactly what redocly's pairwise
 * no-ambiguous-paths reports, the same earlier path included.
 */
import { describe, expect, it } from 'vitest';
import { ambiguousPaths } from '../../../generators/src/validate/ambiguous-paths.js';

/** redocly's rule, pairwise, as the reference. */
function pairwise(paths: readonly string[]): (string | undefined)[] {
  const ambiguous = (a: string, b: string) => {
    const pa = a.split('/');
    const pb = b.split('/');
    if (pa.length !== pb.length) return false;
    let av = 0;
    let bv = 0;
    let same = true;
    pa.forEach((segment, i) => {
      const aVar = /^{.+?}$/.test(segment);
      const bVar = /^{.+?}$/.test(pb[i]!);
      if (aVar || bVar) {
        if (aVar) av++;
        if (bVar) bv++;
      } else if (segment !== pb[i]) same = false;
    });
    return same && av === bv;
  };
  return paths.map((path, i) => paths.slice(0, i).find((earlier) => ambiguous(earlier, path)));
}

describe('ambiguousPaths', () => {
  it('finds the pairs a server cannot tell apart, naming the first earlier path', () => {
    const paths = ['/users/{id}', '/users/me', '/{kind}/me', '/users/{name}', '/a/{x}/b', '/a/b/{x}', '/a/{x}/{y}', '/'];
    expect(ambiguousPaths(paths)).toEqual([undefined, undefined, '/users/{id}', '/users/{id}', undefined, '/a/{x}/b', undefined, undefined]);
    expect(ambiguousPaths(paths)).toEqual(pairwise(paths));
  });

  it('agrees with the pairwise rule on 2,000 random paths', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const words = ['a', 'b', 'c', '{x}', '{y}'];
    const paths = [...new Set(Array.from({ length: 2000 }, () => `/${Array.from({ length: 1 + random(4) }, () => words[random(words.length)]).join('/')}`))];
    expect(ambiguousPaths(paths)).toEqual(pairwise(paths));
  });
});
