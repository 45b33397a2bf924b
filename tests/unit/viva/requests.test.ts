import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_MINOR } from '../../../electron/domain/money-limits.ts';
import { VivaError } from '../../../electron/core/viva/errors.ts';
import {
  checkedDate,
  deviceSearchBody,
  preauthCompletionBody,
  refundBody,
  saleBody,
  type SaleRequest,
} from '../../../electron/core/viva/requests.ts';

const SALE: SaleRequest = {
  sessionId: '3f2c7a9e-8d41-4b7a-9c55-2f1e0b6d4a11',
  terminalId: '16000010',
  cashRegisterId: 'TILL-1',
  amount: 1170,
  currencyCode: 'EUR',
};

function refusal(run: () => unknown): VivaError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(VivaError);
    const viva = error as VivaError;
    expect(viva.code).toBe('validation');
    expect(viva.phase).toBe('local');
    return viva;
  }
  throw new Error('expected a refusal');
}

describe('sale body', () => {
  it('sends integer minor units, the numeric currency and a zero tip', () => {
    expect(saleBody(SALE)).toEqual({
      sessionId: SALE.sessionId,
      terminalId: '16000010',
      cashRegisterId: 'TILL-1',
      amount: 1170,
      currencyCode: '978',
      tipAmount: 0,
    });
  });

  it('passes the optional fields through', () => {
    const body = saleBody({
      ...SALE,
      currencyCode: '978',
      merchantReference: 'ORDER-1',
      customerTrns: 'Coffee',
      tipAmount: 150,
      maxInstalments: 0,
      showTransactionResult: false,
      showReceipt: true,
    });
    expect(body).toMatchObject({ merchantReference: 'ORDER-1', customerTrns: 'Coffee', tipAmount: 150, maxInstalments: 0, showTransactionResult: false, showReceipt: true });
    expect(saleBody({ ...SALE, preauth: true })).toMatchObject({ preauth: true, tipAmount: 0 });
  });

  it.each([0, -1, 12.5, Number.NaN, Infinity, MAX_AMOUNT_MINOR + 1, '1000' as unknown as number])('refuses amount %s', (amount) => {
    expect(refusal(() => saleBody({ ...SALE, amount })).fields?.[0]?.path).toBe('amount');
  });

  it.each([-1, 1.5, Number.NaN])('refuses tip %s', (tipAmount) => {
    expect(refusal(() => saleBody({ ...SALE, tipAmount })).fields?.[0]?.path).toBe('tipAmount');
  });

  it('refuses a tip on a pre-authorisation', () => {
    expect(refusal(() => saleBody({ ...SALE, preauth: true, tipAmount: 100 })).message).toMatch(/pre-authorisation/);
  });

  it('refuses missing ids and unknown currencies', () => {
    expect(refusal(() => saleBody({ ...SALE, sessionId: '' })).fields?.[0]?.path).toBe('sessionId');
    expect(refusal(() => saleBody({ ...SALE, sessionId: '   ' })).fields?.[0]?.path).toBe('sessionId');
    expect(refusal(() => saleBody({ ...SALE, terminalId: '' })).fields?.[0]?.path).toBe('terminalId');
    expect(refusal(() => saleBody({ ...SALE, cashRegisterId: undefined as unknown as string })).fields?.[0]?.path).toBe('cashRegisterId');
    expect(refusal(() => saleBody({ ...SALE, currencyCode: 'XYZ' })).fields?.[0]?.path).toBe('currencyCode');
    expect(refusal(() => saleBody({ ...SALE, maxInstalments: -2 })).fields?.[0]?.path).toBe('maxInstalments');
  });
});

describe('refund and completion bodies', () => {
  it('carry the parent session id', () => {
    expect(refundBody({ ...SALE, sessionId: 'refund-1', parentSessionId: SALE.sessionId })).toMatchObject({
      sessionId: 'refund-1',
      parentSessionId: SALE.sessionId,
      amount: 1170,
      currencyCode: '978',
    });
    expect(preauthCompletionBody({ ...SALE, sessionId: 'cap-1', parentSessionId: 'pre-1' })).toMatchObject({ parentSessionId: 'pre-1' });
  });

  it('refuse a missing parent or one equal to the new session id', () => {
    refusal(() => refundBody({ ...SALE, parentSessionId: '' }));
    refusal(() => refundBody({ ...SALE, parentSessionId: SALE.sessionId }));
  });
});

describe('device filter and dates', () => {
  it('builds the device search body', () => {
    expect(deviceSearchBody()).toEqual({});
    expect(deviceSearchBody({ statusId: 1, sourceCode: '543679' })).toEqual({ statusId: 1, sourceCode: '543679' });
    refusal(() => deviceSearchBody({ statusId: 8 }));
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    expect(checkedDate('2026-02-28')).toBe('2026-02-28');
    expect(checkedDate('2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2026-02-30', '2026-2-3', '26-02-03', '2026-13-01', '', undefined]) refusal(() => checkedDate(bad));
  });
});
