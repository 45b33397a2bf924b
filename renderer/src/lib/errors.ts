/**
 * IPC errors as sentences a cashier can act on: the main side's message already says what went
 * wrong (in English, from the core); this adds what to do next, in the chosen language, by code.
 * Nothing may fail silently: every screen shows `describeError(...)` in an <ErrorNotice>.
 */
import type { ErrorCode, IpcError } from '../../../electron/contract/envelope.ts';
import type { MessageKey } from './i18n/en.ts';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const NEXT_STEP: Partial<Record<ErrorCode, MessageKey>> = {
  starting: 'error.next.starting',
  'not-ready': 'error.next.starting',
  'needs-credentials': 'error.next.credentials',
  auth: 'error.next.credentials',
  forbidden: 'error.next.credentials',
  'core-failed': 'error.next.diagnostics',
  internal: 'error.next.diagnostics',
  corrupt: 'error.next.diagnostics',
  'payment-in-progress': 'error.next.finishPayment',
  'terminal-busy': 'error.next.finishPayment',
  'unresolved-unknown': 'error.next.resolveUnknown',
  'no-terminal': 'error.next.chooseTerminal',
  'invalid-input': 'error.next.checkInput',
  'invalid-settings': 'error.next.checkInput',
  validation: 'error.next.checkInput',
  network: 'error.next.network',
  timeout: 'error.next.network',
  server: 'error.next.network',
  'rate-limited': 'error.next.network',
  'keychain-unavailable': 'error.next.diagnostics',
  'viva-unreachable': 'error.next.network',
  'unknown-sessions': 'error.next.resolveUnknown',
  'sessions-in-progress': 'error.next.finishPayment',
  'engine-busy': 'error.next.otherTill',
};

/** A transport-level failure (the call itself threw) as an IpcError, so it is shown like the rest. */
export function thrownError(error: unknown): IpcError {
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export function describeError(error: IpcError, t: Translate): string {
  const next = NEXT_STEP[error.code];
  const message = error.message.trim().replace(/([^.!?])$/, '$1.');
  return next ? `${message} ${t(next)}` : message;
}
