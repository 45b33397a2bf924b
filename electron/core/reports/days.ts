import { ReportError } from './errors.ts';

/** Checks a 'YYYY-MM-DD' business day names a real date; refuses anything else before it reaches the journal. */
export function checkDay(day: unknown, what = 'business day'): string {
  const match = typeof day === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(day) : null;
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new ReportError('invalid-input', `The ${what} must be a date like 2026-03-10, got ${JSON.stringify(day)}.`);
  }
  return day as string;
}

/** An inclusive range of business days, checked. */
export function checkRange(fromDay: unknown, toDay: unknown): { fromDay: string; toDay: string } {
  const from = checkDay(fromDay, 'first day');
  const to = checkDay(toDay, 'last day');
  if (from > to) throw new ReportError('invalid-input', `The range ${from} .. ${to} ends before it starts.`);
  return { fromDay: from, toDay: to };
}
