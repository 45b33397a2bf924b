/**
 * Exports carry a card number only in the masked form Viva returns (414746XXXXXX0133): at most
 * the first six and last four digits. Anything else in that field (a full number a bug or a
 * tampered row put there) is cut down to its last four digits, so no export ever holds a PAN.
 */
const MASKED = /^\d{0,6}[Xx*•]+\d{0,4}$/;

export function maskedPanOnly(value: string | null): string | null {
  if (value === null) return null;
  const text = value.trim();
  if (MASKED.test(text)) return text;
  const last4 = /(\d{4})\D*$/.exec(text)?.[1];
  return last4 ? `XXXXXXXXXXXX${last4}` : null;
}
