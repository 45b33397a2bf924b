import type { SessionRecord } from '../journal/index.ts';
import { isDispatchUncertain, isVivaError } from '../viva/index.ts';
import { requestAbort } from './abort.ts';
import type { EngineContext } from './context.ts';

/**
 * Sends a journaled request to Viva. The `dispatching` event is on disk before the request
 * leaves (promise 1), so a crash at any moment leaves a journal that says whether the request
 * may have gone. No resend, ever (promise 2): an uncertain outcome becomes `unknown` and the poll
 * loop asks Viva what happened; a certain refusal (a 4xx) becomes `failed`.
 */
export async function dispatch(context: EngineContext, record: SessionRecord, send: () => Promise<void>): Promise<SessionRecord> {
  const { sessionId } = record;
  context.append(sessionId, { type: 'dispatching' });
  try {
    await send();
  } catch (error) {
    const code = isVivaError(error) ? error.code : 'unexpected';
    const message = error instanceof Error ? error.message : String(error);
    const httpStatus = isVivaError(error) ? error.status : undefined;
    context.reachable(code !== 'network' && code !== 'timeout');
    if (isDispatchUncertain(error)) {
      const correlationId = isVivaError(error) ? error.correlationId : undefined;
      const unknown = context.append(sessionId, {
        type: 'dispatch-uncertain',
        errorClass: code,
        message,
        ...(httpStatus === undefined ? {} : { httpStatus }),
        ...(correlationId ? { correlationId } : {}),
      });
      if (context.abortWanted.delete(sessionId)) await requestAbort(context, sessionId, 'cashier');
      context.follow(sessionId);
      return context.journal.getSession(sessionId) ?? unknown;
    }
    context.abortWanted.delete(sessionId);
    return context.append(sessionId, { type: 'dispatch-refused', reason: code, message, ...(httpStatus === undefined ? {} : { httpStatus }) });
  }
  context.reachable(true);
  const pending = context.append(sessionId, { type: 'dispatched' });
  if (context.abortWanted.delete(sessionId)) await requestAbort(context, sessionId, 'cashier');
  context.follow(sessionId);
  return context.journal.getSession(sessionId) ?? pending;
}
