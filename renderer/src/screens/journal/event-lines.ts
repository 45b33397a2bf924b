import type { JournalEvent } from '../../../../electron/core/journal/index.ts';
import type { MessageKey } from '../../lib/i18n/en.ts';
import type { Language, Translate } from '../../lib/i18n/translate.ts';
import { labelOr } from '../../lib/message-keys.ts';
import { formatMoney } from '../../lib/money-format.ts';
import { eventSentence, tillSentence } from '../../lib/session-explanation.ts';

export interface EventLine {
  title: string;
  /** Extra facts from the event's payload (may be empty). */
  detail: string;
}

/**
 * One line of a session's timeline per journal event: what happened, in the chosen language,
 * with the facts a person checks (outcome, reason, who). Viva's eventId reads as our sentence,
 * Viva's own text only beside it; the core's English notes (as journaled) are shown in English only.
 */
export function eventLine(event: JournalEvent, t: Translate, locale: string, language: Language = 'en'): EventLine {
  const title = t(`journal.event.${event.type}` as MessageKey);
  const parts: string[] = [];
  const add = (value: string | null | undefined) => {
    if (value !== null && value !== undefined && value.trim() !== '') parts.push(value);
  };
  const outcome = (state: string) => t(`state.${state}` as MessageKey);
  const english = (value: string | null | undefined) => (language === 'en' ? value : null);
  const viva = (body: Record<string, unknown> | undefined) => vivaMessage(body, t, language);
  switch (event.type) {
    case 'created':
      add(t('journal.event.createdDetail', {
        kind: t(`kind.${event.payload.kind}` as MessageKey),
        amount: formatMoney(event.payload.amount + event.payload.tipAmount, event.payload.currencyCode, locale),
        terminal: event.payload.terminalId,
      }));
      break;
    case 'dispatched':
      break;
    case 'dispatch-uncertain':
      add(tillSentence(event.payload.errorClass, language));
      break;
    case 'dispatch-refused':
      add(tillSentence(event.payload.reason, language));
      break;
    case 'poll-result':
      add(outcome(event.payload.outcome));
      add(viva(event.payload.viva));
      break;
    case 'abort-wanted':
      add(t(`journal.abortReason.${event.payload.reason}` as MessageKey));
      add(event.payload.operator);
      break;
    case 'anomaly':
      add(t(`journal.anomaly.${event.payload.anomaly}` as MessageKey));
      for (const field of event.payload.fields ?? []) add(t('journal.anomaly.field', { field: field.field, expected: field.expected, received: field.received ?? '—' }));
      break;
    case 'abort-requested':
      add(t(`journal.abortReason.${event.payload.reason}` as MessageKey));
      add(event.payload.operator);
      break;
    case 'abort-result':
      add(t(event.payload.accepted ? 'journal.event.abortAccepted' : 'journal.event.abortRefused'));
      add(english(event.payload.message));
      break;
    case 'deadline-passed':
      add(tillSentence('deadline-passed', language));
      break;
    case 'recovered':
      add(outcome(event.payload.outcome));
      add(t(`journal.source.${event.payload.source}` as MessageKey));
      add(event.payload.viva ? viva(event.payload.viva) : english(event.payload.message));
      break;
    case 'resolved-by-operator':
      add(outcome(event.payload.outcome));
      add(t('journal.by', { operator: event.payload.operator }));
      add(event.payload.reason);
      break;
    case 'late-success':
      add(t(`journal.source.${event.payload.source}` as MessageKey));
      add(event.payload.viva ? viva(event.payload.viva) : english(event.payload.message));
      break;
    case 'alert':
      add(labelOr(t, `journal.alert.${event.payload.alert}`, event.payload.alert));
      add(english(event.payload.message));
      break;
    case 'recheck':
      add(t('journal.event.observed', { observed: event.payload.observed === 'not-found' || event.payload.observed === 'pending' ? t(`journal.observed.${event.payload.observed}` as MessageKey) : outcome(event.payload.observed) }));
      break;
    case 'imported':
      add(outcome(event.payload.outcome));
      add(t(event.payload.disposition === 'own' ? 'journal.event.importedOwn' : 'journal.event.importedForeign'));
      if (event.payload.belongsTo) add(t('journal.event.belongsTo', { till: event.payload.belongsTo }));
      add(t('journal.by', { operator: event.payload.operator }));
      add(event.payload.reason);
      break;
    case 'explained':
      add(t(`recon.kind.${event.payload.difference}` as MessageKey));
      add(t('journal.by', { operator: event.payload.operator }));
      add(event.payload.reason);
      if (event.payload.refundSessionId) add(t('journal.event.refundSession', { sessionId: event.payload.refundSessionId }));
      break;
    case 'amount-corrected':
      add(formatMoney(event.payload.amount + event.payload.tipAmount, event.payload.currencyCode, locale));
      add(t('journal.by', { operator: event.payload.operator }));
      add(event.payload.reason);
      break;
    case 'not-paid':
      add(t('journal.event.notPaidDates', { dates: event.payload.checkedDates.join(', ') }));
      add(t('journal.by', { operator: event.payload.operator }));
      add(event.payload.reason);
      break;
    case 'decision':
      add(t(`attention.decision.${event.payload.decision}` as MessageKey));
      if (event.payload.operator) add(t('journal.by', { operator: event.payload.operator }));
      add(event.payload.reason);
      break;
    case 'dispatching':
      break;
  }
  return { title, detail: parts.join(' · ') };
}

/** Our sentence for Viva's eventId, Viva's own text beside it; never the bare number. */
function vivaMessage(viva: Record<string, unknown> | undefined, t: Translate, language: Language): string | null {
  if (!viva) return null;
  const message = typeof viva.message === 'string' && viva.message.trim() !== '' ? viva.message : null;
  const eventId = typeof viva.eventId === 'number' ? viva.eventId : null;
  const ours = eventSentence(eventId, language);
  if (ours && message) return `${ours} (${t('result.vivaSays', { message })})`;
  return ours ?? (message ? t('result.vivaSays', { message }) : null);
}
