/**
 * A session's time as the journal's rows show it: short enough for the column ("26/11/26,
 * 16:18:20" in en-IE, 24-hour in every language) and with seconds, in the shop's time zone. Formatters are cached: a fast
 * scroll renders many rows per frame.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatRowTime(iso: string, locale: string, timeZone?: string): string {
  const key = `${locale}|${timeZone ?? ''}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      year: '2-digit',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      // A 24-hour clock in every language: shorter, and no a.m./p.m. to misread at the till.
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
    });
    formatters.set(key, formatter);
  }
  return formatter.format(new Date(iso));
}

// A till's times are read against receipts and the terminal's screen: 24-hour in every language
// (el-GR would otherwise write 4:32:13 μ.μ.).
export function formatDateTime(iso: string, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

/** A business day ('YYYY-MM-DD', a calendar date: no zone applies) as people write it: "Tuesday 8 December 2026". */
export function formatDay(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

export function formatTime(iso: string, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'medium', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}
