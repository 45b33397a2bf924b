import { describe, expect, it } from 'vitest';
import type { Settings } from '../../electron/core/settings/schema.ts';
import { currentBusinessDay } from '../../renderer/src/lib/current-business-day.ts';

// Only the two fields the business day reads; the rest of Settings does not take part.
const shop = { businessDayTimeZone: 'Europe/Athens', businessDayCutoffHour: 4 } as Settings;

describe('currentBusinessDay', () => {
  it("is the shop's day: in its time zone, and before the cut-off still the day before", () => {
    // 03:00 in Athens, before the 04:00 cut-off: still Wednesday's business.
    expect(currentBusinessDay(shop, Date.parse('2026-11-26T01:00:00Z'))).toBe('2026-11-25');
    // 05:00 in Athens: the new day, though it is still 03:00 in UTC.
    expect(currentBusinessDay(shop, Date.parse('2026-11-26T03:00:00Z'))).toBe('2026-11-26');
  });

  it('is the UTC date until the settings have loaded', () => {
    expect(currentBusinessDay(null, Date.parse('2026-11-26T23:30:00Z'))).toBe('2026-11-26');
  });
});
