/**
 * Reconciliation against Viva and end of day (design.md §4): the service createCore() builds,
 * and the pieces the UI, the CLI and the tests name.
 */
export { createReportsService, EXPORT_FORMATS, type CsvExportOptions, type ExportFormat, type ReportsService, type ReportsServiceOptions, type ZSummary } from './service.ts';
export { ReportError, isReportError, type ReportErrorCode } from './errors.ts';
export {
  type Difference,
  type JournalSide,
  type Resolution,
  type ResolutionAction,
  type VivaSide,
} from './reconciliation/diff.ts';
export type { ReconciliationResult, ReconciliationStatus, RefundStarter } from './reconciliation/run.ts';
export type { ResolveDifferenceInput } from './reconciliation/resolve.ts';
export type { Bucket, CurrencyTotals, DayTotals, MoneyTotals, OutcomeCounts, SessionBrief, Tally } from './day-totals.ts';
export type { CloseDayOptions, DayReport, EarlyStart, Integrity, IntegrityProblem, LateOutcome, SessionChange, ZInfo } from './z-report.ts';
export { CSV_COLUMNS, guardFormula, type CsvColumn, type CsvProgress } from './export/csv-format.ts';
export type { ExportRow } from './export/export-row.ts';
