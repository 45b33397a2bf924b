import type { Writable } from 'node:stream';
import { systemClock, type Clock } from '../clock.ts';
import type { Journal, ZReportRow } from '../journal/index.ts';
import type { PaymentDay } from '../../domain/payment-day.ts';
import { nullLogger, type Logger } from '../logger.ts';
import type { VivaClient } from '../viva/index.ts';
import { sessionsCsv, type CsvProgress } from './export/csv-format.ts';
import { exportCsvRange } from './export/csv-range.ts';
import { checkDay, checkRange } from './days.ts';
import { ReportError } from './errors.ts';
import { dayReportHtml } from './html.ts';
import { dayReportJson } from './json.ts';
import type { Difference } from './reconciliation/diff.ts';
import { resolveDifference, type ResolveDifferenceInput } from './reconciliation/resolve.ts';
import { reconcile, type ReconciliationDeps, type ReconciliationResult, type RefundStarter } from './reconciliation/run.ts';
import type { MessageLanguage } from '../../domain/messages.ts';
import { closeDay, daySnapshot, type CloseDayOptions, type DayReport, type DaySnapshot } from './z-report.ts';

/**
 * The reports service the app, the CLI and the tests use: reconciliation against Viva, the day
 * report, closing a day, and the exports. Built by createCore() from the journal, the Viva
 * client and the payment engine's refund; the CLI builds it on the journal alone for commands
 * that must work offline.
 */
export interface ReportsServiceOptions {
  journal: Journal;
  /** Null: journal-only (reconciliation says so instead of failing). */
  viva?: Pick<VivaClient, 'listSessions'> | null;
  /** The payment engine's referenced refund, for "start a refund" resolutions. */
  refund?: RefundStarter | null;
  /** This till's cash register id (settings): Viva's records of other tills are never taken as this till's. */
  cashRegisterId?: string | null;
  clock?: Clock;
  logger?: Logger;
}

export interface CsvExportOptions {
  onProgress?: (progress: CsvProgress) => void;
  /** At least this many rows between two progress reports (default 10,000); there is always one at the end. */
  progressEvery?: number;
  /** Sessions read per page (default 2,000). */
  pageSize?: number;
  /** Business days per slice of work (default 7). */
  daysPerSlice?: number;
  /** Make slices on worker threads too, every core busy (default true); the bytes are the same either way. */
  parallel?: boolean;
  /** Worker threads besides the main one (default: one per core the machine gives, less the main thread's). */
  threads?: number;
}

export type ExportFormat = 'csv' | 'json' | 'html';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json', 'html'];

export interface ZSummary {
  number: number;
  businessDay: string;
  closedAt: string;
  anchor: { events: number; head: string };
  override: { reason: string; operator: string } | null;
}

export interface ReportsService {
  /** Diffs the business day against Viva; the journal alone (and says so) when Viva cannot be reached. */
  reconcile(day: string): Promise<ReconciliationResult>;
  /** Resolves one difference (accept Viva's record, explain with a reason, or start a refund); returns it as it now stands. */
  resolveDifference(day: string, differenceId: string, input: ResolveDifferenceInput): Promise<Difference>;
  /** The day's report: live for an open day, as closed (plus integrity) for a closed one. */
  dayReport(day: string): DayReport;
  /** Closes the day under the next Z number; see z-report.ts for the refusals. */
  closeDay(day: string, options?: CloseDayOptions): DayReport;
  /** Every Z report, oldest first. */
  zReports(): ZSummary[];
  /** The business day a payment started now counts in: the next one once the clock's day is closed. */
  paymentDay(): PaymentDay;
  /** A day's report as CSV (its sessions), JSON (everything) or printable HTML. */
  /** `language` is the printable report's (html); csv and json are for machines and stay as they are. */
  exportDay(day: string, format: ExportFormat, options?: { language?: MessageLanguage }): string;
  /**
   * Streams the sessions of a range of business days (a year...) as CSV into `out`, reporting
   * progress; sessions as they stand now (a closed day's own CSV, from exportDay, is as closed).
   */
  exportCsv(range: { fromDay: string; toDay: string }, out: Writable, options?: CsvExportOptions): Promise<{ rows: number }>;
}

export function createReportsService(options: ReportsServiceOptions): ReportsService {
  const { journal } = options;
  const clock = options.clock ?? systemClock;
  const deps: ReconciliationDeps = {
    journal,
    viva: options.viva ?? null,
    refund: options.refund ?? null,
    cashRegisterId: options.cashRegisterId ?? null,
    clock,
    logger: options.logger ?? nullLogger,
  };
  const snapshot = (day: string): DaySnapshot => daySnapshot(journal, checkDay(day));

  return {
    reconcile: async (day) => reconcile(deps, checkDay(day)),

    resolveDifference: async (day, differenceId, input) => {
      if (typeof differenceId !== 'string' || differenceId.trim() === '') throw new ReportError('invalid-input', { id: 'report.which-difference' });
      return resolveDifference(deps, checkDay(day), differenceId.trim(), input);
    },

    dayReport: (day) => snapshot(day).report,

    closeDay: (day, closeOptions) => {
      const closed = closeDay(journal, clock, checkDay(day), closeOptions);
      deps.logger.info('business day closed', { day, z: closed.report.z?.number, override: closed.report.z?.override !== null });
      return closed.report;
    },

    zReports: () => journal.zReports().map(summary),

    paymentDay: () => journal.paymentDayAt(clock.now()),

    exportDay(day, format, exportOptions = {}) {
      const taken = snapshot(day);
      switch (format) {
        case 'csv':
          return sessionsCsv(taken.sessions, journal.businessDay.timeZone);
        case 'json':
          return dayReportJson(taken);
        case 'html':
          return dayReportHtml(taken, exportOptions.language ? { language: exportOptions.language } : {});
        default:
          throw new ReportError('invalid-input', { id: 'report.unknown-export-format', params: { format: JSON.stringify(format), formats: EXPORT_FORMATS.join(', ') } });
      }
    },

    async exportCsv(range, out, exportOptions = {}) {
      const { fromDay, toDay } = checkRange(range?.fromDay, range?.toDay);
      return exportCsvRange({
        ...exportOptions,
        journal,
        fromDay,
        toDay,
        out,
        timeZone: journal.businessDay.timeZone,
        total: journal.countSessionsOfBusinessDays(fromDay, toDay),
        logger: deps.logger,
      });
    },
  };
}

function summary(z: ZReportRow): ZSummary {
  return { number: z.number, businessDay: z.businessDay, closedAt: z.closedAt, anchor: z.anchor, override: z.override };
}
