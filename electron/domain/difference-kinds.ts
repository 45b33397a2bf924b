/**
 * The kinds of difference a reconciliation against Viva finds (design.md §4), in the order a
 * person should look at them: money Viva took that the till never saw first. The diff sorts by
 * this order, the reconciliation screen groups by it, and an `explained` journal event names the
 * kind it settles.
 */
export const DIFFERENCE_KINDS = [
  'viva-only',
  // A Viva day-list entry this till could not read (spec §11): listed, never a reason to drop the list.
  'viva-unreadable',
  'local-only',
  'state-mismatch',
  'amount-mismatch',
  'currency-mismatch',
  'tip-mismatch',
] as const;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];
