import type { JournalEvent, SessionRecord } from '../journal/index.ts';
import { KEEPABLE_KINDS, type AttentionItem, type AttentionKind, type AttentionSession } from '../../domain/attention.ts';
import { chargedTotalOf } from '../payments/admission.ts';
import { brief } from '../reports/day-totals.ts';
import { RESOLUTION_EVENT_TYPES } from '../reports/reconciliation/diff.ts';

/**
 * The attention list (domain/attention.ts) as a pure function of what the journal holds: every
 * payment that needs a person, until a decision about it is journaled.
 *
 * - unknown: every session whose state is `unknown`, whatever its day (also after a Z). It leaves
 *   only when its state does (recovered, resolved by an operator). Being set aside keeps it here.
 * - paid-after-abort, late-success: an approved session with that alert. It leaves on a journaled
 *   `decision` 'keep-payment' after the alert, or once approved refunds cover what Viva charged.
 * - backup-failed: the last backup's failure, while no backup has succeeded since (not a payment).
 * - local-only-approved: an approved session a stored reconciliation found missing at Viva (the
 *   customer was not charged). It leaves when the session is no longer approved, or when a
 *   reconciliation resolution event (reports/reconciliation/diff.ts RESOLUTION_EVENT_TYPES, so a
 *   new resolution such as "not paid" counts as soon as the diff knows it) was journaled after
 *   that reconciliation.
 */
export interface AttentionSource {
  /** Sessions in state `unknown`. */
  unknownSessions(): SessionRecord[];
  /** Sessions an alert was ever raised on. */
  sessionsWithAlert(): SessionRecord[];
  /** 'local-only' differences the stored reconciliations left open. */
  openLocalOnly(): { businessDay: string; checkedAt: string; sessionId: string }[];
  getSession(sessionId: string): SessionRecord | undefined;
  eventsOf(sessionId: string): JournalEvent[];
  /** Minor units refunded against a sale: approved only, or approved plus refunds still open or unknown. */
  refundedAmount(parentSessionId: string, options: { includeOpen: boolean }): number;
  /** The last backup's failure, null once one succeeds (or where no backups run: the CLI). */
  backupFailure?(): { at: string; trigger: string; code: string } | null;
}

const SETTLES_LOCAL_ONLY: ReadonlySet<string> = new Set(RESOLUTION_EVENT_TYPES);

export function attentionList(source: AttentionSource): AttentionItem[] {
  const items: AttentionItem[] = [];

  for (const record of source.unknownSessions()) {
    if (record.state !== 'unknown') continue;
    const events = source.eventsOf(record.sessionId);
    const became = events.findLast((e) => e.type === 'dispatch-uncertain' || e.type === 'deadline-passed');
    const setAside = events.findLast((e) => e.type === 'decision' && e.payload.decision === 'set-aside');
    items.push({
      ...item('unknown', record, became?.at ?? record.updatedAt),
      setAside: setAside?.type === 'decision' ? { at: setAside.at, operator: setAside.payload.operator ?? null } : null,
    });
  }

  for (const record of source.sessionsWithAlert()) {
    if (record.state !== 'approved') continue;
    const events = source.eventsOf(record.sessionId);
    const alert = events.findLast((e) => e.type === 'alert' && (KEEPABLE_KINDS as readonly string[]).includes(e.payload.alert));
    if (alert?.type !== 'alert') continue;
    const kept = events.some((e) => e.seq > alert.seq && e.type === 'decision' && e.payload.decision === 'keep-payment');
    if (kept) continue;
    const refunded = source.refundedAmount(record.sessionId, { includeOpen: false });
    if (refunded >= chargedTotalOf(events, record)) continue;
    const refundOpen = source.refundedAmount(record.sessionId, { includeOpen: true }) > refunded;
    items.push({ ...item(alert.payload.alert as AttentionKind, record, alert.at), refundOpen });
  }

  for (const difference of source.openLocalOnly()) {
    const record = source.getSession(difference.sessionId);
    if (record?.state !== 'approved') continue;
    const settled = source.eventsOf(record.sessionId).some((e) => SETTLES_LOCAL_ONLY.has(e.type) && e.at >= difference.checkedAt);
    if (settled) continue;
    items.push(item('local-only-approved', record, difference.checkedAt));
  }

  const failure = source.backupFailure?.() ?? null;
  if (failure) {
    items.push({ id: 'backup-failed:last', kind: 'backup-failed', since: failure.at, session: null, setAside: null, refundOpen: false, backup: { code: failure.code, trigger: failure.trigger } });
  }

  return items.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.id < b.id ? -1 : 1));
}

function item(kind: AttentionKind, record: SessionRecord, since: string): AttentionItem {
  return { id: `${kind}:${record.sessionId}`, kind, since, session: sessionOf(record), setAside: null, refundOpen: false, backup: null };
}

/** End of day's brief of the session (reports/day-totals.ts) and the day it counts in. */
function sessionOf(record: SessionRecord): AttentionSession {
  return { ...brief(record), businessDay: record.businessDay };
}
