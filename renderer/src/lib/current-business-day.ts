import type { Settings } from '../../../electron/core/settings/schema.ts';
import { businessDayOf } from '../../../electron/domain/business-day.ts';

/**
 * The business day it is now by the till's settings (time zone and cut-off hour), the day the
 * day screens open on. Before the settings have loaded there is no zone to read: the UTC date
 * stands in until they arrive.
 */
export function currentBusinessDay(settings: Settings | null, nowMs: number = Date.now()): string {
  return settings
    ? businessDayOf(nowMs, { timeZone: settings.businessDayTimeZone, cutoffHour: settings.businessDayCutoffHour })
    : new Date(nowMs).toISOString().slice(0, 10);
}
