/**
 * What a Stata package calls itself, from `ir.brand` (docs/architecture.md,
 * "The brand"): its commands' prefix, its environment variables and the
 * Python package's base exception its runtime catches. Our spec's brand
 * (`bd`, `BASEDOSDADOS`, Base dos Dados) gives today's names exactly.
 */
import { pascalCase } from '../../emit/naming.js';
import type { IR } from '../../ir/types.js';

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

/** The Python package's base exception, which every command catches: the brand's words (`BaseDosDadosException`), the Python package's own rule. */
export const pythonBaseException = (ir: Pick<IR, 'brand'>): string => `${pascalCase(ir.brand.words)}Exception`;

/** An environment variable the Python package reads: `API_URL` -> `BASEDOSDADOS_API_URL`. */
export const envVar = (ir: Pick<IR, 'brand'>, name: string): string => `${ir.brand.envPrefix}_${name}`;
