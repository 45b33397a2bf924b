import type { Core } from '../core/app.ts';
import type { SessionRecord } from '../domain/session-record.ts';
import { isFinalState } from '../domain/session-states.ts';
import type { CommandContext } from './command.ts';
import { describeError } from './describe-error.ts';
import { EXIT_UNKNOWN, exitCodeFor } from './outcome.ts';
import { printSession } from './print-session.ts';
import { printProgress, waitForOutcome } from './progress.ts';

/**
 * Starts the engine, sends one payment request and waits for its outcome, with an exit code that
 * tells the truth about money: a request that may have reached Viva never exits 1 ("failed call",
 * an invitation to charge again), and an outcome the journal could not record exits 3.
 */
export async function followPayment(core: Core, context: CommandContext, wait: boolean, send: () => Promise<SessionRecord>): Promise<number> {
  let own: string | undefined;
  printProgress(core, context.io, (record) => {
    if (own === undefined && record.state === 'created') own = record.sessionId;
    return record.sessionId === own;
  });
  const { resumed } = await core.start();
  if (resumed > 0) context.io.stderr(`Resumed ${resumed} earlier open session(s) first (crash recovery).`);

  // Said before the request leaves, as the checkout does: a closed business day is never extended.
  const day = core.reports.paymentDay();
  if (day.closed) {
    context.io.stderr(`Business day ${day.clockDay} is closed (Z report ${day.closed.number}): this payment counts in business day ${day.businessDay}.`);
  }

  let record: SessionRecord;
  try {
    const sent = await send();
    own = sent.sessionId;
    const config = core.engine.config;
    record = wait ? await waitForOutcome(core, sent.sessionId, config.deadlineMs + config.abortGraceMs) : sent;
  } catch (error) {
    const seen = own === undefined ? undefined : safeSession(core, own);
    // Refused before anything left the till: an ordinary error, exit 1.
    if (!seen || seen.state === 'created') throw error;
    context.io.stderr(`ecr: ${describeError(error).message}`);
    if (isFinalState(seen.state)) {
      record = seen;
    } else {
      context.io.stderr(`The request may have reached the terminal. Check it with \`ecr status ${seen.sessionId}\` before charging again.`);
      record = { ...seen, state: 'unknown' };
    }
  }
  record = safeSession(core, record.sessionId) ?? record;
  await core.close();
  if (core.engine.heldSessions().includes(record.sessionId)) {
    context.io.stderr(
      `ecr: Viva's answer for ${record.sessionId} (${record.state}) is known, but the journal could not record it. ` +
        'Free the disk or close the program holding the journal, then run `ecr recover`: Viva will be asked again.',
    );
    printSession(context, record);
    return EXIT_UNKNOWN;
  }
  printSession(context, record);
  return exitCodeFor(record.state, { waited: wait });
}

function safeSession(core: Core, sessionId: string): SessionRecord | undefined {
  try {
    return core.engine.session(sessionId);
  } catch {
    return undefined;
  }
}
