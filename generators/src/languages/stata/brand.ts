/**
 * What a Stata package calls itself, from `ir.brand` (docs/architecture.md,
 * "The brand"): its commands' prefix. The environment variables and the base
 * exception its runtime catches are the Python package's (python/brand.ts).
 * Our spec's brand (`bd`) gives today's names exactly.
 */

/**
 * The longest command prefix: every command is `<prefix>_<operation>` in at
 * most 32 characters, so a long prefix would cut most operation names short.
 */
export const MAX_COMMAND_PREFIX = 8;

/**
 * The commands' prefix from `brand.short`: the short name itself when it is
 * a Stata name of at most MAX_COMMAND_PREFIX characters (`bd`); else the
 * initials of its words when there are two or more (`swagger_petstore` ->
 * `sp`); else its first MAX_COMMAND_PREFIX characters. Only lowercase
 * letters, digits and `_` are kept, and a prefix that would not start with a
 * letter starts with `x`; an empty one is `api`.
 */
export function commandPrefix(short: string): string {
  const clean = short.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').replace(/_+/g, '_');
  const words = clean.split('_').filter(Boolean);
  const picked = clean.length <= MAX_COMMAND_PREFIX
    ? clean
    : words.length >= 2
      ? words.map((w) => w[0]).join('').slice(0, MAX_COMMAND_PREFIX)
      : clean.slice(0, MAX_COMMAND_PREFIX);
  if (picked === '') return 'api';
  return /^[a-z]/.test(picked) ? picked : `x${picked}`.slice(0, MAX_COMMAND_PREFIX);
}
