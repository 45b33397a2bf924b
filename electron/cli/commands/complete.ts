import { currency, parseAmount } from '../../core/money.ts';
import { PaymentError } from '../../core/payments/index.ts';
import { optionalOption, requiredOption } from '../arguments.ts';
import type { Command } from '../command.ts';
import { withCore } from '../core.ts';
import { exitCodeFor } from '../outcome.ts';
import { printSession } from '../print-session.ts';
import { createdHere, printProgress, waitForOutcome } from '../progress.ts';

export const completeCommand: Command = {
  name: 'complete',
  summary: 'Capture (part of) an approved pre-authorisation and wait for the outcome.',
  usage: '--parent <preauthSessionId> --amount 42.00 [--terminal <id>] [--reference REF] [--no-wait]',
  options: {
    parent: { type: 'string' },
    amount: { type: 'string' },
    terminal: { type: 'string' },
    reference: { type: 'string' },
    'no-wait': { type: 'boolean' },
  },
  positionals: [],
  async run(context) {
    const { values } = context;
    const parentSessionId = requiredOption(values, 'parent', 'the sessionId of the pre-authorisation to complete');
    const amountText = requiredOption(values, 'amount', 'the amount to capture, e.g. --amount 42.00');
    const terminalId = optionalOption(values, 'terminal');
    const merchantReference = optionalOption(values, 'reference');
    const wait = values['no-wait'] !== true;

    return withCore(context, async (core) => {
      // The amount is typed in the hold's currency; the engine checks the rest before anything is written.
      const parent = core.journal.getSession(parentSessionId);
      if (!parent) throw new PaymentError('parent-not-found', `This till's journal has no pre-authorisation ${parentSessionId}.`);
      const amount = parseAmount(amountText, currency(parent.currencyCode), 'completion amount');

      printProgress(core, context.io, createdHere());
      const { resumed } = await core.start();
      if (resumed > 0) context.io.stderr(`Resumed ${resumed} earlier open session(s) first (crash recovery).`);
      const sent = await core.engine.preauthCompletion({
        parentSessionId,
        amount,
        ...(terminalId ? { terminalId } : {}),
        ...(merchantReference ? { merchantReference } : {}),
      });
      const config = core.engine.config;
      const record = wait ? await waitForOutcome(core, sent.sessionId, config.deadlineMs + config.abortGraceMs) : sent;
      printSession(context, record);
      return exitCodeFor(record.state, { waited: wait });
    });
  },
};
