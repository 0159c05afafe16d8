/**
 * Every way an error can be looked at: util.inspect at any depth (hidden
 * properties too), JSON.stringify, String and the stack, of the error and of
 * each error in its cause chain.
 */
import { inspect } from 'node:util';

/** The views of `error` and of every `cause` below it, labelled for failure messages. */
export function errorViews(error: unknown): [string, string][] {
  const views: [string, string][] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && !seen.has(current) && depth < 20; depth++) {
    seen.add(current);
    const where = depth === 0 ? 'error' : `cause ${depth}`;
    views.push([`${where} util.inspect`, inspect(current, { depth: Infinity })]);
    views.push([`${where} util.inspect showHidden`, inspect(current, { depth: Infinity, showHidden: true })]);
    let json: string;
    try {
      json = JSON.stringify(current) ?? '';
    } catch (e) {
      json = `JSON.stringify threw ${(e as Error).message}`;
    }
    views.push([`${where} JSON.stringify`, json]);
    views.push([`${where} String`, String(current)]);
    views.push([`${where} stack`, String((current as { stack?: unknown }).stack ?? '')]);
    current = (current as { cause?: unknown }).cause;
  }
  return views;
}

/** The views that contain any of `secrets` (empty when none leaks). */
export function leaks(error: unknown, secrets: readonly string[]): string[] {
  return errorViews(error)
    .filter(([, text]) => secrets.some((secret) => text.includes(secret)))
    .map(([where, text]) => `${where}: ${text.slice(0, 300)}`);
}
