// Text order of the backend's database in ORDER BY (Meta.ordering, order_by).
// Assumed, not read: Cloud SQL's default en_US.UTF-8 collation, where case and
// accents only break ties and punctuation (the _ of slugs) is ignored at first;
// equal texts are then ordered by code points, so the order is total.
const collator = new Intl.Collator('en-US', { sensitivity: 'variant', ignorePunctuation: true });

export function compareText(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
