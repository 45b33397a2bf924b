import type { SessionRecord } from '../../journal/index.ts';
import { formatMinor, type Currency } from '../../money.ts';
import { LocalClock } from '../../../domain/business-day.ts';
import { currencyOf, EXPORT_FIELDS, type ExportRow } from './export-row.ts';

/**
 * The CSV export: RFC 4180 (comma, CRLF, fields with a comma, quote or line break in double
 * quotes, quotes doubled), UTF-8 with a byte-order mark so spreadsheet programs read it as
 * UTF-8, one header row, one row per session, the columns of CSV_COLUMNS in its order.
 * (Viva's numeric eventId and the ISO numeric currency code are in the JSON export.)
 *
 * Free text (ids, references, messages: anything that came from outside the till) is guarded
 * against formula injection: a value starting with = + - @, a tab or a carriage return (or their
 * full-width forms) gets a leading apostrophe, so a spreadsheet shows it as text and never runs it.
 */
export interface CsvColumn {
  header: string;
  /** The same value in the JSON export's session rows (export-row.ts says how it is read). */
  field: keyof ExportRow;
  /**
   * plain: as it is (null: empty); free-text: guarded against formula injection; money: a decimal
   * in the currency's units (12.50), whole minor units for a currency the table does not know.
   */
  format: 'plain' | 'free-text' | 'money';
  /** Written instead when the field is null. */
  fallback?: keyof ExportRow;
}

/** The CSV's columns, in order. The order is part of the format: add new ones at the end. */
export const CSV_COLUMNS: readonly CsvColumn[] = [
  /** YYYY-MM-DD */
  { header: 'business_day', field: 'businessDay', format: 'plain' },
  /** the till's id of the session (Viva's sessionId) */
  { header: 'session_id', field: 'sessionId', format: 'free-text' },
  /** sale | refund | unreferenced-refund | preauth | preauth-completion */
  { header: 'kind', field: 'kind', format: 'plain' },
  /** approved | declined | cancelled | aborted | failed | unknown | created | dispatching | pending | aborting */
  { header: 'state', field: 'state', format: 'plain' },
  /** UTC, ISO 8601 with milliseconds */
  { header: 'created_at', field: 'createdAt', format: 'plain' },
  /** created_at on the business day's wall clock, YYYY-MM-DD HH:MM:SS */
  { header: 'local_time', field: 'localTime', format: 'plain' },
  /** UTC, ISO 8601; empty while open */
  { header: 'finished_at', field: 'finishedAt', format: 'plain' },
  { header: 'terminal_id', field: 'terminalId', format: 'free-text' },
  /** the cash register that started it */
  { header: 'cash_register_id', field: 'cashRegisterId', format: 'free-text' },
  /** ISO 4217 alphabetic (EUR); the numeric code for one the currency table does not know */
  { header: 'currency', field: 'currency', format: 'plain', fallback: 'currencyCode' },
  /** tip excluded */
  { header: 'amount', field: 'amount', format: 'money' },
  { header: 'tip_amount', field: 'tipAmount', format: 'money' },
  /** amount + tip_amount */
  { header: 'total', field: 'total', format: 'money' },
  /** signed: +total for an approved sale or completion, -amount for an approved refund, 0 otherwise */
  { header: 'net_effect', field: 'netEffect', format: 'money' },
  /** Viva's applicationLabel (VISA...) */
  { header: 'card_brand', field: 'cardBrand', format: 'free-text' },
  /** the card number as Viva masks it (414746XXXXXX0133) */
  { header: 'masked_pan', field: 'maskedPan', format: 'free-text' },
  { header: 'merchant_reference', field: 'merchantReference', format: 'free-text' },
  /** the refunded or completed session */
  { header: 'parent_session_id', field: 'parentSessionId', format: 'free-text' },
  /** Viva's transaction id */
  { header: 'transaction_id', field: 'transactionId', format: 'free-text' },
  /** the issuer's approval code */
  { header: 'authorization_id', field: 'authorizationId', format: 'free-text' },
  /** Viva's message, or the till's own words for a local error */
  { header: 'message', field: 'message', format: 'free-text' },
  /** how an unknown or late outcome was settled, by whom, why */
  { header: 'resolution', field: 'resolution', format: 'free-text' },
  { header: 'resolved_by', field: 'resolvedBy', format: 'free-text' },
  { header: 'resolution_reason', field: 'resolutionReason', format: 'free-text' },
  /** the last alert raised on it (paid-after-abort...) */
  { header: 'alert', field: 'alert', format: 'free-text' },
];

