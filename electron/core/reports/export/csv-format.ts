import { stringify, type Options } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { SessionRecord } from '../../journal/index.ts';
import { formatMinor } from '../../money.ts';
import { LocalClock } from '../local-time.ts';
import { netEffect } from '../day-totals.ts';
import { maskedPanOnly } from '../masked-pan.ts';
import { currencyOf, type ExportRow } from './export-row.ts';

/**
 * The CSV export: RFC 4180 (comma, CRLF, fields with a comma, quote or line break in double
 * quotes, quotes doubled), UTF-8 with a byte-order mark so spreadsheet programs read it as
 * UTF-8, one header row, one row per session. Quoting is csv-stringify's, not ours.
 *
 * Columns, in this order (the order is part of the format: add new ones at the end):
 *   business_day       the session's business day, YYYY-MM-DD
 *   session_id         the till's id of the session (Viva's sessionId)
 *   kind               sale | refund | unreferenced-refund | preauth | preauth-completion
 *   state              approved | declined | cancelled | aborted | failed | unknown | created | dispatching | pending | aborting
 *   created_at         UTC, ISO 8601 with milliseconds
 *   local_time         created_at on the business day's wall clock, YYYY-MM-DD HH:MM:SS
 *   finished_at        UTC, ISO 8601; empty while open
 *   terminal_id        Viva terminal id
 *   cash_register_id   the cash register that started it
 *   currency           ISO 4217 alphabetic (EUR); the numeric code for one the currency table does not know
 *   amount             decimal in the currency's units (12.50), tip excluded
 *   tip_amount         decimal
 *   total              amount + tip_amount, decimal
 *   net_effect         signed decimal: +total for an approved sale or completion, -amount for an approved refund, 0 otherwise
 *   card_brand         Viva's applicationLabel (VISA...)
 *   masked_pan         the card number as Viva masks it (414746XXXXXX0133)
 *   merchant_reference the merchant's reference
 *   parent_session_id  the refunded or completed session
 *   transaction_id     Viva's transaction id
 *   authorization_id   the issuer's approval code
 *   message            Viva's message, or the till's own words for a local error
 *   resolution         how an unknown or late outcome was settled
 *   resolved_by        who settled it
 *   resolution_reason  why
 *   alert              the last alert raised on it (paid-after-abort...)
 * Amounts of a currency the table does not know are written as whole minor units.
 * (Viva's numeric eventId and the ISO numeric currency code are in the JSON export.)
 *
 * Free text (ids, references, messages: anything that came from outside the till) is guarded
 * against formula injection: a value starting with = + - @, a tab or a carriage return (or their
 * full-width forms) gets a leading apostrophe, so a spreadsheet shows it as text and never runs it.
 */
export interface CsvColumn {
  header: string;
  /** The same value in the JSON export's session rows. */
  field: keyof ExportRow;
  /** free-text values are guarded against formula injection; money is written as a decimal. */
  format: 'plain' | 'free-text' | 'money';
}

export const CSV_COLUMNS: readonly CsvColumn[] = [
  { header: 'business_day', field: 'businessDay', format: 'plain' },
  { header: 'session_id', field: 'sessionId', format: 'free-text' },
  { header: 'kind', field: 'kind', format: 'plain' },
  { header: 'state', field: 'state', format: 'plain' },
  { header: 'created_at', field: 'createdAt', format: 'plain' },
  { header: 'local_time', field: 'localTime', format: 'plain' },
  { header: 'finished_at', field: 'finishedAt', format: 'plain' },
  { header: 'terminal_id', field: 'terminalId', format: 'free-text' },
  { header: 'cash_register_id', field: 'cashRegisterId', format: 'free-text' },
  { header: 'currency', field: 'currency', format: 'plain' },
  { header: 'amount', field: 'amount', format: 'money' },
  { header: 'tip_amount', field: 'tipAmount', format: 'money' },
  { header: 'total', field: 'total', format: 'money' },
  { header: 'net_effect', field: 'netEffect', format: 'money' },
  { header: 'card_brand', field: 'cardBrand', format: 'free-text' },
  { header: 'masked_pan', field: 'maskedPan', format: 'free-text' },
  { header: 'merchant_reference', field: 'merchantReference', format: 'free-text' },
  { header: 'parent_session_id', field: 'parentSessionId', format: 'free-text' },
  { header: 'transaction_id', field: 'transactionId', format: 'free-text' },
  { header: 'authorization_id', field: 'authorizationId', format: 'free-text' },
  { header: 'message', field: 'message', format: 'free-text' },
  { header: 'resolution', field: 'resolution', format: 'free-text' },
  { header: 'resolved_by', field: 'resolvedBy', format: 'free-text' },
  { header: 'resolution_reason', field: 'resolutionReason', format: 'free-text' },
  { header: 'alert', field: 'alert', format: 'free-text' },
];

