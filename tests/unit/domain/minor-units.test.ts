import { describe, expect, it } from 'vitest';
import { decimalToMinor, minorToDecimal } from '../../../electron/domain/minor-units.ts';

// The core (CLI amounts, CSV) and the renderer (refund and correction fields) both read this; a
// float on the way (12.3 * 100 = 1229.9999...) or a rounded extra decimal would move money.
describe('minor-unit arithmetic', () => {
  it.each([
    ['12.50', 2, 1250],
    ['12,5', 2, 1250],
    ['12', 2, 1200],
    ['12.', 2, 1200],
    ['0.29', 2, 29],
    ['1234', 0, 1234],
    ['1.005', 3, 1005],
    ['012.30', 2, 1230],
  ])('reads %s with %i decimals as %i', (text, exponent, minor) => {
    expect(decimalToMinor(text, exponent)).toEqual({ ok: true, minor });
  });

  it('refuses what it would have to guess', () => {
    expect(decimalToMinor('12.505', 2)).toEqual({ ok: false, problem: 'too-many-decimals' });
    expect(decimalToMinor('12.5', 0)).toEqual({ ok: false, problem: 'too-many-decimals' });
    for (const text of ['', '-1', '1e3', '12.5.0', ' 12', '12 50', '.5']) expect(decimalToMinor(text, 2), text).toEqual({ ok: false, problem: 'not-a-number' });
    expect(decimalToMinor('99999999999999999', 2)).toEqual({ ok: false, problem: 'too-large' });
  });

  it.each([
    [1250, 2, '12.50'],
    [5, 2, '0.05'],
    [-305, 2, '-3.05'],
    [0, 2, '0.00'],
    [1250, 0, '1250'],
    [-7, 0, '-7'],
    [1005, 3, '1.005'],
  ])('writes %i with %i decimals as %s', (minor, exponent, text) => {
    expect(minorToDecimal(minor, exponent)).toBe(text);
  });

  it('reads back what it writes', () => {
    for (const exponent of [0, 2, 3]) {
      for (const minor of [1, 9, 10, 99, 100, 12345, 99_999_999]) {
        expect(decimalToMinor(minorToDecimal(minor, exponent), exponent)).toEqual({ ok: true, minor });
      }
    }
  });
});
