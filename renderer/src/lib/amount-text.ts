/**
 * An amount typed as text ("12.50", "12,5", "1 234,50") -> integer minor units with the
 * currency's exponent. A decimal comma or point is accepted either way; more decimals than the
 * currency has are refused rather than rounded: money is never guessed.
 */
export type AmountText = { ok: true; minor: number } | { ok: false; problem: 'empty' | 'not-a-number' | 'too-many-decimals' | 'not-positive' };

export function parseAmountText(text: string, exponent: number): AmountText {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  if (compact === '') return { ok: false, problem: 'empty' };
  const match = /^(\d+)(?:[.,](\d*))?$/.exec(compact);
  if (!match) return { ok: false, problem: 'not-a-number' };
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return { ok: false, problem: 'too-many-decimals' };
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  if (!Number.isSafeInteger(minor)) return { ok: false, problem: 'not-a-number' };
  if (minor <= 0) return { ok: false, problem: 'not-positive' };
  return { ok: true, minor };
}

/** Minor units as plain text for an input ("12.50"), no grouping, no symbol. */
export function amountInputText(minor: number, exponent: number): string {
  if (exponent === 0) return String(minor);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  return `${minor < 0 ? '-' : ''}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
