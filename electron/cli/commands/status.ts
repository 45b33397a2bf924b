import { sessionIdArgument } from '../arguments.ts';
import { PaymentError } from '../../core/payments/index.ts';
import type { Command } from '../command.ts';
import { withJournal } from '../core.ts';
import { exitCodeFor } from '../outcome.ts';
import { printSession } from '../print-session.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: "Show a payment as this till's journal has it (offline; exit 0 approved or in progress, 2 not paid, 3 unknown).",
  usage: '<sessionId>',
  options: {},
  positionals: ['<sessionId>'],
  async run(context) {
    const sessionId = sessionIdArgument(context.positionals);
    return withJournal(context, (journal) => {
      const record = journal.getSession(sessionId);
      if (!record) throw new PaymentError('session-not-found', `There is no payment ${sessionId} in this till's ${journal.environment} journal.`);
      printSession(context, record);
      return exitCodeFor(record.state, { waited: false });
    }, { readOnly: true });
  },
};
