import { currency, parseAmount } from '../../core/money.ts';
import { PaymentError } from '../../core/payments/index.ts';
import { optionalOption, requiredOption } from '../arguments.ts';
import { UsageError } from '../usage-error.ts';
import type { Command, CommandContext } from '../command.ts';
import { withCore } from '../core.ts';
import { money } from '../format.ts';
import { followPayment } from '../follow-payment.ts';

export const refundCommand: Command = {
  name: 'refund',
  summary: 'Refund (part of) an approved sale, or with --unreferenced an amount no sale of this till refers to, and wait for the outcome.',
  usage: '--parent <sessionId> --amount 5.00 [--terminal <id>] [--reference REF] [--no-wait]\n       --unreferenced --amount 5.00 --terminal <id> [--currency EUR] [--reference REF] [--no-wait]',
  options: {
    parent: { type: 'string' },
    unreferenced: { type: 'boolean' },
    currency: { type: 'string' },
    amount: { type: 'string' },
    terminal: { type: 'string' },
    reference: { type: 'string' },
    'no-wait': { type: 'boolean' },
  },
  positionals: [],
  async run(context) {
    const { values } = context;
    if (values.unreferenced === true) return unreferencedRefund(context);
    if (values.currency !== undefined) throw new UsageError({ id: 'cli.currency-only-unreferenced' });
    const parentSessionId = requiredOption(values, 'parent', 'cli.hint.refund-parent');
    const amountText = requiredOption(values, 'amount', 'cli.hint.amount-refund');
    const terminalId = optionalOption(values, 'terminal');
    const merchantReference = optionalOption(values, 'reference');
    const wait = values['no-wait'] !== true;

    return withCore(context, async (core) => {
      // The amount is typed in the sale's currency; every check runs before anything is written.
      const parent = core.journal.getSession(parentSessionId);
      if (!parent) throw new PaymentError('parent-not-found', { id: 'payment.parent-not-found', params: { session: parentSessionId } });
      const amount = parseAmount(amountText, currency(parent.currencyCode), 'refund amount');
      const refundable = core.engine.refundable(parentSessionId);
      if (amount > refundable.remaining) {
        // The engine refuses this too (atomically); here it is said in money rather than minor units.
        const m = (minor: number) => money(minor, parent.currencyCode);
        // The CLI's own money format ("15.00 EUR") in both languages: these are values as the terminal prints them.
        throw new PaymentError('refund-exceeds-remaining', {
          id: 'cli.refund-exceeds',
          params: { amount: m(amount), remaining: m(refundable.remaining), refunded: m(refundable.refunded), total: m(refundable.total) },
        });
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

/** A refund to a card with no sale of this till behind it: nothing to check it against but the amount. */
async function unreferencedRefund(context: CommandContext): Promise<number> {
  const { values } = context;
  if (values.parent !== undefined) throw new UsageError({ id: 'cli.unreferenced-no-parent' });
  const terminalId = requiredOption(values, 'terminal', 'cli.hint.terminal-refund');
  const amountText = requiredOption(values, 'amount', 'cli.hint.amount-refund');
  const cur = currency(optionalOption(values, 'currency') ?? 'EUR');
  const amount = parseAmount(amountText, cur, 'refund amount');
  const merchantReference = optionalOption(values, 'reference');
  const wait = values['no-wait'] !== true;

  return withCore(context, async (core) => {
    return followPayment(core, context, wait, () =>
      core.engine.unreferencedRefund({
          amount,
          currency: cur.numeric,
          terminalId,
          ...(merchantReference ? { merchantReference } : {}),
      }),
    );
  });
}
