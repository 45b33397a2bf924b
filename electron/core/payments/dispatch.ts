import type { SessionRecord } from '../journal/index.ts';
import { isDispatchUncertain, isOffline, isVivaError } from '../viva/index.ts';
import { requestAbort } from './abort.ts';
import type { EngineContext } from './context.ts';
import { PaymentError } from './errors.ts';
import { journalFaultMessage } from './journal-writer.ts';

/**
 * Sends a journaled request to Viva. The `dispatching` event is on disk before the request
 * leaves (promise 1), so a crash at any moment leaves a journal that says whether the request
 * may have gone; a journal that refuses that write means the request never leaves. No resend,
 * ever (promise 2): an uncertain outcome becomes `unknown` and the poll loop asks Viva what
 * happened; a certain refusal (a 4xx) becomes `failed`.
 */
export async function dispatch(context: EngineContext, record: SessionRecord, send: () => Promise<void>): Promise<SessionRecord> {
  const { sessionId } = record;
  try {
    context.writer.appendNow(sessionId, { type: 'dispatching' });
  } catch (error) {
    context.append(sessionId, {
      type: 'dispatch-refused',
      reason: 'journal-unwritable',
      message: 'The journal could not record the request before sending it, so it was not sent: nobody was charged.',
    });
    throw new PaymentError('journal-unwritable', { id: 'payment.not-sent', detail: journalFaultMessage(error) }, { cause: error });
  }
  context.sending.add(sessionId);
  try {
    return await sendAndRecord(context, sessionId, send);
  } finally {
    context.sending.delete(sessionId);
  }
}

async function sendAndRecord(context: EngineContext, sessionId: string, send: () => Promise<void>): Promise<SessionRecord> {
  try {
    await send();
  } catch (error) {
    const code = isVivaError(error) ? error.code : 'unexpected';
    const message = error instanceof Error ? error.message : String(error);
    const httpStatus = isVivaError(error) ? error.status : undefined;
    context.reachable(!isOffline(error));
    if (isDispatchUncertain(error)) {
      const correlationId = isVivaError(error) ? error.correlationId : undefined;
      const unknown = context.append(sessionId, {
        type: 'dispatch-uncertain',
        errorClass: code,
        message,
        ...(httpStatus === undefined ? {} : { httpStatus }),
        ...(correlationId ? { correlationId } : {}),
      });
      if (unknown.abortRequested) await requestAbort(context, sessionId, 'cashier');
      context.follow(sessionId);
      return context.view(sessionId) ?? unknown;
    }
    return context.append(sessionId, { type: 'dispatch-refused', reason: code, message, ...(httpStatus === undefined ? {} : { httpStatus }) });
  }
  context.reachable(true);
  const pending = context.append(sessionId, { type: 'dispatched' });
  // An abort asked for while the request was on the wire (journaled as `abort-wanted`) leaves now.
  if (pending.abortRequested) await requestAbort(context, sessionId, 'cashier');
  context.follow(sessionId);
  return context.view(sessionId) ?? pending;
}
