/**
 * Minor-unit arithmetic both the core and the renderer do: a decimal typed by a person to an
 * integer count of minor units, and back to plain decimal text, for a currency's exponent (2 for
 * EUR, 0 for JPY, 3 for BHD). The exponent itself comes from the ISO table the caller holds: the
 * domain imports no package. Money never goes through a float: the digits are joined as text.
 */
export type DecimalProblem = 'not-a-number' | 'too-many-decimals' | 'too-large';
export type DecimalParse = { ok: true; minor: number } | { ok: false; problem: DecimalProblem };

/**
 * "12.50", "12,5" or "12" (already trimmed by the caller, which decides about spaces) to minor
 * units. More decimals than the currency has are refused rather than rounded.
 */
export function decimalToMinor(text: string, exponent: number): DecimalParse {
  const match = /^(\d+)(?:[.,](\d*))?$/.exec(text);
  if (!match) return { ok: false, problem: 'not-a-number' };
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return { ok: false, problem: 'too-many-decimals' };
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  if (!Number.isSafeInteger(minor)) return { ok: false, problem: 'too-large' };
  return { ok: true, minor };
}

/** Minor units to a plain decimal string ("12.50", "-3.05", "1250" for JPY): no grouping, no symbol. */
export function minorToDecimal(minor: number, exponent: number): string {
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return minor < 0 ? `-${text}` : text;
}
