import { describe, expect, it } from 'vitest';
import { EMPTY_ENTRY, entryOf, minorUnits, pressKey, type AmountEntry } from '../../renderer/src/lib/amount-entry.ts';

const MAX = 99_999_999;
function type(keys: string[], start: AmountEntry = EMPTY_ENTRY) {
  let entry = start;
  const refused: string[] = [];
  for (const key of keys) {
    const result = pressKey(entry, key, MAX);
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
    const { entry, refused } = type(['1', 'a', '.', '-', 'e', ' ', '2']);
    expect(minorUnits(entry)).toBe(12);
    expect(refused).toEqual(['a:not-a-key', '.:not-a-key', '-:not-a-key', 'e:not-a-key', ' :not-a-key']);
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
});