const OPTIONS: Options = {
  bom: true,
  header: true,
  columns: CSV_COLUMNS.map((column) => column.header),
  record_delimiter: 'windows',
};

/** Characters a spreadsheet may take as the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

export function guardFormula(text: string): string {
  return text.length > 0 && FORMULA_START.has(text[0] as string) ? `'${text}` : text;
}

/** One session as the CSV's fields, in CSV_COLUMNS order (tests/unit/reports/csv.test.ts holds the two together). */
export function csvRecord(record: SessionRecord, clock: LocalClock): string[] {
  // Written out field by field: a year's export runs this a few hundred thousand times.
  const currency = currencyOf(record.currencyCode);
  const money = currency ? (amount: number) => formatMinor(amount, currency) : String;
  const text = (value: string | null) => (value === null ? '' : guardFormula(value));
  return [
    record.businessDay,
    text(record.sessionId),
    record.kind,
    record.state,
    record.createdAt,
    clock.dateTime(record.createdAt),
    record.finishedAt ?? '',
    text(record.terminalId),
    text(record.cashRegisterId),
    currency?.alpha ?? record.currencyCode,
    money(record.amount),
    money(record.tipAmount),
    money(record.amount + record.tipAmount),
    money(netEffect(record)),
    text(record.cardBrand),
    text(maskedPanOnly(record.maskedPan)),
    text(record.merchantReference),
    text(record.parentSessionId),
    text(record.transactionId),
    text(record.authorizationId),
    text(record.message),
    text(record.resolution),
    text(record.resolvedBy),
    text(record.resolutionReason),
    text(record.alert),
  ];
}

/** A day's sessions as one CSV text (a day is small). */
export function sessionsCsv(sessions: Iterable<SessionRecord>, timeZone: string): string {
  const clock = new LocalClock(timeZone);
  const records: string[][] = [];
  for (const session of sessions) records.push(csvRecord(session, clock));
  return stringifySync(records, OPTIONS);
}

export interface CsvProgress {
  rows: number;
  /** Rows the export will write in all (known before it starts). */
  total: number;
}

/**
 * The CSV bytes of a run of sessions read page by page (`nextPage` returns an empty page at the
 * end), with the BOM and header when `first`. One slice of a long export: see csv-range.ts.
 * Uses csv-stringify's stream API, which is markedly faster than its sync API on many rows.
 */
export async function csvSlice(options: { nextPage: () => SessionRecord[]; timeZone: string; first: boolean }): Promise<{ bytes: Buffer; rows: number }> {
  const clock = new LocalClock(options.timeZone);
  const csv = stringify(options.first ? OPTIONS : { ...OPTIONS, bom: false, header: false });
  const chunks: Buffer[] = [];
  csv.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    csv.once('end', resolve);
    csv.once('error', reject);
  });
  let rows = 0;
  // Nothing slower than memory sits downstream, so back-pressure can be ignored: each record's
  // text is taken synchronously by the 'data' listener.
  for (let page = options.nextPage(); page.length > 0; page = options.nextPage()) {
    for (const session of page) csv.write(csvRecord(session, clock));
    rows += page.length;
  }
  csv.end();
  await ended;
  return { bytes: Buffer.concat(chunks), rows };
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
