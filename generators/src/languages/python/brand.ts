/**
 * What a Python package calls itself, from `ir.brand` (docs/architecture.md,
 * "The brand"): its exception names, its environment variables and the alias
 * its examples import it as. Our spec's brand gives today's names exactly.
 */
import { pascalCase } from '../../emit/naming.js';
import type { IR, Words } from '../../ir/types.js';

/** The base class of every exception, as the runtime names it (core/errors.py). */
export const RUNTIME_BASE_EXCEPTION = 'BaseDosDadosException';
/** The runtime's base under a name of no brand, which a package of another brand derives its own base from. */
export const RUNTIME_NEUTRAL_EXCEPTION = 'ApiException';
/** The prefix of the runtime's environment variables unless `_spec.py` gives another (core/config.py `DEFAULT_ENV_PREFIX`). */
export const RUNTIME_ENV_PREFIX = 'BASEDOSDADOS';

/** Kinds whose class names users of the `basedosdados` package already type: the part between the brand and `Exception`. */
const KNOWN_KIND_NAMES: Readonly<Record<string, string>> = { billing_project: 'NoBillingProjectID' };

/** `BaseDosDadosException`, `SwaggerPetstoreException`: the base class of a package's exceptions (Stata's commands catch it too). */
export const pyBaseException = (ir: Pick<IR, 'brand'>): string => `${pascalCase(ir.brand.words)}Exception`;

/** The exception class of an `x-bd-errors` kind: `not_found` -> `BaseDosDadosNotFoundException`. */
export function pyExceptionName(ir: Pick<IR, 'brand'>, kind: string, words: Words): string {
  return `${pascalCase(ir.brand.words)}${KNOWN_KIND_NAMES[kind] ?? pascalCase(words)}Exception`;
}

/** Whether the package defines its own base exception (another brand) rather than re-exporting the runtime's. */
export const ownsBaseException = (ir: Pick<IR, 'brand'>): boolean => pyBaseException(ir) !== RUNTIME_BASE_EXCEPTION;

/** An environment variable of the package: `API_URL` -> `BASEDOSDADOS_API_URL`. */
export const envVar = (ir: Pick<IR, 'brand'>, setting: string): string => `${ir.brand.envPrefix}_${setting}`;
