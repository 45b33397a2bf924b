import type { InputOf, OutputOf } from '../../../../electron/contract/channels.ts';
import type { Result } from '../../../../electron/contract/envelope.ts';
import type { EventPayloads } from '../../../../electron/contract/events.ts';
import type { ResolutionAction } from '../../../../electron/core/reports/index.ts';
import { call } from '../../lib/ipc-call.ts';

/**
 * The report channels as the reconciliation and end-of-day screens use them: every call answers
 * with an envelope (a call that throws becomes an 'internal' error), and the screens name things
 * their way (an override is a reason; the operator decides).
 */
export type ExportFormat = 'csv' | 'json' | 'pdf';
export type ExportResult = OutputOf<'exportReport'>;
export type ExportProgress = EventPayloads['exportProgress'];

export function reconcileDay(day: string): Promise<Result<OutputOf<'reconcileDay'>>> {
  return call(() => window.ecr.reconcileDay({ day }));
}

export function resolveDifference(input: {
  day: string;
  differenceId: string;
  action: ResolutionAction;
  operator: string;
  reason?: string;
  amount?: number;
}): Promise<Result<OutputOf<'resolveDifference'>>> {
  const request: InputOf<'resolveDifference'> = input;
  return call(() => window.ecr.resolveDifference(request));
}

export function dayReport(day: string): Promise<Result<OutputOf<'dayReport'>>> {
  return call(() => window.ecr.dayReport({ day }));
}

export function closeDay(input: { day: string; operator: string; overrideReason?: string }): Promise<Result<OutputOf<'closeDay'>>> {
  const { overrideReason, ...rest } = input;
  return call(() => window.ecr.closeDay({ ...rest, ...(overrideReason !== undefined ? { overrideUnknown: { reason: overrideReason } } : {}) }));
}

/** One day's report through the save dialog (PDF: main prints the HTML report). */
export function exportReport(day: string, format: ExportFormat): Promise<Result<ExportResult>> {
  return call(() => window.ecr.exportReport({ day, format }));
}

/** The sessions of a range of days as one CSV (a month, a year), with exportProgress events while it writes. */
export function exportRange(fromDay: string, toDay: string): Promise<Result<OutputOf<'exportRange'>>> {
  return call(() => window.ecr.exportRange({ fromDay, toDay }));
}

export function onExportProgress(callback: (progress: ExportProgress) => void): () => void {
  return window.ecr.on('exportProgress', callback);
}
