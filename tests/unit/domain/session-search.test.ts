import { describe, expect, it } from 'vitest';
import { matchesSearch, searchAmount, type Searchable } from '../../../electron/domain/session-search.ts';

const session: Searchable = { sessionId: '3f2a9c1e-7b4d-4e21-9a0b-1c2d3e4f5a6b', merchantReference: 'INV-3301', panLast4: '4242', amount: 4000, tipAmount: 400 };

describe('the journal search rule', () => {
  it('finds any part of the reference or the session id, ignoring the case of A-Z', () => {
    for (const text of ['INV-3301', 'inv-3301', '3301', 'v-33', '9C1E-7B', '5a6b']) expect(matchesSearch(session, { text }), text).toBe(true);
    for (const text of ['INV-3302', '33 01', 'inv3301']) expect(matchesSearch(session, { text }), text).toBe(false);
    expect(matchesSearch({ ...session, merchantReference: null }, { text: 'inv' })).toBe(false);
  });

  it('needs 3 characters for a substring; 4 digits also find the card ending', () => {
    expect(matchesSearch(session, { text: '33' })).toBe(false);
    expect(matchesSearch(session, { text: '4242' })).toBe(true);
    expect(matchesSearch(session, { text: '424' })).toBe(false);
  });

  it('finds the total (amount + tip) when the search carries an amount', () => {
    expect(matchesSearch(session, { text: '44', amount: 4400 })).toBe(true);
    expect(matchesSearch(session, { amount: 4400 })).toBe(true);
    expect(matchesSearch(session, { text: '40', amount: 4000 })).toBe(false);
  });

  it('reads a text as an amount with either decimal separator, never guessing grouping or rounding', () => {
    expect(searchAmount('44', 2)).toBe(4400);
    expect(searchAmount('44.00', 2)).toBe(4400);
    expect(searchAmount('44,00', 2)).toBe(4400);
    expect(searchAmount(' 44,5 ', 2)).toBe(4450);
    expect(searchAmount('44', 0)).toBe(44);
    for (const text of ['1.234,50', '44.001', 'inv-3301', '0', '0,00', '-4', '']) expect(searchAmount(text, 2), text).toBeUndefined();
  });
});
