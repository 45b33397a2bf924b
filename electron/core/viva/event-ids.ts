import { EVENT_IDS, type OutcomeKind } from '../../domain/event-ids.ts';
import { EVENT_REASONS_EN } from '../../domain/event-reasons.ts';

/**
 * What the core writes for an eventId: the kind and the English sentence of the domain's one
 * table (domain/event-ids.ts, domain/event-reasons.ts), which the journal keeps and the CLI
 * prints. The screens render the same key in the chosen language.
 */
export type { OutcomeKind };

export interface EventInfo {
  kind: OutcomeKind;
  message: string;
}

/**
 * The kind and cashier message for an eventId. Unknown ids are failures whose message carries
 * the number and Viva's own text, so support can look them up.
 */
export function describeEvent(eventId: number | null, vivaMessage: string | null): EventInfo {
  const known = eventId === null ? undefined : EVENT_IDS.get(eventId);
  const vivaText = vivaMessage?.trim() ? vivaMessage.trim() : null;
  if (known) {
    const message = EVENT_REASONS_EN[known.key];
    if (known.appendVivaText && vivaText) return { kind: known.kind, message: `${message} Viva says: "${vivaText}".` };
    return { kind: known.kind, message };
  }
  const code = eventId === null ? '' : ` (event ${eventId})`;
  const said = vivaText ? ` Viva says: "${vivaText}".` : '';
  return { kind: 'failed', message: `The terminal reported a failure${code}.${said}` };
}
