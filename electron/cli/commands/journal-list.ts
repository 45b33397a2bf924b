import { MAX_PAGE_SIZE } from '../../core/journal/index.ts';
import { SESSION_STATES, type SessionState } from '../../domain/session-states.ts';
import { optionalOption, wholeNumberOption } from '../arguments.ts';
import type { Command } from '../command.ts';
import { withJournal } from '../core.ts';
import { json, money, table } from '../format.ts';
import { sessionJson } from '../session-json.ts';
import { UsageError } from '../usage-error.ts';
import { isoDate } from './sessions.ts';

export const journalListCommand: Command = {
  name: 'journal list',
  summary: "List this till's journaled payments, newest first (offline).",
  usage: `[--date YYYY-MM-DD (business day)] [--state STATE] [--terminal ID] [--limit 1-${MAX_PAGE_SIZE}]`,
  options: { date: { type: 'string' }, state: { type: 'string' }, terminal: { type: 'string' }, limit: { type: 'string' } },
  positionals: [],
  async run(context) {
    const { values } = context;
    const date = values.date === undefined ? undefined : isoDate(values.date);
    const state = optionalOption(values, 'state');
    if (state !== undefined && !(SESSION_STATES as readonly string[]).includes(state)) {
      throw new UsageError({ id: 'cli.option-choices', params: { flag: '--state', choices: SESSION_STATES.join(', '), got: state } });
    }
    const terminalId = optionalOption(values, 'terminal');
    const limit = wholeNumberOption(values, 'limit', { min: 1, max: MAX_PAGE_SIZE }) ?? 50;

    return withJournal(context, (journal) => {
      const page = journal.listSessions({
        limit,
        ...(date ? { businessDay: date } : {}),
        ...(state ? { state: state as SessionState } : {}),
        ...(terminalId ? { terminalId } : {}),
      });
      if (context.global.json) {
        context.io.stdout(json(page.sessions.map(sessionJson)));
        return 0;
      }
      if (page.sessions.length === 0) {
        context.io.stdout('No payments in the journal match.');
        return 0;
      }
      const rows = page.sessions.map((r) => [
        r.sessionId,
        r.businessDay,
        r.createdAt.slice(11, 19),
        r.kind,
        money(r.amount + r.tipAmount, r.currencyCode),
        r.terminalId,
        r.state + (r.alert ? ` (${r.alert})` : ''),
        r.merchantReference ?? '',
      ]);
      context.io.stdout(table(['session', 'day', 'time', 'kind', 'amount', 'terminal', 'state', 'reference'], rows));
      if (page.nextCursor) context.io.stdout(`(more: raise --limit, up to ${MAX_PAGE_SIZE})`);
      return 0;
    }, { readOnly: true });
  },
};
