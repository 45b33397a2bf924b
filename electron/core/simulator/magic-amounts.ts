import type { Scenario } from './scenarios.ts';

/**
 * Magic amounts: the last two digits of the session's amount in minor units (the cents, for
 * EUR) choose the scenario, so a cashier or a test can pick an outcome just by the amount keyed.
 * The amount is the session's total, which includes the tip (amount + tipAmount).
 *
 * Only the endings 01-16 are magic; every other ending (.00, .17-.99, so the usual prices
 * like .00 .20 .50 .90 .95 .99) approves. Where an eventId exists, the ending echoes it:
 * .03 -> 1003, .06 -> 1006 (Viva's own demo declines 99.06), .07 -> 1007, .10 -> 10|00, .11 -> 11|00.
 *
 * The README table is generated from `MAGIC_AMOUNTS` (see `magicAmountsMarkdown`).
 */
export interface MagicAmount {
  /** The last two digits of the total in minor units. */
  cents: number;
  scenario: Scenario;
  /** Example total, in minor units, that triggers it. */
  example: number;
  description: string;
}

export const MAGIC_AMOUNTS: readonly MagicAmount[] = [
  { cents: 1, scenario: { name: 'manual' }, example: 1001, description: 'manual: waits for the customer on the virtual terminal (tap / cancel / decline)' },
  { cents: 2, scenario: { name: 'decline', eventId: 1020 }, example: 1002, description: 'declined: insufficient funds (eventId 1020)' },
  { cents: 3, scenario: { name: 'timeout' }, example: 1003, description: 'terminal timeout at the end of the session lifetime (eventId 1003)' },
  { cents: 4, scenario: { name: 'never-delivered' }, example: 1004, description: 'never delivered: GET answers 202 forever' },
  { cents: 5, scenario: { name: 'flip' }, example: 1005, description: 'flip: first declined (1006), later the same session reads approved' },
  { cents: 6, scenario: { name: 'decline', eventId: 1006 }, example: 9906, description: 'declined by server (eventId 1006), like Viva demo 99.06' },
  { cents: 7, scenario: { name: 'decline', eventId: 1007 }, example: 1007, description: 'declined by card (eventId 1007)' },
  { cents: 8, scenario: { name: 'early-404' }, example: 1008, description: 'early 404: GET answers 404 for 2 s after dispatch, then approves' },
  { cents: 9, scenario: { name: 'lost-response' }, example: 1009, description: 'response lost: the sale proceeds and approves, but its HTTP answer never arrives' },
  { cents: 10, scenario: { name: 'cancel' }, example: 1010, description: 'cardholder cancels on the terminal (eventId 1000)' },
  { cents: 11, scenario: { name: 'busy' }, example: 1011, description: 'terminal busy (eventId 1100)' },
  { cents: 12, scenario: { name: 'abort-ignored' }, example: 1012, description: 'abort ignored: the customer waits, an abort gets 200, then 202 forever' },
  { cents: 13, scenario: { name: 'success-after-abort' }, example: 1013, description: 'success after abort: the customer waits, an abort gets 200, the session ends approved' },
  { cents: 14, scenario: { name: 'late-success' }, example: 1014, description: 'late success: "Invalid card" (1010), then 3 minutes later the same session reads approved (Viva #2461)' },
  { cents: 15, scenario: { name: 'unreadable-in-list' }, example: 1015, description: "approved, but the day list's entry for it has nulls where values belong (it does not parse)" },
  { cents: 16, scenario: { name: 'foreign-body' }, example: 1016, description: 'approved, but until then GET answers the final body of another session' },
];

/** The magic scenario for a total in minor units, or undefined for an ordinary amount. */
export function magicScenarioFor(totalMinor: number): Scenario | undefined {
  const cents = Math.abs(totalMinor) % 100;
  return MAGIC_AMOUNTS.find((m) => m.cents === cents)?.scenario;
}

/** The README's table, generated so that the documentation cannot drift from the code. */
export function magicAmountsMarkdown(): string {
  const rows = MAGIC_AMOUNTS.map((m) => {
    const ending = `.${String(m.cents).padStart(2, '0')}`;
    const example = `${Math.floor(m.example / 100)}.${String(m.example % 100).padStart(2, '0')}`;
    return `| ${ending} | ${m.scenario.name} | ${example} | ${m.description} |`;
  });
  return [
    '| Ends in | Scenario | Example (EUR) | What happens |',
    '|---|---|---|---|',
    ...rows,
    '| anything else | approve | 12.50 | approved after the customer time |',
  ].join('\n');
}
