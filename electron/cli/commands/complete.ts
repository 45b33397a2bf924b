import { currency, parseAmount } from '../../core/money.ts';
import { PaymentError } from '../../core/payments/index.ts';
import { optionalOption, requiredOption } from '../arguments.ts';
import type { Command } from '../command.ts';
import { withCore } from '../core.ts';
import { followPayment } from '../follow-payment.ts';

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
    const parentSessionId = requiredOption(values, 'parent', 'cli.hint.complete-parent');
    const amountText = requiredOption(values, 'amount', 'cli.hint.amount-capture');
    const terminalId = optionalOption(values, 'terminal');
    const merchantReference = optionalOption(values, 'reference');
    const wait = values['no-wait'] !== true;

    return withCore(context, async (core) => {
      // The amount is typed in the hold's currency; the engine checks the rest before anything is written.
      const parent = core.journal.getSession(parentSessionId);
      if (!parent) throw new PaymentError('parent-not-found', { id: 'payment.preauth-not-found', params: { session: parentSessionId } });
      const amount = parseAmount(amountText, currency(parent.currencyCode), 'completion amount');

      return followPayment(core, context, wait, () =>
        core.engine.preauthCompletion({
            parentSessionId,
            amount,
            ...(terminalId ? { terminalId } : {}),
            ...(merchantReference ? { merchantReference } : {}),
        }),
      );
    });
  },
};