/** Characters a spreadsheet may take as the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

export function guardFormula(text: string): string {
  return text.length > 0 && FORMULA_START.has(text[0] as string) ? `'${text}` : text;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 field: quoted, quotes doubled, when it holds a comma, a quote, a CR or an LF. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const BOM = '\uFEFF';
const CRLF = '\r\n';
const HEADER = CSV_COLUMNS.map((column) => csvField(column.header)).join(',') + CRLF;

type Cell = (record: SessionRecord, clock: LocalClock, currency: Currency | undefined) => string;

/**
 * A column compiled once into the function that writes its cell: a year's export runs each a few
 * hundred thousand times, so nothing is looked up or decided per row that can be decided here.
 */
function compile(column: CsvColumn): Cell {
  const read = EXPORT_FIELDS[column.field] as (record: SessionRecord, clock: LocalClock) => unknown;
  if (column.format === 'money') {
    return (record, clock, currency) => {
      const minor = read(record, clock) as number;
      return currency ? formatMinor(minor, currency) : String(minor);
    };
  }
  const guard = column.format === 'free-text' ? guardFormula : (text: string) => text;
  const fallback = column.fallback === undefined ? null : (EXPORT_FIELDS[column.fallback] as (record: SessionRecord, clock: LocalClock) => unknown);
  return (record, clock) => {
    const value = read(record, clock) ?? fallback?.(record, clock) ?? null;
    return value === null ? '' : csvField(guard(String(value)));
  };
}

const CELLS: readonly Cell[] = CSV_COLUMNS.map(compile);

/** One session as its CSV line, CRLF included. */
export function csvLine(record: SessionRecord, clock: LocalClock): string {
  const currency = currencyOf(record.currencyCode);
  let line = (CELLS[0] as Cell)(record, clock, currency);
  for (let i = 1; i < CELLS.length; i += 1) line += `,${(CELLS[i] as Cell)(record, clock, currency)}`;
  return line + CRLF;
}

/** A day's sessions as one CSV text (a day is small). */
export function sessionsCsv(sessions: Iterable<SessionRecord>, timeZone: string): string {
  const clock = new LocalClock(timeZone);
  let text = BOM + HEADER;
  for (const session of sessions) text += csvLine(session, clock);
  return text;
}

export interface CsvProgress {
  rows: number;
  /** Rows the export will write in all (known before it starts). */
  total: number;
}

/**
 * The CSV bytes of a run of sessions read page by page (`nextPage` returns an empty page at the
 * end), with the BOM and header when `first`. One slice of a long export: see csv-range.ts.
 */
export async function csvSlice(options: { nextPage: () => SessionRecord[]; timeZone: string; first: boolean }): Promise<{ bytes: Buffer; rows: number }> {
  const clock = new LocalClock(options.timeZone);
  let text = options.first ? BOM + HEADER : '';
  let rows = 0;
  for (let page = options.nextPage(); page.length > 0; page = options.nextPage()) {
    for (const session of page) text += csvLine(session, clock);
    rows += page.length;
  }
  return { bytes: Buffer.from(text, 'utf8'), rows };
}

/** Pages of one day range from a journal (or a reader of its file), by keyset. */
export function pagesOf(
  source: { sessionsOfBusinessDaysPage(fromDay: string, toDay: string, after: SessionRecord | null, limit: number): SessionRecord[] },
  fromDay: string,
  toDay: string,
  pageSize: number,
): () => SessionRecord[] {
  let last: SessionRecord | null = null;
  let finished = false;
  return () => {
    if (finished) return [];
    const page = source.sessionsOfBusinessDaysPage(fromDay, toDay, last, pageSize);
    last = page[page.length - 1] ?? last;
    finished = page.length < pageSize;
    return page;
  };
}
