import { describe, expect, it } from 'vitest';
import { EMPTY_ENTRY, entryOf, minorUnits, offerAgain, pressKey, type AmountEntry } from '../../renderer/src/lib/amount-entry.ts';

const MAX = 99_999_999;
function type(keys: string[], start: AmountEntry = EMPTY_ENTRY, exponent = 2) {
  let entry = start;
  const refused: string[] = [];
  for (const key of keys) {
    const result = pressKey(entry, key, MAX, exponent);
    entry = result.entry;
    if (result.refused) refused.push(`${key}:${result.refused}`);
  }
  return { entry, refused };
}

describe('amount entry', () => {
  it('shifts digits in from the right in minor units', () => {
    expect(minorUnits(type(['1', '2', '5', '0']).entry)).toBe(1250);
    expect(minorUnits(type(['5']).entry)).toBe(5);
    expect(minorUnits(type(['1', '00']).entry)).toBe(100);
  });

  it('ignores leading zeros, deletes and clears', () => {
    expect(type(['0', '0', '7']).entry.digits).toBe('7');
    expect(minorUnits(type(['1', '2', '3', 'Backspace']).entry)).toBe(12);
    expect(minorUnits(type(['Backspace']).entry)).toBe(0);
    expect(type(['9', '9', 'Clear']).entry).toEqual(EMPTY_ENTRY);
  });

  it('refuses keys that are not keypad keys, and changes nothing', () => {
    const { entry, refused } = type(['1', 'a', '-', 'e', ' ', '2']);
    expect(minorUnits(entry)).toBe(12);
    expect(refused).toEqual(['a:not-a-key', '-:not-a-key', 'e:not-a-key', ' :not-a-key']);
  });

  it('refuses a digit that would overflow the limit, keeping the amount', () => {
    const full = type('99999999'.split('')).entry;
    expect(minorUnits(full)).toBe(MAX);
    const { entry, refused } = type(['9'], full);
    expect(minorUnits(entry)).toBe(MAX);
    expect(refused).toEqual(['9:overflow']);
    expect(type(['00'], full).refused).toEqual(['00:overflow']);
  });

  it('starts from a known amount', () => {
    expect(minorUnits(entryOf(1500))).toBe(1500);
    expect(entryOf(0)).toEqual(EMPTY_ENTRY);
    expect(entryOf(1.5)).toEqual(EMPTY_ENTRY);
  });

  it('takes "." and "," as the decimal separator: 12.5 is 12.50, 7,25 is 7.25, .5 is 0.50', () => {
    expect(minorUnits(type('12.5'.split('')).entry)).toBe(1250);
    expect(minorUnits(type('7,25'.split('')).entry)).toBe(725);
    expect(minorUnits(type('.5'.split('')).entry)).toBe(50);
    expect(minorUnits(type(['1', '.', '00']).entry)).toBe(100);
    expect(minorUnits(type('0.05'.split('')).entry)).toBe(5);
    // Without a separator the digits still shift in as minor units.
    expect(minorUnits(type('125'.split('')).entry)).toBe(125);
  });

  it('refuses a second separator and a third decimal, keeping the amount', () => {
    const { entry, refused } = type('1.2.34'.split(''));
    expect(minorUnits(entry)).toBe(123);
    expect(refused).toEqual(['.:decimals', '4:decimals']);
    expect(type(['1', '.', '5', '00']).refused).toEqual(['00:decimals']);
  });

  it('places the decimals by the currency: none for a 0-decimal currency, three for a 3-decimal one', () => {
    expect(type(['5', '.'], EMPTY_ENTRY, 0).refused).toEqual(['.:decimals']);
    expect(minorUnits(type('1.5'.split(''), EMPTY_ENTRY, 3).entry)).toBe(1500);
  });

  it('takes the decimals back one by one, then the separator, with Backspace', () => {
    const steps: number[] = [];
    let entry = type('12.34'.split('')).entry;
    for (let i = 0; i < 4; i++) {
      entry = pressKey(entry, 'Backspace', MAX).entry;
      steps.push(minorUnits(entry));
    }
    // 12.30, 12.00, then the separator goes and "12" is digits in minor units again, then "1".
    expect(steps).toEqual([1230, 1200, 12, 1]);
    expect(minorUnits(type(['5'], entry).entry)).toBe(15);
  });

  it('refuses a separator that would push the whole units past the limit', () => {
    const big = type('9999999'.split('')).entry;
    expect(type(['.'], big).refused).toEqual(['.:overflow']);
  });

  it('an amount offered again is replaced by the first digit or separator, kept by a refused key', () => {
    const offered = offerAgain(entryOf(1002));
    expect(minorUnits(offered)).toBe(1002);
    expect(minorUnits(type('1500'.split(''), offered).entry)).toBe(1500);
    expect(minorUnits(type('.5'.split(''), offered).entry)).toBe(50);
    const refused = type(['x'], offered);
    expect(refused.entry).toEqual(offered);
    // Backspace edits the offered amount instead of starting again.
    expect(minorUnits(type(['Backspace', '3'], offered).entry)).toBe(1003);
    expect(offerAgain(EMPTY_ENTRY)).toEqual(EMPTY_ENTRY);
  });
});
