import { LocalClock } from '../../domain/business-day.ts';
import { exportRow } from './export/export-row.ts';
import type { DaySnapshot } from './z-report.ts';

/**
 * The JSON export: the whole day report (totals, breakdowns, unknown sessions, reconciliation,
 * Z and integrity) plus every session of the day as the CSV has it, with amounts in integer
 * minor units. Two-space indented, keys in a fixed order, a final newline: the same day gives
 * the same bytes.
 */
export function dayReportJson(snapshot: DaySnapshot): string {
  const clock = new LocalClock(snapshot.report.timeZone);
  const sessions = snapshot.sessions.map((session) => exportRow(session, clock));
  return `${JSON.stringify({ ...snapshot.report, sessions }, null, 2)}\n`;
}
