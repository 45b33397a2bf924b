import { describe, expect, it } from 'vitest';
import { DECLINE_EVENT_IDS, EVENT_IDS, eventReasonKey } from '../../../electron/domain/event-ids.ts';
import { EVENT_REASONS_EL, EVENT_REASONS_EN } from '../../../electron/domain/event-reasons.ts';
import { en } from '../../../renderer/src/lib/i18n/en.ts';
import { el } from '../../../renderer/src/lib/i18n/el.ts';
import { describeEvent } from '../../../electron/core/viva/event-ids.ts';
import { EVENT, eventMessage } from '../../../electron/core/simulator/event-ids.ts';
import { reasonKey } from '../../../renderer/src/lib/payment-view.ts';

// One table for the CLI (through the journal's English), the screens (en and el) and the
// simulator: an eventId whose key is missing in one language would show a raw key to a cashier.
describe('the eventId catalogue', () => {
  it('gives every eventId a kind and a message key that both catalogues hold, in words', () => {
    expect(EVENT_IDS.size).toBeGreaterThan(40);
    for (const [id, entry] of EVENT_IDS) {
      expect(entry.kind, String(id)).toMatch(/^(approved|declined|cancelled|aborted|timeout|busy|failed)$/);
      expect(en[entry.key], `${id} en`).toMatch(/^\S.{4,}\.$/);
      expect(el[entry.key], `${id} el`).toMatch(/^\S.{4,}\.$/);
      expect(el[entry.key], `${id} el`).not.toBe(en[entry.key]);
    }
  });

  it('has no sentence that no eventId uses', () => {
    const used = new Set([...EVENT_IDS.values()].map((entry) => entry.key));
    expect(Object.keys(EVENT_REASONS_EN).filter((key) => !used.has(key as never))).toEqual([]);
    expect(Object.keys(EVENT_REASONS_EL).sort()).toEqual(Object.keys(EVENT_REASONS_EN).sort());
  });

  it('is what the core, the screens and the simulator read', () => {
    for (const [id, entry] of EVENT_IDS) {
      expect(describeEvent(id, null), String(id)).toEqual({ kind: entry.kind, message: EVENT_REASONS_EN[entry.key] });
      expect(reasonKey(id), String(id)).toBe(entry.key);
    }
    expect(reasonKey(4242)).toBeNull();
    expect(eventReasonKey(null)).toBeNull();
    // Every eventId the simulator can answer with carries Viva's own text from the same table.
    for (const id of Object.values(EVENT)) expect(eventMessage(id), String(id)).toBe(EVENT_IDS.get(id)?.viva);
  });

  it('offers only declines as decline reasons', () => {
    for (const id of DECLINE_EVENT_IDS) expect(EVENT_IDS.get(id)?.kind, String(id)).toBe('declined');
  });
});
