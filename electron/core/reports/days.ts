import { dayRangeProblem, isDay } from '../../domain/business-day.ts';
import { ReportError } from './errors.ts';

/** Checks a 'YYYY-MM-DD' business day names a real date; refuses anything else before it reaches the journal. */
export function checkDay(day: unknown, what = 'business day'): string {
  if (!isDay(day)) throw new ReportError('invalid-input', { id: 'report.bad-day', params: { what }, detail: `(got ${JSON.stringify(day)})` });
  return day;
}

/** An inclusive range of business days, checked. */
export function checkRange(fromDay: unknown, toDay: unknown): { fromDay: string; toDay: string } {
  const from = checkDay(fromDay, 'first day');
  const to = checkDay(toDay, 'last day');
  if (dayRangeProblem(from, to) === 'reversed') throw new ReportError('invalid-input', { id: 'report.range-reversed', params: { from, to } });
  return { fromDay: from, toDay: to };
}
