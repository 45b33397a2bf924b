import * as days from '../../domain/business-day.ts';
import type { BusinessDayConfig } from '../../domain/business-day.ts';
import { paymentDayOf as paymentDay } from '../../domain/payment-day.ts';
import { JournalError } from './errors.ts';

/**
 * The journal's door to the day maths of domain/business-day.ts: the same functions, refusing
 * bad settings and day strings with JournalError 'invalid-business-day' before they are used.
 */
export type { BusinessDayConfig };

/** The till's own zone and calendar days, until settings say otherwise. */
export function defaultBusinessDayConfig(): BusinessDayConfig {
  return { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, cutoffHour: 0 };
}

/** Checks a configuration; throws JournalError 'invalid-business-day'. */
export function checkBusinessDayConfig(config: BusinessDayConfig): BusinessDayConfig {
  const { timeZone, cutoffHour } = config ?? {};
  switch (days.businessDayConfigProblem(config)) {
    case 'bad-cutoff-hour':
      throw new JournalError('invalid-business-day', { id: 'journal.bad-cutoff-hour', params: { got: String(cutoffHour) } });
    case 'missing-time-zone':
      throw new JournalError('invalid-business-day', { id: 'journal.missing-time-zone' });
    case 'unknown-time-zone':
      throw new JournalError('invalid-business-day', { id: 'journal.unknown-time-zone', params: { timeZone: String(timeZone) } });
    case null:
      return { timeZone, cutoffHour };
  }
}

/** 'YYYY-MM-DD' of the business day that contains the instant. */
export function businessDayOf(instantMs: number, config: BusinessDayConfig): string {
  if (!Number.isFinite(instantMs)) throw new JournalError('invalid-business-day', { id: 'journal.not-an-instant', params: { value: String(instantMs) } });
  return days.businessDayOf(instantMs, checkBusinessDayConfig(config));
}

/**
 * The business day a payment started at the instant counts in: its own, or the first after it
 * that was not closed before it started (domain/payment-day.ts: a closed day is never extended).
 */
export function paymentDayOf(instantMs: number, config: BusinessDayConfig, closedBefore: (day: string) => boolean): string {
  if (!Number.isFinite(instantMs)) throw new JournalError('invalid-business-day', { id: 'journal.not-an-instant', params: { value: String(instantMs) } });
  return paymentDay(instantMs, checkBusinessDayConfig(config), closedBefore);
}

/** The UTC dates (YYYY-MM-DD, ascending) that a business day overlaps (Viva's sessions-by-date takes UTC dates). */
export function utcDatesOfBusinessDay(day: string, config: BusinessDayConfig): string[] {
  parseDay(day);
  return days.utcDatesOfBusinessDay(day, checkBusinessDayConfig(config));
}

/** Checks a 'YYYY-MM-DD' string names a real date; returns its UTC midnight in ms. */
export function parseDay(day: string): number {
  const ms = days.parseDay(day);
  if (ms === null) throw new JournalError('invalid-business-day', { id: 'journal.not-a-date', params: { value: JSON.stringify(day) ?? String(day) } });
  return ms;
}
