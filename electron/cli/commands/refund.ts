import { currency, parseAmount } from '../../core/money.ts';
import { PaymentError } from '../../core/payments/index.ts';
import { optionalOption, requiredOption } from '../arguments.ts';
import type { Command } from '../command.ts';
import { withCore } from '../core.ts';
import { money } from '../format.ts';
import { followPayment } from '../follow-payment.ts';

export const refundCommand: Command = {
  name: 'refund',
  summary: 'Refund (part of) an approved sale on a terminal and wait for the outcome.',
  usage: '--parent <sessionId> --amount 5.00 [--terminal <id>] [--reference REF] [--no-wait]',
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
    const parentSessionId = requiredOption(values, 'parent', 'the sessionId of the sale to refund');
    const amountText = requiredOption(values, 'amount', 'the amount to refund, e.g. --amount 5.00');
    const terminalId = optionalOption(values, 'terminal');
    const merchantReference = optionalOption(values, 'reference');
    const wait = values['no-wait'] !== true;

    return withCore(context, async (core) => {
      // The amount is typed in the sale's currency; every check runs before anything is written.
      const parent = core.journal.getSession(parentSessionId);
      if (!parent) throw new PaymentError('parent-not-found', `This till's journal has no payment ${parentSessionId}.`);
      const amount = parseAmount(amountText, currency(parent.currencyCode), 'refund amount');
      const refundable = core.engine.refundable(parentSessionId);
      if (amount > refundable.remaining) {
        // The engine refuses this too (atomically); here it is said in money rather than minor units.
        const m = (minor: number) => money(minor, parent.currencyCode);
        throw new PaymentError(
          'refund-exceeds-remaining',
          `Cannot refund ${m(amount)}: at most ${m(refundable.remaining)} of this payment can still be refunded (${m(refundable.refunded)} of ${m(refundable.total)} already refunded or being refunded).`,
        );
      }

      return followPayment(core, context, wait, () =>
        core.engine.refund({
          parentSessionId,
          amount,
          ...(terminalId ? { terminalId } : {}),
          ...(merchantReference ? { merchantReference } : {}),
        }),
      );
    });
  },
};
