import { currency, parseAmount } from '../../core/money.ts';
import { withinAmountLimit } from '../../domain/money-limits.ts';
import { optionalOption, requiredOption, wholeNumberOption } from '../arguments.ts';
import { UsageError } from '../usage-error.ts';
import type { Command, CommandContext } from '../command.ts';
import { withCore } from '../core.ts';
import { followPayment } from '../follow-payment.ts';

/** Viva offers instalments in Greece only (spec §2.3 `maxInstalments`: 0 = none), so only in euros. */
const INSTALMENTS = { min: 0, max: 99 };

/**
 * A sale or a pre-authorisation (a sale Viva holds instead of capturing): the same request, the
 * same wait. Every argument is checked before the journal is even opened: a mistake writes nothing.
 */
export async function runCharge(context: CommandContext, options: { preauth: boolean }): Promise<number> {
  const { values } = context;
  const terminalId = requiredOption(values, 'terminal', 'cli.hint.terminal-charge');
  const amountText = requiredOption(values, 'amount', options.preauth ? 'cli.hint.amount-preauth' : 'cli.hint.amount-charge');
  const cur = currency(optionalOption(values, 'currency') ?? 'EUR');
  const amount = parseAmount(amountText, cur, 'amount');
  const tipText = optionalOption(values, 'tip');
  // "--tip 0.00" means no tip: zero is a tip, not an amount to charge.
  const tipAmount = tipText === undefined || /^0*(?:[.,]0*)?$/.test(tipText) ? 0 : parseAmount(tipText, cur, 'tip');
  if (!withinAmountLimit(amount, tipAmount)) throw new UsageError({ id: 'cli.amount-and-tip-over-limit' });
  const maxInstalments = wholeNumberOption(values, 'instalments', INSTALMENTS);
  if (maxInstalments !== undefined && cur.alpha !== 'EUR') {
    throw new UsageError({ id: 'cli.instalments-not-euro', params: { currency: cur.alpha } });
  }
  const merchantReference = optionalOption(values, 'reference');
  const wait = values['no-wait'] !== true;

  return withCore(context, (core) =>
    followPayment(core, context, wait, () =>
      core.engine.sale({
        amount,
        tipAmount,
        currency: cur.numeric,
        terminalId,
        ...(options.preauth ? { preauth: true } : {}),
        ...(maxInstalments !== undefined ? { maxInstalments } : {}),
        ...(merchantReference ? { merchantReference } : {}),
      }),
    ),
  );
}

export const saleCommand: Command = {
  name: 'sale',
  summary: 'Charge a card on a terminal and wait for the outcome (exit 0 approved, 2 not paid, 3 unknown).',
  usage: '--amount 12.50 --terminal <id> [--currency EUR] [--tip 1.00] [--instalments N] [--reference REF] [--no-wait]',
  options: {
    amount: { type: 'string' },
    currency: { type: 'string' },
    terminal: { type: 'string' },
    tip: { type: 'string' },
    instalments: { type: 'string' },
    reference: { type: 'string' },
    'no-wait': { type: 'boolean' },
  },
  positionals: [],
  run: (context) => runCharge(context, { preauth: false }),
};
