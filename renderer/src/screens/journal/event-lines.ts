import type { JournalEvent } from '../../../../electron/core/journal/index.ts';
import type { MessageKey } from '../../lib/i18n/en.ts';
import { formatMoney } from '../../lib/money-format.ts';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface EventLine {
  title: string;
  /** Extra facts from the event's payload (may be empty). */
  detail: string;
}

/**
 * One line of a session's timeline per journal event: what happened, in the chosen language,
 * with the facts a person checks (outcome, reason, who). Viva's and the core's own messages are
 * shown as they came.
 */
export function eventLine(event: JournalEvent, t: Translate, locale: string): EventLine {
  const title = t(`journal.event.${event.type}` as MessageKey);
  const parts: string[] = [];
  const add = (value: string | null | undefined) => {
    if (value !== null && value !== undefined && value.trim() !== '') parts.push(value);
  };
  const outcome = (state: string) => t(`state.${state}` as MessageKey);
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
      add(event.payload.errorClass);
      add(event.payload.message);
      break;
    case 'dispatch-refused':
      add(event.payload.reason);
      add(event.payload.message);
      break;
    case 'poll-result':
      add(outcome(event.payload.outcome));
      add(vivaMessage(event.payload.viva));
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
      add(event.payload.message);
      break;
    case 'deadline-passed':
      add(event.payload.message);
      break;
    case 'recovered':
      add(outcome(event.payload.outcome));
      add(t(`journal.source.${event.payload.source}` as MessageKey));
      add(event.payload.message ?? vivaMessage(event.payload.viva));
      break;
    case 'resolved-by-operator':
      add(outcome(event.payload.outcome));
      add(t('journal.by', { operator: event.payload.operator }));
      add(event.payload.reason);
      break;
    case 'late-success':
      add(t(`journal.source.${event.payload.source}` as MessageKey));
      add(event.payload.message ?? vivaMessage(event.payload.viva));
      break;
    case 'alert':
      add(event.payload.alert);
      add(event.payload.message);
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

function vivaMessage(viva: Record<string, unknown> | undefined): string | null {
  if (!viva) return null;
  const message = typeof viva.message === 'string' ? viva.message : null;
  const eventId = typeof viva.eventId === 'number' ? viva.eventId : null;
  if (message && eventId !== null) return `${message} (${eventId})`;
  return message ?? (eventId !== null ? String(eventId) : null);
}
