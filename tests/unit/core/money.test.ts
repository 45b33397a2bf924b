import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_MINOR } from '../../../electron/domain/money-limits.ts';
import { MoneyError, assertAmountMinor, currency, findCurrency, formatMinor, parseAmount } from '../../../electron/core/money.ts';

describe('currency table', () => {
  it('maps alphabetic and numeric ISO 4217 codes with their exponent', () => {
    expect(currency('EUR')).toMatchObject({ alpha: 'EUR', numeric: '978', exponent: 2 });
    expect(currency('978')).toMatchObject({ alpha: 'EUR' });
    expect(currency(978)).toMatchObject({ alpha: 'EUR' });
    expect(currency('jpy')).toMatchObject({ numeric: '392', exponent: 0 });
    expect(currency('48')).toMatchObject({ alpha: 'BHD', numeric: '048', exponent: 3 });
  });

  it('refuses unknown codes with a typed error', () => {
    expect(findCurrency('XYZ')).toBeUndefined();
    expect(() => currency('EURO')).toThrow(MoneyError);
    expect(() => currency('999')).toThrow(/Unknown currency/);
    expect(() => currency('XAU')).toThrow(MoneyError);
    expect(currency('XOF')).toMatchObject({ numeric: '952', exponent: 0 });
  });
});

describe('parseAmount', () => {
  const eur = currency('EUR');
  it.each([
    ['12.50', 1250],
    ['12,5', 1250],
    ['12', 1200],
    ['0.01', 1],
    [' 7.3 ', 730],
  ])('%s EUR is %i cents', (text, minor) => {
    expect(parseAmount(text, eur)).toBe(minor);
  });

  it('uses the currency exponent', () => {
    expect(parseAmount('1250', currency('JPY'))).toBe(1250);
    expect(() => parseAmount('12.5', currency('JPY'))).toThrow(/no decimals/);
    expect(parseAmount('1.234', currency('BHD'))).toBe(1234);
  });

  it.each(['', 'abc', '-5', '12.505', '1e3', '0', '0.00', '12.5.0', '999999999999999'])('refuses %j', (text) => {
    expect(() => parseAmount(text, eur)).toThrow(MoneyError);
  });

  it('refuses amounts above the limit and accepts the limit itself', () => {
    expect(parseAmount(formatMinor(MAX_AMOUNT_MINOR, eur), eur)).toBe(MAX_AMOUNT_MINOR);
    expect(() => parseAmount(formatMinor(MAX_AMOUNT_MINOR + 1, eur), eur)).toThrow(/larger than the till accepts/);
  });
});

describe('assertAmountMinor', () => {
  it.each([0, -1, 12.5, Number.NaN, Infinity, '1250', null, MAX_AMOUNT_MINOR + 1])('refuses %j', (value) => {
    expect(() => assertAmountMinor(value)).toThrow(MoneyError);
  });
  it('accepts positive integers', () => {
    expect(() => assertAmountMinor(1)).not.toThrow();
  });
});

describe('formatMinor', () => {
  it('formats without floats', () => {
    expect(formatMinor(1250, currency('EUR'))).toBe('12.50');
    expect(formatMinor(5, currency('EUR'))).toBe('0.05');
    expect(formatMinor(-5, currency('EUR'))).toBe('-0.05');
    expect(formatMinor(1250, currency('JPY'))).toBe('1250');
    expect(formatMinor(1, currency('BHD'))).toBe('0.001');
  });
});
