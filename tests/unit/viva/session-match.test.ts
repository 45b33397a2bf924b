import { describe, expect, it } from 'vitest';
import { sessionSchema, type VivaSession } from '../../../electron/core/viva/schemas.ts';
import { sessionMismatches, type ExpectedSession } from '../../../electron/core/viva/session-match.ts';
import { SUCCESS_SESSION } from './payloads.ts';

// A final body is an outcome only for the session it names (spec §11). SUCCESS_SESSION is the
// spec's body: terminalId 16253546 and currencyCode 978 as numbers, amount 1250, tip 0.

const body = (patch: Record<string, unknown> = {}): VivaSession =>
  sessionSchema.parse({ ...(JSON.parse(SUCCESS_SESSION) as Record<string, unknown>), ...patch });

const expected: ExpectedSession = {
  sessionId: '3f2c7a9e-8d41-4b7a-9c55-2f1e0b6d4a11',
  terminalId: '16253546',
  cashRegisterId: 'POS005',
  amount: 1250,
  tipAmount: 0,
  currencyCode: '978',
};

describe('sessionMismatches', () => {
  it('the body of this session (numbers normalised) matches', () => {
    expect(sessionMismatches(body(), expected)).toEqual([]);
  });

  it.each([
    ['sessionId', { sessionId: 'another-session' }, '3f2c7a9e-8d41-4b7a-9c55-2f1e0b6d4a11', 'another-session'],
    ['terminalId', { terminalId: 16000002 }, '16253546', '16000002'],
    ['cashRegisterId', { cashRegisterId: 'POS006' }, 'POS005', 'POS006'],
    ['amount', { amount: 1251 }, '1250', '1251'],
    ['currencyCode', { currencyCode: '826' }, '978', '826'],
  ] as const)('a different %s is named, with what was expected and what came', (field, patch, want, got) => {
    expect(sessionMismatches(body(patch), expected)).toEqual([{ field, expected: want, received: got }]);
  });

  it('several differences are all listed, in field order', () => {
    const found = sessionMismatches(body({ sessionId: 'x', terminalId: '1', amount: 1, currencyCode: '840' }), expected);
    expect(found.map((m) => m.field)).toEqual(['sessionId', 'terminalId', 'amount', 'currencyCode']);
  });

  describe('tips (spec §10.5: Viva amount includes the tip; the request amount may or may not)', () => {
    const withTip: ExpectedSession = { ...expected, amount: 1000, tipAmount: 250 };
    it('Viva amount = request amount + tip matches', () => {
      expect(sessionMismatches(body({ amount: 1250, tipAmount: 250 }), withTip)).toEqual([]);
    });
    it('Viva amount = request amount (tip already inside) matches', () => {
      expect(sessionMismatches(body({ amount: 1000, tipAmount: 250 }), withTip)).toEqual([]);
    });
    it('anything else differs, reported against amount + tip', () => {
      expect(sessionMismatches(body({ amount: 1100, tipAmount: 250 }), withTip)).toEqual([{ field: 'amount', expected: '1250', received: '1100' }]);
    });
  });

  it('a missing or empty cashRegisterId is not a mismatch (Viva does not always echo it)', () => {
    expect(sessionMismatches(body({ cashRegisterId: null }), expected)).toEqual([]);
    expect(sessionMismatches(body({ cashRegisterId: '' }), expected)).toEqual([]);
    const absent = JSON.parse(SUCCESS_SESSION) as Record<string, unknown>;
    delete absent.cashRegisterId;
    expect(sessionMismatches(sessionSchema.parse(absent), expected)).toEqual([]);
  });
});
