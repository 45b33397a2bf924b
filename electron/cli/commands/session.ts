import { sessionIdArgument } from '../arguments.ts';
import type { Command } from '../command.ts';
import { clientFor } from '../client.ts';
import { json, money } from '../format.ts';

export const sessionCommand: Command = {
  name: 'session',
  summary: "Ask Viva for one payment session's status (pending, final outcome, or not found).",
  usage: '<sessionId>',
  options: {},
  positionals: ['<sessionId>'],
  async run(context) {
    const sessionId = sessionIdArgument(context.positionals);
    const lookup = await clientFor(context).getSession(sessionId);
    if (context.global.json) {
      context.io.stdout(json({ sessionId, ...lookup }));
      return lookup.status === 'not-found' ? 1 : 0;
    }
    if (lookup.status === 'pending') {
      context.io.stdout(`${sessionId}: pending (the terminal has not finished yet).`);
    } else if (lookup.status === 'not-found') {
      context.io.stderr(`${sessionId}: Viva has no session with this id.`);
      return 1;
    } else {
      const s = lookup.session;
      context.io.stdout(
        [
          `${sessionId}: ${lookup.outcome.kind} — ${lookup.outcome.message}`,
          `  amount    ${money(s.amount, s.currencyCode)} (tip ${money(s.tipAmount, s.currencyCode)})`,
          `  terminal  ${s.terminalId}, cash register ${s.cashRegisterId ?? '-'}`,
          `  eventId   ${s.eventId ?? '-'}${s.message ? ` (${s.message})` : ''}`,
          ...(s.transactionId ? [`  txn       ${s.transactionId}`] : []),
          ...(s.primaryAccountNumberMasked ? [`  card      ${s.applicationLabel ?? ''} ${s.primaryAccountNumberMasked}`.trimEnd()] : []),
        ].join('\n'),
      );
    }
    return 0;
  },
};
