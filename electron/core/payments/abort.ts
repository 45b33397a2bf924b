import { isOffline, isVivaError } from '../viva/index.ts';
import type { EngineContext } from './context.ts';

/**
 * Abort-then-verify (promise 4): journal the intent, send DELETE, journal Viva's answer, and let
 * the poll loop find the real outcome, which may still be a payment. A 409 means an abort is
 * already under way, which is what we wanted.
 */
export async function requestAbort(context: EngineContext, sessionId: string, reason: 'cashier' | 'deadline' | 'recovery'): Promise<void> {
  const record = context.view(sessionId);
  if (!record || (record.state !== 'pending' && record.state !== 'unknown')) return;
  context.append(sessionId, { type: 'abort-requested', reason });
  context.clocks.aborted(sessionId);
  try {
    await context.viva.abortSession(sessionId, record.cashRegisterId);
    context.reachable(true);
    context.append(sessionId, { type: 'abort-result', accepted: true, httpStatus: 200 });
  } catch (error) {
    const code = isVivaError(error) ? error.code : 'unexpected';
    context.reachable(!isOffline(error));
    context.append(sessionId, {
      type: 'abort-result',
      accepted: code === 'conflict',
      ...(isVivaError(error) && error.status !== undefined ? { httpStatus: error.status } : {}),
      message: error instanceof Error ? error.message : String(error),
    });
  }
}
