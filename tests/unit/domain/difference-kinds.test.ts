import { describe, expect, it } from 'vitest';
import { DIFFERENCE_KINDS } from '../../../electron/domain/difference-kinds.ts';
import { groupDifferences } from '../../../renderer/src/screens/reconciliation/differences.ts';
import type { Difference } from '../../../electron/core/reports/index.ts';

// One list decides both the diff's sort and the screen's groups: the first thing a manager sees is
// money Viva took that the till never journaled, then what the till could not read from Viva.
describe('difference kinds', () => {
  it('puts money Viva has and the till lacks first', () => {
    expect(DIFFERENCE_KINDS.slice(0, 3)).toEqual(['viva-only', 'viva-unreadable', 'local-only']);
    expect(new Set(DIFFERENCE_KINDS).size).toBe(DIFFERENCE_KINDS.length);
  });

  it('is the order the reconciliation screen groups by', () => {
    const shuffled = [...DIFFERENCE_KINDS].reverse().map((kind) => ({ kind, sessionId: `s-${kind}`, status: 'open' }) as unknown as Difference);
    expect(groupDifferences(shuffled).map((group) => group.kind)).toEqual([...DIFFERENCE_KINDS]);
  });
});
