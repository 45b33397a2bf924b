/**
 * IPC errors as sentences a cashier can act on, in the chosen language: the core names its
 * sentence by a message id with parameters (electron/domain/messages.ts) and this renders it,
 * then adds what to do next, by code. An error whose site named no message (one only a
 * programming error reaches) says its code's general sentence; the core's English text is shown
 * only in English, never under a Greek screen. Nothing may fail silently: every screen shows
 * `describeError(...)` in an <ErrorNotice>.
 */
import type { ErrorCode, FieldProblem, IpcError } from '../../../electron/contract/envelope.ts';
import { isMessageId, renderMessage, type MessageId } from '../../../electron/domain/messages.ts';
import type { MessageKey } from './i18n/en.ts';
import type { Language, Translate } from './i18n/translate.ts';

/** Every code the IPC can carry has its general sentence in the catalogue (a type error otherwise). */
type MissingGeneralSentence = Exclude<`code.${ErrorCode}`, MessageId>;
const EVERY_CODE_HAS_A_SENTENCE: MissingGeneralSentence extends never ? true : MissingGeneralSentence = true;
void EVERY_CODE_HAS_A_SENTENCE;

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

/** The error's own sentence in `language`, without the next step. */
export function errorSentence(error: IpcError, language: Language): string {
  if (isMessageId(error.messageId)) return renderMessage(language, error.messageId, error.params);
  const general = `code.${error.code}`;
  if (language !== 'en' && isMessageId(general)) return renderMessage(language, general);
  // English (the core's own words), or a code this renderer does not know yet.
  return error.message.trim().replace(/([^.!?])$/, '$1.');
}

/**
 * The sentence and what to do next. When a form shows its field problems at the fields, the
 * next step points at them ("correct the highlighted values"); otherwise the problems are listed
 * by `fieldProblemText` under the sentence.
 */
export function describeError(error: IpcError, t: Translate, language: Language): string {
  const next = NEXT_STEP[error.code];
  const sentence = errorSentence(error, language);
  return next ? `${sentence} ${t(next)}` : sentence;
}

/** A status line of the core (the banner's detail): by id in any language, the English text only in English. */
export function statusText(
  status: { message: string | null; messageId?: string | null; params?: Record<string, string | number | boolean | null> },
  language: Language,
): string | null {
  if (isMessageId(status.messageId)) return renderMessage(language, status.messageId, status.params);
  return language === 'en' ? status.message : null;
}

/** One field problem in words: the catalogue's sentence, or the English one in English only. */
export function fieldProblemText(problem: FieldProblem, language: Language): string {
  if (isMessageId(problem.messageId)) return renderMessage(language, problem.messageId, problem.params);
  return language === 'en' ? problem.message : renderMessage(language, 'field.invalid');
}
