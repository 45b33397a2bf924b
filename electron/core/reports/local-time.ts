/**
 * Wall-clock times in the business day's time zone, for the report's hours and the exports'
 * local-time column. Data stays UTC; only these labels are local.
 *
 * Intl is slow per call (microseconds), which a year's export of a few hundred thousand rows
 * would feel, so the zone's offset is looked up once per UTC quarter-hour and reused: offsets
 * and their changes (daylight saving) always fall on whole quarter-hours.
 */
const QUARTER_MS = 15 * 60 * 1000;
/**
 * Offsets are looked up at both ends of a block of this many quarter-hours; equal ends mean no
 * change inside (zones change offset at most a few times a year, never twice within six hours).
 */
const BLOCK_QUARTERS = 24;

export class LocalClock {
  readonly timeZone: string;
  private readonly formatter: Intl.DateTimeFormat;
  private block = Number.NaN;
  /** The block's offset when constant over it; NaN when it changes inside (then per quarter). */
  private blockOffsetMs = Number.NaN;
  private quarter = Number.NaN;
  private offsetMs = 0;

  constructor(timeZone: string) {
    this.timeZone = timeZone;
    this.formatter = formatterFor(timeZone);
  }

  /** "2026-03-10 14:05:09" for a UTC ISO instant. */
  dateTime(iso: string): string {
    return this.fields(iso).slice(0, 19).replace('T', ' ');
  }

  /** The hour bucket, "2026-03-10 14:00" (local date and hour). */
  hour(iso: string): string {
    return `${this.fields(iso).slice(0, 13).replace('T', ' ')}:00`;
  }

  /** Local wall clock as an ISO-shaped string without zone ("2026-03-10T14:05:09.123Z" shape). */
  private fields(iso: string): string {
    const ms = Date.parse(iso);
    if (!Number.isFinite(ms)) return '';
    return new Date(ms + this.offsetFor(ms)).toISOString();
  }

  private offsetFor(ms: number): number {
    const quarter = Math.floor(ms / QUARTER_MS);
    const block = Math.floor(quarter / BLOCK_QUARTERS);
    if (block !== this.block) {
      const start = this.offsetAt(block * BLOCK_QUARTERS * QUARTER_MS);
      const end = this.offsetAt(((block + 1) * BLOCK_QUARTERS - 1) * QUARTER_MS);
      this.block = block;
      this.blockOffsetMs = start === end ? start : Number.NaN;
      this.quarter = Number.NaN;
    }
    if (!Number.isNaN(this.blockOffsetMs)) return this.blockOffsetMs;
    if (quarter !== this.quarter) {
      this.offsetMs = this.offsetAt(quarter * QUARTER_MS);
      this.quarter = quarter;
    }
    return this.offsetMs;
  }

  private offsetAt(instantMs: number): number {
    const f = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of this.formatter.formatToParts(instantMs)) {
      if (part.type in f) f[part.type as keyof typeof f] = Number(part.value);
    }
    return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - instantMs;
  }
}

// Building a DateTimeFormat costs far more than using one; a report builds a LocalClock each time.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}
