import { describe, expect, it } from 'vitest';
import { displayCurrency, formatMoney } from '../../renderer/src/lib/money-format.ts';

describe('formatMoney', () => {
  it('formats minor units in the locale, with the ISO exponent', () => {
    expect(formatMoney(1250, '978', 'en-IE')).toBe('€12.50');
    expect(formatMoney(1250, '978', 'el-GR').replace(/\s/g, ' ')).toBe('12,50 €');
    expect(formatMoney(1250, '392', 'en-IE')).toMatch(/1,250/);
    expect(formatMoney(1, '048', 'en-IE')).toMatch(/0\.001/);
    expect(formatMoney(5, 'EUR', 'en-IE')).toBe('€0.05');
  });

  it('never guesses an unknown currency', () => {
    expect(displayCurrency('999x')).toBeUndefined();
    expect(formatMoney(1250, '1234', 'en-IE')).toBe('1250 (1234)');
  });
});
