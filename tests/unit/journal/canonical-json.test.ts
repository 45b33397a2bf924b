import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../electron/core/journal/canonical-json.ts';
import { JournalError } from '../../../electron/core/journal/errors.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'é' }], c: true }, u: undefined })).toBe(
      '{"a":{"c":true,"d":[3,{"y":"é","z":null}]},"b":1}',
    );
  });

  it('gives the same text whatever order the keys were written in', () => {
    const one = { sessionId: 's', amount: 1250, nested: { x: 1, y: [1, 2] } };
    const two = { nested: { y: [1, 2], x: 1 }, amount: 1250, sessionId: 's' };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
    expect(JSON.parse(canonicalJson(one))).toEqual(one);
  });

  it('puts array-index keys first in numeric order (ECMAScript own-property order), then the rest sorted', () => {
    expect(canonicalJson({ b: 1, 10: 'ten', a: 2, 9: 'nine' })).toBe('{"9":"nine","10":"ten","a":2,"b":1}');
  });

  it('refuses what JSON would silently change', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, new Date(0), new Map(), [1, undefined], 10n, () => 1, Symbol('s')]) {
      expect(() => canonicalJson({ value: bad }), String(bad)).toThrow(JournalError);
    }
    let deep: unknown = 1;
    for (let i = 0; i < 40; i += 1) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(/nested too deeply/);
  });

  it('names where the problem is', () => {
    expect(() => canonicalJson({ viva: { list: [1, Number.NaN] } })).toThrow('$.viva.list[1]');
  });
});
