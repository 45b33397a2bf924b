/**
 * Today's business day in the renderer, by the same rule as the journal (core/journal/
 * business-day.ts, which the renderer may not import): the shop's local date, except that hours
 * before the cut-off still belong to the day before.
 */
export function businessDayOf(instantMs: number, timeZone: string, cutoffHour: number): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instantMs));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const day = get('hour') < cutoffHour ? get('day') - 1 : get('day');
  return new Date(Date.UTC(get('year'), get('month') - 1, day)).toISOString().slice(0, 10);
}

/** The business day `offset` days from `day` (YYYY-MM-DD). */
export function addDays(day: string, offset: number): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, (date ?? 1) + offset)).toISOString().slice(0, 10);
}

export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return addDays(value, 0) === value;
}
