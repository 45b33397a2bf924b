import { describe, expect, it } from 'vitest';
import { describeEvent, type OutcomeKind } from '../../../electron/core/viva/event-ids.ts';
import { EVENT_IDS } from '../../../electron/domain/event-ids.ts';
import { EVENT_REASONS_EN } from '../../../electron/domain/event-reasons.ts';
import { sessionOutcome } from '../../../electron/core/viva/outcome.ts';
import { sessionSchema, type VivaSession } from '../../../electron/core/viva/schemas.ts';

// Every eventId listed in spec §5.1, with the kind the till gives it.
const SPEC_5_1: Record<number, OutcomeKind> = {
  0: 'approved',
  1000: 'cancelled',
  1001: 'busy',
  1002: 'failed',
  1003: 'timeout',
  1004: 'declined',
  1006: 'declined',
  1007: 'declined',
  1008: 'failed',
  1009: 'failed',
  1010: 'declined',
  1011: 'failed',
  1012: 'failed',
  1013: 'failed',
  1014: 'failed',
  1016: 'aborted',
  1017: 'failed',
  1018: 'failed',
  1019: 'declined',
  1020: 'declined',
  1021: 'failed',
  1099: 'failed',
  1100: 'busy',
  1101: 'failed',
  1102: 'timeout',
  2000: 'failed',
  3000: 'failed',
  3001: 'failed',
  3002: 'failed',
  3099: 'failed',
  4000: 'failed',
  5000: 'failed',
  5001: 'failed',
  5002: 'failed',
  5003: 'failed',
  5004: 'failed',
  5005: 'failed',
  5006: 'failed',
  6000: 'failed',
  6102: 'failed',
  6201: 'failed',
  7001: 'failed',
  7002: 'failed',
  7003: 'failed',
  7004: 'failed',
  7005: 'failed',
};

function session(fields: Partial<Record<string, unknown>>): VivaSession & { success: boolean } {
  const parsed = sessionSchema.parse({ sessionId: 's-1', terminalId: '16000010', amount: 1000, currencyCode: '978', ...fields });
  return { ...parsed, success: parsed.success === true };
}

describe('eventId table', () => {
  it('has a kind and a real sentence for every eventId of spec §5.1', () => {
    for (const [id, kind] of Object.entries(SPEC_5_1)) {
      const info = EVENT_IDS.get(Number(id));
      expect(info, `eventId ${id}`).toBeDefined();
      expect(info?.kind, `eventId ${id}`).toBe(kind);
      expect(info && EVENT_REASONS_EN[info.key], `eventId ${id}`).toMatch(/^[A-Z].{4,}\.$/);
    }
    expect(EVENT_IDS.size).toBe(Object.keys(SPEC_5_1).length);
  });

  it('gives unknown ids a failure message with the number and Viva text', () => {
    const info = describeEvent(1234, 'Something odd happened');
    expect(info.kind).toBe('failed');
    expect(info.message).toContain('1234');
    expect(info.message).toContain('Something odd happened');
  });

  it('adds Viva text to 6000 (wrong request parameters)', () => {
    expect(describeEvent(6000, 'Amount exceeds limit').message).toContain('Amount exceeds limit');
    expect(describeEvent(1006, 'Transaction declined by server').message).toBe("The customer's bank declined the payment.");
  });
});

describe('session outcome', () => {
  it('maps success true to approved', () => {
    expect(sessionOutcome(session({ success: true, eventId: 0 }))).toMatchObject({ kind: 'approved', message: 'Approved.' });
  });

  it('keeps a payment approved even when an abort was requested (paid after abort)', () => {
    const outcome = sessionOutcome(session({ success: true, eventId: 0, abortOperation: true, abortSuccess: false }));
    expect(outcome.kind).toBe('approved');
  });

  it('maps declines, cancel, timeouts and busy', () => {
    const kindOf = (eventId: number) => sessionOutcome(session({ success: false, eventId })).kind;
    expect([1004, 1006, 1007, 1010, 1019, 1020].map(kindOf)).toEqual(Array(6).fill('declined'));
    expect(kindOf(1000)).toBe('cancelled');
    expect(kindOf(1003)).toBe('timeout');
    expect(kindOf(1102)).toBe('timeout');
    expect(kindOf(1100)).toBe('busy');
    expect([3000, 3001, 3002, 3099, 4000, 5000, 5006, 6000, 1101].map(kindOf)).toEqual(Array(9).fill('failed'));
  });

  it('maps 1016, or abortSuccess with success false, to aborted', () => {
    expect(sessionOutcome(session({ success: false, eventId: 1016 })).kind).toBe('aborted');
    expect(sessionOutcome(session({ success: false, eventId: 1000, abortOperation: true, abortSuccess: true })).kind).toBe('aborted');
    expect(sessionOutcome(session({ success: false, eventId: null, abortSuccess: true })).kind).toBe('aborted');
  });

  it('treats success false with eventId 0 or none as a failure carrying Viva text', () => {
    const zero = sessionOutcome(session({ success: false, eventId: 0, message: 'Oops' }));
    expect(zero).toMatchObject({ kind: 'failed', eventId: 0 });
    expect(zero.message).toContain('Oops');
    expect(sessionOutcome(session({ success: false })).kind).toBe('failed');
  });

  it('reports an unknown eventId as failed with its number', () => {
    const outcome = sessionOutcome(session({ success: false, eventId: 8123, message: 'New Viva error' }));
    expect(outcome).toMatchObject({ kind: 'failed', eventId: 8123, vivaMessage: 'New Viva error' });
    expect(outcome.message).toContain('8123');
  });
});
