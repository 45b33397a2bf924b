/**
 * What a person can do about a reconciliation difference (design.md §4), each journaled with who
 * decided. The diff lists, per difference, the ones that fit it, the recommended one first; the
 * IPC contract, the resolver and the screen all take their names from here.
 *
 * - assign: Viva's record is another till's payment (its cash register is not this till's): it is
 *   kept as evidence under that till and never counts here.
 * - accept: Viva's record is taken as this till's (counts in the day's totals).
 * - not-paid: the journal holds an approval (or an unknown outcome) Viva has no record of: the
 *   card was not charged, so the session leaves the day's money.
 * - explain: nothing changes; the reason is kept.
 * - refund: Viva's charge is accepted, then refunded on the terminal.
 */
export const RESOLUTION_ACTIONS = ['assign', 'accept', 'not-paid', 'explain', 'refund'] as const;
export type ResolutionAction = (typeof RESOLUTION_ACTIONS)[number];

/** How a difference was settled, as the diff reports it. */
export const RESOLUTION_OUTCOMES = ['assigned', 'accepted', 'not-paid', 'explained', 'refund'] as const;
export type ResolutionOutcome = (typeof RESOLUTION_OUTCOMES)[number];
