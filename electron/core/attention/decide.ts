import type { Journal, SessionRecord } from '../journal/index.ts';
import { CodedError, fieldProblem } from '../../domain/coded-error.ts';
import { KEEPABLE_KINDS, type AttentionDecision } from '../../domain/attention.ts';
import { freeTextProblem } from '../../domain/free-text.ts';
import { readAttention } from './read.ts';

export type AttentionErrorCode = 'invalid-input' | 'session-not-found' | 'not-decidable';

export class AttentionError extends CodedError<AttentionErrorCode> {
  override name = 'AttentionError';
}

export interface DecisionInput {
  decision: AttentionDecision;
  /** Who decides; required to keep a payment. */
  operator?: string;
  reason?: string;
}

/**
 * Journals a person's decision about an attention-list item (a `decision` event, append-only and
 * hash-chained like every event): keep a payment that went through after an abort or late (it
 * leaves the list), or set an unknown payment aside to serve the next customer (it stays). Anything
 * else is refused with nothing written. `append` is the writer that tells the screens (the engine's).
 */
export function decide(
  journal: Journal,
  append: (sessionId: string, event: { type: 'decision'; decision: AttentionDecision; operator?: string; reason?: string }) => SessionRecord,
  sessionId: string,
  input: DecisionInput,
): SessionRecord {
  const operator = text(input.operator, 'name', 200);
  const reason = text(input.reason, 'reason', 1000);
  const record = journal.getSession(sessionId);
  if (!record) throw new AttentionError('session-not-found', { id: 'payment.session-not-found', params: { session: sessionId } });
  const fields = { ...(operator ? { operator } : {}), ...(reason ? { reason } : {}) };

  if (input.decision === 'keep-payment') {
    if (!operator) throw new AttentionError('invalid-input', { id: 'attention.keep-needs-operator' }, { fields: [fieldProblem('operator', 'attention.operator-required')] });
    const item = readAttention(journal).find((i) => i.session?.sessionId === sessionId && KEEPABLE_KINDS.includes(i.kind));
    if (!item) {
      throw new AttentionError('not-decidable', { id: 'attention.not-keepable', params: { session: sessionId, state: record.state } });
    }
    return append(sessionId, { type: 'decision', decision: 'keep-payment', ...fields });
  }

  if (record.state !== 'unknown') {
    throw new AttentionError('not-decidable', { id: 'attention.not-set-asidable', params: { session: sessionId, state: record.state } });
  }
  // Once is enough: pressing "Serve the next customer" again writes nothing.
  const last = journal.eventsOf(sessionId).findLast((e) => e.type === 'decision');
  if (last?.type === 'decision' && last.payload.decision === 'set-aside') return record;
  return append(sessionId, { type: 'decision', decision: 'set-aside', ...fields });
}

function text(value: string | undefined, what: 'name' | 'reason', max: number): string | undefined {
  if (value === undefined) return undefined;
  const problem = freeTextProblem(value, { max });
  if (problem) {
    const params = { whatPhrase: `attention.what.${what}`, max };
    throw new AttentionError('invalid-input', { id: `attention.text.${problem}`, params }, { fields: [fieldProblem(what, `attention.text.${problem}`, params)] });
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
