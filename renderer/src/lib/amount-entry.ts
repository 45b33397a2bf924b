/**
 * The cashier's amount entry: digits shift in from the right in the currency's minor units
 * (typing 1 2 5 0 shows 12.50 EUR), like every till keypad. Pure, so the keypad, the keyboard and
 * the tests drive the same function. A key that would break the amount is refused, not clamped.
 */
export type AmountKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '00' | 'Backspace' | 'Clear';

export interface AmountEntry {
  /** The digits typed, without leading zeros ("" = nothing yet). */
  digits: string;
}

export type KeyResult = { entry: AmountEntry; refused?: 'overflow' | 'not-a-key' };

export const EMPTY_ENTRY: AmountEntry = { digits: '' };

const DIGIT_KEYS = new Set(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '00']);

export function isAmountKey(key: string): key is AmountKey {
  return DIGIT_KEYS.has(key) || key === 'Backspace' || key === 'Clear';
}

export function pressKey(entry: AmountEntry, key: string, maxMinor: number): KeyResult {
  if (key === 'Backspace') return { entry: { digits: entry.digits.slice(0, -1) } };
  if (key === 'Clear') return { entry: EMPTY_ENTRY };
  if (!DIGIT_KEYS.has(key)) return { entry, refused: 'not-a-key' };
  const digits = (entry.digits + key).replace(/^0+/, '');
  if (digits.length > 15 || Number(digits) > maxMinor) return { entry, refused: 'overflow' };
  return { entry: { digits } };
}

/** The amount in minor units (0 when nothing is typed). */
export function minorUnits(entry: AmountEntry): number {
  return entry.digits === '' ? 0 : Number(entry.digits);
}

/** An entry showing an amount already known in minor units (e.g. "refund the rest"). */
export function entryOf(minor: number): AmountEntry {
  return { digits: minor > 0 && Number.isInteger(minor) ? String(minor) : '' };
}
