/**
 * `into.push(...items)` passes every item as an argument, and a text of a
 * million lines overflows the stack that way: emitters append lines through
 * this loop instead.
 */
export function append<T>(into: T[], ...groups: readonly (readonly T[])[]): T[] {
  for (const items of groups) for (const item of items) into.push(item);
  return into;
}
