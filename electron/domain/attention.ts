import type { SessionRecord } from './session-record.ts';

/**
 * The attention list: every payment (and, later, every other matter) that needs a person, in one
 * place that the checkout, End of day and the CLI all read (core/attention/attention-list.ts
 * builds it from the journal). An item stays until a decision about it is journaled; nothing
 * leaves it by being dismissed on a screen.
 *
 * The kinds are an open list: a new matter (say "a backup failed") is one more entry here, one
 * more rule in the core's read, and one more line in each language. Items that are not about a
 * payment carry `session: null`.
 */
export const ATTENTION_KINDS = [
  /** The outcome is not known: the customer may have been charged. */
  'unknown',
  /** The cashier aborted, and the payment went through anyway (promise 4). */
  'paid-after-abort',
  /** The till recorded it as not paid; a later check found Viva approved it (promise 7). */
  'late-success',
  /** The journal says approved, but Viva has no record of it: the customer was not charged. */
  'local-only-approved',
  /**
   * The last automatic backup failed (not a payment: `session` is null). The journal is the only
   * record of the day until a backup holds it; the item leaves when a backup succeeds.
   */
  'backup-failed',
] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

/**
 * What a person can journal about an item without settling the payment itself (journal event
 * `decision`): keep a payment that went through after an abort or late (it leaves the list), or
 * set an unknown payment aside to serve the next customer (it stays in the list until resolved).
 */
export const ATTENTION_DECISIONS = ['keep-payment', 'set-aside'] as const;
export type AttentionDecision = (typeof ATTENTION_DECISIONS)[number];

/** The kinds a "Keep the payment" decision settles. */
export const KEEPABLE_KINDS: readonly AttentionKind[] = ['paid-after-abort', 'late-success'];

/** The payment an item is about, as much of it as a list line needs. */
export type AttentionSession = Pick<
  SessionRecord,
  'sessionId' | 'kind' | 'state' | 'amount' | 'tipAmount' | 'currencyCode' | 'terminalId' | 'cashRegisterId' | 'merchantReference' | 'businessDay' | 'createdAt'
>;

export interface AttentionItem {
  /** `kind:subject` (the sessionId for payments): stable, to name an item across reads. */
  id: string;
  kind: AttentionKind;
  /** When the matter arose (UTC ISO): the alert, the reconciliation, the moment it became unknown. */
  since: string;
  session: AttentionSession | null;
  /** An unknown payment the cashier set aside to serve the next customer: who and when. */
  setAside: { at: string; operator: string | null } | null;
  /** A refund of it is on a terminal or unknown: wait for it before deciding again. */
  refundOpen: boolean;
  /** For 'backup-failed': why (a backup error code) and what started it (close-day, daily...). */
  backup: { code: string; trigger: string } | null;
}
