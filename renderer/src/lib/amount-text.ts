/**
 * An amount typed as text ("12.50", "12,5", "1 234,50") -> integer minor units with the
 * currency's exponent. A decimal comma or point is accepted either way; more decimals than the
 * currency has are refused rather than rounded: money is never guessed.
 */
import { decimalToMinor, minorToDecimal } from '../../../electron/domain/minor-units.ts';

export type AmountText = { ok: true; minor: number } | { ok: false; problem: 'empty' | 'not-a-number' | 'too-many-decimals' | 'not-positive' };

export function parseAmountText(text: string, exponent: number): AmountText {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  if (compact === '') return { ok: false, problem: 'empty' };
  const parsed = decimalToMinor(compact, exponent);
  if (!parsed.ok) return { ok: false, problem: parsed.problem === 'too-large' ? 'not-a-number' : parsed.problem };
  if (parsed.minor <= 0) return { ok: false, problem: 'not-positive' };
  return { ok: true, minor: parsed.minor };
}

/** Minor units as plain text for an input ("12.50"), no grouping, no symbol. */
export function amountInputText(minor: number, exponent: number): string {
  return minorToDecimal(minor, exponent);
}
