/** `aliases.py`: the old names of `x-bd-aliases.python`, each a deprecated function calling the new one. */
import type { Context } from '../context.js';

export function aliasesView(ctx: Context): object | null {
  const own = (ctx.ir.aliases.python ?? []).filter((a) => !a.sameName);
  if (own.length === 0) return null;
  throw new Error('x-bd-aliases.python: not emitted yet');
}
