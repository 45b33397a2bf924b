import { createReportsService, type ReconciliationResult } from '../../core/reports/index.ts';
import type { Command, CommandContext } from '../command.ts';
import { connectionOptions } from '../connection.ts';
import { withCore, withJournal } from '../core.ts';
import { json, money, table } from '../format.ts';
import { UsageError } from '../usage-error.ts';
import { isoDate } from './sessions.ts';

export const EXIT_RECONCILED = 0;
export const EXIT_OPEN_DIFFERENCES = 2;
export const EXIT_JOURNAL_ONLY = 3;

/** `ecr reconcile --date D`: the day against Viva's records; the journal alone when Viva cannot be asked. */
export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: "Compare a business day's journal with Viva's records (exit 0 nothing open, 2 open differences, 3 Viva not reached: journal alone).",
  usage: '--date YYYY-MM-DD',
  options: { date: { type: 'string' } },
  positionals: [],
  async run(context) {
    if (context.values.date === undefined) throw new UsageError({ id: 'cli.needs-business-day', params: { command: 'reconcile' } });
    const day = isoDate(context.values.date);
    const result = hasConnection(context)
      ? await withCore(context, (core) => core.reports.reconcile(day))
      : await withJournal(context, (journal) => createReportsService({ journal }).reconcile(day));
    print(context, result);
    if (result.source === 'journal-only') return EXIT_JOURNAL_ONLY;
    return result.open > 0 ? EXIT_OPEN_DIFFERENCES : EXIT_RECONCILED;
  },
};

/** Without credentials there is no Viva to ask: the journal alone answers, as when Viva is unreachable. */
function hasConnection(context: CommandContext): boolean {
  try {
    connectionOptions(context.global, context.io.env);
    return true;
  } catch (error) {
    if (error instanceof UsageError) return false;
    throw error;
  }
}

function print(context: CommandContext, result: ReconciliationResult): void {
  if (context.global.json) {
    context.io.stdout(json(result));
    return;
  }
  const { io } = context;
  io.stdout(`Business day ${result.businessDay} (${result.timeZone}, from ${String(result.cutoffHour).padStart(2, '0')}:00), UTC dates ${result.utcDates.join(', ')}`);
  io.stdout(result.message);
  if (result.differences.length > 0) {
    const rows = result.differences.map((d) => {
      const side = d.viva ?? d.journal;
      const amount = side ? money(side.amount + (d.viva ? 0 : (d.journal?.tipAmount ?? 0)), side.currencyCode) : '';
      return [d.id, d.status === 'open' ? `open (${d.actions.join('/')})` : `resolved: ${d.resolution?.action ?? ''}`, amount, d.detail];
    });
    io.stdout(table(['difference', 'status', 'amount', 'detail'], rows));
  }
  if (result.unknownSessions.length > 0 && result.source === 'journal-only') {
    io.stdout(`Unknown outcome (needs Viva or a person): ${result.unknownSessions.join(', ')}`);
  }
}
