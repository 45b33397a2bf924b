/**
 * The journal's search (the one search field of the journal screen, `ecr` and the listSessions
 * channel): what a typed text finds. The journal answers it from its indexes (read-model.ts);
 * the renderer uses the same rule to tell whether a session that just changed belongs in the
 * list it shows. A session matches when any of these holds:
 *   - the text (at least MIN_SEARCH_TEXT characters) occurs anywhere in its merchant reference
 *     or its session id, ignoring the case of the letters A-Z ("inv-3301" and "3301" find
 *     "INV-3301"; other letters compare as they are, as SQLite's LIKE does);
 *   - the text is 4 digits and is the card's last 4;
 *   - its total (amount + tip, what the journal's list shows) is the search's amount: the same
 *     text read as an amount in the till's currency by whoever knows the locale ("44", "44.00"
 *     and "44,00" are 44.00), see `searchAmount`.
 * Shorter texts find sessions by amount or card only: one or two characters occur in most
 * session ids, and the substring index is made of three-character pieces.
 */
import { decimalToMinor } from './minor-units.ts';

export const MIN_SEARCH_TEXT = 3;
export const MAX_SEARCH_TEXT = 200;

export interface SessionSearch {
  /** Trimmed by the caller; matched as described above. */
  text?: string;
  /** Minor units: sessions whose amount + tip is exactly this. */
  amount?: number;
}

export interface Searchable {
  sessionId: string;
  merchantReference: string | null;
  panLast4: string | null;
  amount: number;
  tipAmount: number;
}

/** Whether the text is long enough to be looked for inside references and session ids. */
export function searchesSubstring(text: string): boolean {
  return [...text].length >= MIN_SEARCH_TEXT;
}

export function isCardEnding(text: string): boolean {
  return /^\d{4}$/.test(text);
}

/**
 * The search text read as an amount in a currency with this exponent, when it reads as one:
 * digits with at most one decimal point or comma (either, whatever the locale: the field takes
 * what the cashier types) and no more decimals than the currency has. Grouping separators are
 * not read ("1.234,50" is no amount): a search is not a place to guess.
 */
export function searchAmount(text: string, exponent: number): number | undefined {
  const parsed = decimalToMinor(text.trim(), exponent);
  return parsed.ok && parsed.minor > 0 ? parsed.minor : undefined;
}

export function matchesSearch(session: Searchable, search: SessionSearch): boolean {
  const text = search.text;
  if (text !== undefined && text !== '') {
    if (searchesSubstring(text)) {
      const needle = foldAscii(text);
      if (foldAscii(session.sessionId).includes(needle)) return true;
      if (session.merchantReference !== null && foldAscii(session.merchantReference).includes(needle)) return true;
    }
    if (isCardEnding(text) && session.panLast4 === text) return true;
  }
  return search.amount !== undefined && session.amount + session.tipAmount === search.amount;
}

function foldAscii(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}
