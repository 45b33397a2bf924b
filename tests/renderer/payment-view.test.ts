import { describe, expect, it } from 'vitest';
import { DECLINE_EVENT_IDS } from '../../electron/domain/event-ids.ts';
import { en } from '../../renderer/src/lib/i18n/en.ts';
import {
  countdownSeconds,
  elapsedSeconds,
  newer,
  outcomeOf,
  phaseOf,
  reasonKey,
  timelineOf,
} from '../../renderer/src/lib/payment-view.ts';
import { session } from './support/fake-till.ts';

const line = (state: Parameters<typeof session>[0]) => timelineOf(session(state)).map((step) => step.status).join(' ');

describe('payment view', () => {
  it('walks the timeline: sent -> waiting for the customer -> result', () => {
    expect(line({ state: 'created' })).toBe('active todo todo');
    expect(line({ state: 'dispatching' })).toBe('active todo todo');
    expect(line({ state: 'pending' })).toBe('done active todo');
    expect(line({ state: 'aborting' })).toBe('done active todo');
    expect(line({ state: 'approved', vivaEventId: 0 })).toBe('done done done');
    expect(line({ state: 'declined', vivaEventId: 1020 })).toBe('done done failed');
    expect(line({ state: 'unknown' })).toBe('done done failed');
    // Refused by Viva before it reached a terminal.
    expect(line({ state: 'failed', vivaEventId: null })).toBe('failed todo failed');
  });

  it('phases and outcomes', () => {
    expect(phaseOf(session({ state: 'pending' }))).toBe('paying');
    expect(outcomeOf(session({ state: 'pending' }))).toBeNull();
    expect(phaseOf(session({ state: 'unknown' }))).toBe('result');
    expect(outcomeOf(session({ state: 'unknown' }))).toBe('unknown');
  });

  it('counts the elapsed time up and the terminal’s minute down, never below zero', () => {
    const record = session({ createdAt: '2026-03-10T10:00:00.000Z' });
    const at = (s: number) => Date.parse('2026-03-10T10:00:00.000Z') + s * 1000;
    expect(elapsedSeconds(record, at(12.7))).toBe(12);
    expect(countdownSeconds(record, at(12.7))).toBe(48);
    expect(countdownSeconds(record, at(75))).toBe(0);
    expect(elapsedSeconds(record, at(-3))).toBe(0);
  });

  it('has plain words for every decline the virtual terminal offers, and falls back for others', () => {
    for (const id of DECLINE_EVENT_IDS) expect(reasonKey(id), String(id)).not.toBeNull();
    for (const id of [1000, 1003, 1016, 1100, 3000]) expect(en[reasonKey(id)!]).toBeTruthy();
    expect(reasonKey(4242)).toBeNull();
    expect(reasonKey(null)).toBeNull();
  });

  it('keeps the newer copy of a session', () => {
    const a = session({ lastSeq: 5 });
    expect(newer(a, { ...a, lastSeq: 4 })).toBe(a);
    const b = { ...a, lastSeq: 6 };
    expect(newer(a, b)).toBe(b);
    expect(newer(null, b)).toBe(b);
  });
});
