/**
 * Keys of the label maps both emitters plan (the name a caller types for each
 * argument of a function). A parameter is its location and wire name, as
 * OpenAPI tells parameters apart (a path `id` and a query `id` are two); the
 * body and the call's own arguments have keys no parameter can have.
 */
import type { IRArgument, IRParam } from '../ir/types.js';

export const BODY_KEY = '#body';
export const OPTIONS_KEY = '#options';
export const PARAMS_KEY = '#params';

/** `query:id`; a data function's argument is `argument:<name>`. */
export function paramKey(param: Pick<IRParam, 'name'> & { readonly in?: IRParam['in'] } | IRArgument): string {
  return `${'in' in param && param.in ? param.in : 'argument'}:${param.name}`;
}
