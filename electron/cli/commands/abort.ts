import { sessionIdArgument } from '../arguments.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SessionRecord } from '../../domain/session-record.ts';
import { PaymentError } from '../../core/payments/index.ts';
import type { Command } from '../command.ts';
import { withCore } from '../core.ts';
import { exitCodeFor } from '../outcome.ts';
import { printSession } from '../print-session.ts';
import { printProgress, waitForOutcome } from '../progress.ts';

/** How long to wait for a payment another process is still sending before giving up. */
const SENDING_WAIT_MS = 15_000;

export const abortCommand: Command = {
  name: 'abort',
  summary: 'Abort a payment in progress, then wait for what really happened (it may still be paid).',
  usage: '<sessionId>',
  options: {},
  positionals: ['<sessionId>'],
  async run(context) {
    const sessionId = sessionIdArgument(context.positionals);
    return withCore(context, async (core) => {
      printProgress(core, context.io, (record) => record.sessionId === sessionId);
      // Usually another process (the app, a waiting `ecr sale`) started the payment. While it is
      // still sending the request there is nothing to abort at Viva yet: wait until it was sent.
      let record: SessionRecord = await core.engine.abort(sessionId);
      const until = Date.now() + SENDING_WAIT_MS;
      while (record.state === 'created' || record.state === 'dispatching') {
        if (Date.now() > until) {
          throw new PaymentError('not-abortable', { id: 'cli.abort-still-sending', params: { session: sessionId } });
        }
        await sleep(50);
        record = await core.engine.abort(sessionId);
      }
      const config = core.engine.config;
      const final = await waitForOutcome(core, sessionId, config.deadlineMs + config.abortGraceMs);
      printSession(context, final);
      return exitCodeFor(final.state, { waited: true });
    });
  },
};
