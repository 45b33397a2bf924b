import type { Command } from '../command.ts';
import { clientFor } from '../client.ts';
import { json, money, table } from '../format.ts';
import { UsageError } from '../usage-error.ts';

export function isoDate(value: string | boolean | undefined, flag = '--date'): string {
  const text = typeof value === 'string' ? value : '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = new Date(`${text}T00:00:00Z`);
  // An impossible month makes an invalid Date, whose toISOString() throws; Feb 30 rolls over.
  const valid = match && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  if (!valid) throw new UsageError({ id: 'cli.not-a-date', params: { flag, value: text } });
  return text;
}

export const sessionsCommand: Command = {
  name: 'sessions',
  summary: "List Viva's sessions of one UTC day.",
  usage: '--date YYYY-MM-DD',
  options: { date: { type: 'string' } },
  positionals: [],
  async run(context) {
    if (context.values.date === undefined) throw new UsageError({ id: 'cli.needs-date', params: { command: 'sessions' } });
    const date = isoDate(context.values.date);
    const { sessions, unreadable } = await clientFor(context).listSessions(date);
    if (context.global.json) {
      context.io.stdout(json({ sessions, unreadable }));
      return 0;
    }
    if (sessions.length === 0 && unreadable.length === 0) {
      context.io.stdout(`Viva has no sessions on ${date} (UTC).`);
      return 0;
    }
    const rows = sessions.map((s) => [
      s.sessionId,
      s.terminalId,
      s.cashRegisterId ?? '',
      money(s.amount, s.currencyCode),
      s.success === null ? 'pending' : s.success ? 'success' : `failed ${s.eventId ?? ''}`.trim(),
      s.transactionDateTime ?? '',
    ]);
    if (rows.length > 0) context.io.stdout(table(['session', 'terminal', 'register', 'amount', 'result', 'time'], rows));
    for (const record of unreadable) {
      context.io.stdout(`A Viva record this till could not read (session ${record.sessionId ?? 'without an id'}): ${record.problems.join('; ')}`);
    }
    return 0;
  },
};
