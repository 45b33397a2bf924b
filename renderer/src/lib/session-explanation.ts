/**
 * What a person is told about how a payment ended, in the chosen language: for Viva's eventId,
 * OUR sentence (electron/domain/event-reasons.ts) with Viva's own words only as a detail; for a
 * payment that ended without Viva's word (sending failed, refused, never sent), the till's own
 * sentence (electron/domain/messages.ts), never labelled as Viva's. A raw code is never the text.
 */
import type { SessionRecord } from '../../../electron/domain/session-record.ts';
import { eventReasonKey } from '../../../electron/domain/event-ids.ts';
import { EVENT_REASONS_EL, EVENT_REASONS_EN } from '../../../electron/domain/event-reasons.ts';
import { isMessageId, renderMessage } from '../../../electron/domain/messages.ts';
import type { Language } from './i18n/translate.ts';

export interface SessionExplanation {
  /** Our sentence, or null when there is nothing to explain. */
  sentence: string | null;
  /** Whose words `sentence` reports: Viva's answer (an eventId), or what the till itself knows. */
  source: 'viva' | 'till' | null;
  /** Viva's own text, shown only as a detail under our sentence (or alone for an eventId we do not know). */
  vivaText: string | null;
}

type Explained = Pick<SessionRecord, 'vivaEventId' | 'message' | 'error'>;

export function eventSentence(eventId: number | null, language: Language): string | null {
  const key = eventReasonKey(eventId);
  if (!key) return null;
  return (language === 'el' ? EVENT_REASONS_EL : EVENT_REASONS_EN)[key];
}

/** The till's own sentence for the reason a session ended without Viva's word ('network', 'never-sent'...). */
export function tillSentence(errorCode: string, language: Language): string {
  const id = `session.error.${errorCode}`;
  return renderMessage(language, isMessageId(id) ? id : 'session.error.other');
}

export function explainSession(record: Explained, language: Language): SessionExplanation {
  const fromViva = eventSentence(record.vivaEventId, language);
  if (fromViva) return { sentence: fromViva, source: 'viva', vivaText: record.message };
  if (record.error && record.vivaEventId === null) {
    // The message beside it is the core's English for the same fact: not shown, not Viva's.
    return { sentence: tillSentence(record.error, language), source: 'till', vivaText: null };
  }
  if (record.message) return { sentence: null, source: 'viva', vivaText: record.message };
  return { sentence: null, source: null, vivaText: null };
}
