import { userInfo } from 'node:os';
import { createReportsService } from '../../core/reports/index.ts';
import { optionalOption } from '../arguments.ts';
import type { Command, CommandContext } from '../command.ts';
import { withJournal } from '../core.ts';
import { json, money, table } from '../format.ts';
import { UsageError } from '../usage-error.ts';
import { isoDate } from './sessions.ts';

/** `ecr close-day --date D`: the Z report. Refuses while payments are unknown unless overridden with a reason. */
export const closeDayCommand: Command = {
  name: 'close-day',
  summary: 'Close a business day with the next Z report (refused while payments are unknown, unless --override-unknown with --reason).',
  usage: '--date YYYY-MM-DD [--override-unknown --reason "..."] [--operator NAME]',
  options: { date: { type: 'string' }, 'override-unknown': { type: 'boolean' }, reason: { type: 'string' }, operator: { type: 'string' } },
  positionals: [],
  async run(context) {
    const { values, io } = context;
    if (values.date === undefined) throw new UsageError({ id: 'cli.needs-business-day', params: { command: 'close-day' } });
    const day = isoDate(values.date);
    const reason = optionalOption(values, 'reason');
    const override = values['override-unknown'] === true;
    if (override && reason === undefined) throw new UsageError({ id: 'cli.override-needs-reason' });
    if (!override && reason !== undefined) throw new UsageError({ id: 'cli.reason-goes-with', params: { flag: '--override-unknown' } });
    const operator = override ? (optionalOption(values, 'operator') ?? osUserName(context)) : undefined;
    if (override && !operator) throw new UsageError({ id: 'cli.who-are-you' });

    return withJournal(context, (journal) => {
      const service = createReportsService({ journal });
      const report = service.closeDay(day, override ? { overrideUnknown: { reason: reason as string, operator: operator as string } } : {});
      if (context.global.json) {
        io.stdout(json(report));
        return 0;
      }
      io.stdout(`Business day ${day} closed: Z report ${report.z?.number} at ${report.z?.closedAt} (journal head ${report.z?.anchor.head.slice(0, 16)}…, ${report.z?.anchor.events} events).`);
      if (report.z?.override) io.stdout(`Closed with ${report.totals.unknownSessions.length} unknown payment(s): ${report.z.override.reason} (${report.z.override.operator}).`);
      // Closed while the clock still reads it: a closed day is never extended (domain/payment-day.ts).
      const next = service.paymentDay();
      if (next.closed?.number === report.z?.number) io.stdout(`Payments started from now on count in business day ${next.businessDay}.`);
      const rows = report.totals.currencies.map((c) => [
        c.currency ?? c.currencyCode,
        `${c.totals.sales.count}`,
        money(c.totals.sales.amount, c.currencyCode),
        money(c.totals.tips.amount, c.currencyCode),
        `${c.totals.refunds.count}`,
        money(c.totals.refunds.amount, c.currencyCode),
        money(c.totals.net, c.currencyCode),
      ]);
      if (rows.length > 0) io.stdout(table(['currency', 'sales', 'amount', 'tips', 'refunds', 'amount', 'net'], rows));
      const o = report.totals.outcomes;
      io.stdout(`${o.sessions} sessions: ${o.approved} approved, ${o.declined} declined, ${o.cancelled} cancelled, ${o.aborted} aborted, ${o.failed} failed, ${o.unknown} unknown.`);
      io.stdout(`Print it: ecr report --date ${day} --format html --out z-${report.z?.number}.html`);
      return 0;
    });
  },
};

function osUserName(context: CommandContext): string | undefined {
  try {
    const name = userInfo().username.trim();
    if (name) return name;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
  }
  return context.io.env.USER?.trim() || context.io.env.USERNAME?.trim() || undefined;
}
