import type { Command } from '../command.ts';
import { runCharge } from './sale.ts';

export const preauthCommand: Command = {
  name: 'preauth',
  summary: 'Pre-authorise (hold) an amount on a card and wait for the outcome; `ecr complete` captures it later.',
  usage: '--amount 50.00 --terminal <id> [--currency EUR] [--reference REF] [--no-wait]',
  // No tip and no instalments: a hold is completed later, and the completion is what is charged.
  options: {
    amount: { type: 'string' },
    currency: { type: 'string' },
    terminal: { type: 'string' },
    reference: { type: 'string' },
    'no-wait': { type: 'boolean' },
  },
  positionals: [],
  run: (context) => runCharge(context, { preauth: true }),
};
