/**
 * The largest amount the till accepts in one session, in minor units: amount and tip together.
 * Viva publishes no limit; this guards against a slipped key turning 12.50 into 1,250,000.00,
 * and keeps sums of a year's sessions far inside Number.MAX_SAFE_INTEGER. Core, contract and
 * renderer all read it from here.
 */
export const MAX_AMOUNT_MINOR = 99_999_999;

/**
 * The checkout asks the cashier to confirm a sale above this (minor units) unless the settings
 * say otherwise (confirmAboveMinor): 1,000.00 in a two-decimal currency, above a usual sale and
 * far below what a slipped key makes of one. Here, not in the settings schema, so that the
 * renderer reads it without pulling zod into its bundle.
 */
export const DEFAULT_CONFIRM_ABOVE_MINOR = 100_000;

/** Whether amount + tip (minor units) stays within MAX_AMOUNT_MINOR. */
export function withinAmountLimit(amount: number, tip: number): boolean {
  return amount + tip <= MAX_AMOUNT_MINOR;
}
