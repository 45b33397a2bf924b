/**
 * The cashier's amount entry: digits shift in from the right in the currency's minor units
 * (typing 1 2 5 0 shows 12.50 EUR), like every till keypad. Pure, so the keypad, the keyboard and
 * the tests drive the same function. A key that would break the amount is refused, not clamped.
 *
 * A decimal separator ('.' or ',', whichever the keyboard or locale gives) switches to writing
 * the amount as people say it: "12.5" is 12.50, not 1.25, because a cashier who types the point
 * means it. An amount offered again (after Try again) is replaced by the first digit, as selected
 * text is, so the new amount never silently extends the old one.
 */
export type AmountKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '00' | '.' | ',' | 'Backspace' | 'Clear';

export interface AmountEntry {
  /** The amount in minor units as digits, without leading zeros ("" = nothing yet). */
  digits: string;
  /** How many digits were typed after the decimal separator; absent until one is typed. */
  point?: number;
  /** Offered from an earlier attempt: the next digit or separator starts a new amount. */
  replace?: boolean;
}

export type AmountRefusal = 'overflow' | 'not-a-key' | 'decimals';
export type KeyResult = { entry: AmountEntry; refused?: AmountRefusal };

export const EMPTY_ENTRY: AmountEntry = { digits: '' };

const DIGIT_KEYS = new Set(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '00']);
const SEPARATORS = new Set(['.', ',']);

export function isAmountKey(key: string): key is AmountKey {
  return DIGIT_KEYS.has(key) || SEPARATORS.has(key) || key === 'Backspace' || key === 'Clear';
}

/**
 * One key applied to an entry. `exponent` is the currency's number of decimals (2 for EUR, 0 for
 * JPY): it places the digits typed after a separator.
 */
export function pressKey(entry: AmountEntry, key: string, maxMinor: number, exponent = 2): KeyResult {
  if (key === 'Clear') return { entry: EMPTY_ENTRY };
  if (key === 'Backspace') return { entry: backspace(entry, exponent) };
  if (!DIGIT_KEYS.has(key) && !SEPARATORS.has(key)) return { entry, refused: 'not-a-key' };
  const start = entry.replace ? EMPTY_ENTRY : entry;
  const result = SEPARATORS.has(key) ? separator(start, maxMinor, exponent) : typeDigits(start, key, maxMinor, exponent);
  // A refused key leaves the entry exactly as it was, the offered amount included.
  return result.refused ? { entry, refused: result.refused } : result;
}

function typeDigits(entry: AmountEntry, key: string, maxMinor: number, exponent: number): KeyResult {
  let current = entry;
  for (const digit of key) {
    const next = typeDigit(current, digit, maxMinor, exponent);
    if (next.refused) return next;
    current = next.entry;
  }
  return { entry: current };
}

function typeDigit(entry: AmountEntry, digit: string, maxMinor: number, exponent: number): KeyResult {
  if (entry.point === undefined) {
    const digits = (entry.digits + digit).replace(/^0+/, '');
    if (digits.length > 15 || Number(digits) > maxMinor) return { entry, refused: 'overflow' };
    return { entry: { digits } };
  }
  if (entry.point >= exponent) return { entry, refused: 'decimals' };
  const minor = minorUnits(entry) + Number(digit) * 10 ** (exponent - entry.point - 1);
  if (minor > maxMinor) return { entry, refused: 'overflow' };
  return { entry: { digits: minor === 0 ? '' : String(minor), point: entry.point + 1 } };
}

function separator(entry: AmountEntry, maxMinor: number, exponent: number): KeyResult {
  if (entry.point !== undefined || exponent === 0) return { entry, refused: 'decimals' };
  // The digits so far were whole units: "12" then "." is 12.00.
  const minor = minorUnits(entry) * 10 ** exponent;
  if (minor > maxMinor) return { entry, refused: 'overflow' };
  return { entry: { digits: minor === 0 ? '' : String(minor), point: 0 } };
}

function backspace(entry: AmountEntry, exponent: number): AmountEntry {
  if (entry.point === undefined) return { digits: entry.digits.slice(0, -1) };
  if (entry.point === 0) {
    // Taking the separator back: the whole units are digits in minor units again, as typed.
    const whole = Math.floor(minorUnits(entry) / 10 ** exponent);
    return { digits: whole === 0 ? '' : String(whole) };
  }
  const place = 10 ** (exponent - entry.point);
  const minor = minorUnits(entry);
  const without = minor - (Math.floor(minor / place) % 10) * place;
  return { digits: without === 0 ? '' : String(without), point: entry.point - 1 };
}

/** The amount in minor units (0 when nothing is typed). */
export function minorUnits(entry: AmountEntry): number {
  return entry.digits === '' ? 0 : Number(entry.digits);
}

/** An entry showing an amount already known in minor units (e.g. "refund the rest"). */
export function entryOf(minor: number): AmountEntry {
  return { digits: minor > 0 && Number.isInteger(minor) ? String(minor) : '' };
}

/** The same amount, offered again: Enter charges it, the first digit starts a new one. */
export function offerAgain(entry: AmountEntry): AmountEntry {
  return entry.digits === '' ? EMPTY_ENTRY : { digits: entry.digits, replace: true };
}
