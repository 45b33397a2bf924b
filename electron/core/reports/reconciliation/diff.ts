import type { JournalEvent, SessionRecord } from '../../journal/index.ts';
import { DIFFERENCE_KINDS, type DifferenceKind } from '../../../domain/difference-kinds.ts';
import type { ResolutionAction, ResolutionOutcome } from '../../../domain/resolution-actions.ts';
import { isInFlightState, type FinalState } from '../../../domain/session-states.ts';
import type { UnreadableVivaRecord, VivaSession } from '../../viva/index.ts';
import { brief, compare, type SessionBrief } from '../day-totals.ts';
import { vivaAmounts, vivaKind, vivaOccurredAt, vivaOutcome } from '../viva-record.ts';

/**
 * The diff of one business day (design.md §4) as a pure function: the journal's sessions of the
 * day against Viva's records of the UTC dates the day touches, plus the resolutions already in
 * the journal. No I/O: run.ts fetches, this decides.
 *
 * Matching is by sessionId (the till's own id, Viva's idempotency key). For each session:
 * - on both sides: compared. A state mismatch is a disagreement about whether money moved (or
 *   a journal that still says unknown); when money moved on both sides, the amount (Viva's
 *   includes the tip, and the journal's request amount is accepted with or without it, as the
 *   engine does: spec §10.5), the currency and the tip must agree.
 * - in the journal only: a difference when the journal says Viva should know it (approved,
 *   unknown, or finished with a Viva outcome). Sessions that provably never reached Viva (refused
 *   before sending, or recovered as never received) and sessions still in progress are not.
 * - at Viva only: a session this till never journaled (another cash register, a lost write).
 *   It belongs to this day when Viva's transaction time falls in it; a record without a time is
 *   listed on every day whose UTC dates hold it (it cannot be placed better). When Viva's record
 *   names another cash register than this till's, it is that till's payment: the first action is
 *   to record it as such, and accepting it as this till's is not offered (it would count
 *   another till's money here).
 * Viva records that belong to a journal session of another day are that day's business.
 *
 * A difference's id is `kind:sessionId`, stable across runs. Resolutions (journal events written
 * by a person through resolve.ts) mark it resolved; a resolved difference stays listed,
 * so running the reconciliation again shows the same list and writes nothing.
 *
 * Each difference lists the actions that fit it, the recommended one first (resolution-actions.ts).
 * `detail` is one English sentence for the CLI and the logs; the screen words it from the fields.
 */

export type { ResolutionAction, ResolutionOutcome };

/** The journal's side of a difference: the session's brief without its id (the difference carries it). */
export type JournalSide = Omit<SessionBrief, 'sessionId'>;

export interface VivaSide {
  /** The journal's word for Viva's outcome; null while Viva's record has none. */
  outcome: FinalState | null;
  eventId: number | null;
  /** Minor units, tip included (as Viva reports it). */
  amount: number;
  tipAmount: number;
  currencyCode: string;
  terminalId: string;
  cashRegisterId: string | null;
  merchantReference: string | null;
  /** Viva's transaction time, UTC ISO; null when its record has none. */
  occurredAt: string | null;
  cardBrand: string | null;
  /** Masked as Viva returns it (414746XXXXXX0133). */
  maskedPan: string | null;
}

export interface Resolution {
  /**
   * What settled it: recorded as another till's, Viva's record accepted, marked not paid, a
   * reason given, or a refund started.
   */
  action: ResolutionOutcome;
  /** 'assigned': the cash register the payment was recorded under. */
  till: string | null;
  /** When it was journaled (UTC ISO). */
  at: string;
  operator: string | null;
  reason: string | null;
  refundSessionId: string | null;
}

export interface Difference {
  /** `kind:sessionId`: stable, for the UI and the CLI to name it. */
  id: string;
  kind: DifferenceKind;
  sessionId: string;
  status: 'open' | 'resolved';
  /** One sentence for the operator. */
  detail: string;
  journal: JournalSide | null;
  viva: VivaSide | null;
  resolution: Resolution | null;
  /** How an open difference can be resolved, the recommended way first; empty once resolved. */
  actions: ResolutionAction[];
  /** A Viva-only payment of another till: the cash register Viva's record names; null otherwise. */
  otherTill: string | null;
}

export interface DayDiff {
  /** Sessions on both sides that agree (resolved ones included). */
  matched: number;
  /** Journal sessions still on a terminal: compared once they finish. */
  inProgress: number;
  /** Journal sessions that provably never reached Viva: nothing to compare. */
  notSent: number;
  /** Viva records of this day still without an outcome. */
  vivaPending: number;
  /** Open first, then by kind (DIFFERENCE_KINDS' order) and sessionId. */
  differences: Difference[];
}

export interface DiffInput {
  day: string;
  /** The journal's sessions of the day. */
  journalSessions: readonly SessionRecord[];
  /**
   * Viva's records of the day's UTC dates, each sessionId once; null when Viva could not be asked
   * (then only the resolutions already journaled are listed).
   */
  vivaSessions: readonly VivaSession[] | null;
  /** Entries of Viva's day lists this till could not read, each with the UTC date it was listed on. */
  vivaUnreadable?: readonly UnreadableEntry[];
  /** A journal session by id, whatever its day (for Viva records of neighbouring days). */
  journalSession(sessionId: string): SessionRecord | undefined;
  /** The business day of an instant (ms), by the journal's settings. */
  businessDayOf(instantMs: number): string;
  /** Reconciliation resolutions journaled for the day's sessions (see RESOLUTION_EVENT_TYPES). */
  resolutions: readonly JournalEvent[];
  /** Whether "start a refund" can be offered at all (the caller has a payment engine). */
  canRefund: boolean;
  /** This till's cash register id; null when not known (then no Viva record is taken for another till's). */
  ownCashRegisterId: string | null;
}

/** An unreadable day-list entry and the UTC date whose list held it. */
export interface UnreadableEntry extends UnreadableVivaRecord {
  date: string;
}

/** The event types that settle differences; run.ts reads these for the day. */
export const RESOLUTION_EVENT_TYPES = ['imported', 'explained', 'amount-corrected', 'late-success', 'recovered', 'not-paid'] as const;

const REFUNDABLE_KINDS = new Set(['sale', 'preauth-completion']);

export function diffDay(input: DiffInput): DayDiff {
  const resolutions = resolutionsById(input.resolutions);
  const current = new Map<string, Difference>();
  const add = (difference: Omit<Difference, 'id' | 'status' | 'resolution' | 'actions' | 'otherTill'>, actions: ResolutionAction[], otherTill: string | null = null) => {
    const id = `${difference.kind}:${difference.sessionId}`;
    const resolution = resolutions.get(id) ?? null;
    current.set(id, { id, ...difference, status: resolution ? 'resolved' : 'open', resolution, actions: resolution ? [] : actions, otherTill });
  };
  const refund = (allowed: boolean): ResolutionAction[] => (allowed && input.canRefund ? ['refund'] : []);

  const known = input.vivaSessions !== null;
  const vivaSessions = input.vivaSessions ?? [];
  const viva = new Map(vivaSessions.map((session) => [session.sessionId, session]));
  const journal = new Map(input.journalSessions.map((record) => [record.sessionId, record]));
  const unreadable = known ? unreadableOfDay(input, viva) : [];
  const unreadableIds = new Set(unreadable.map((u) => u.sessionId));
  let matched = 0;
  let inProgress = 0;
  let notSent = 0;
  let vivaPending = 0;

  for (const record of input.journalSessions) {
    if (isInFlightState(record.state)) {
      inProgress += 1;
      continue;
    }
    if (!known) continue;
    const session = viva.get(record.sessionId);
    const journalSide = sideOfJournal(record);
    // Viva has a record of it that cannot be read: listed below as such, not as local-only.
    if (!session && unreadableIds.has(record.sessionId)) continue;
    if (!session) {
      // A session marked not paid may have had nothing for Viva to know: it is still listed as settled, not as never sent.
      if (!vivaShouldKnow(record) && !resolutions.has(`local-only:${record.sessionId}`)) {
        notSent += 1;
        continue;
      }
      add(
        {
          kind: 'local-only',
          sessionId: record.sessionId,
          detail: `The journal has this ${record.kind} as ${record.state}, but Viva has no record of it on the day's dates${record.state === 'approved' ? ': the card may not have been charged' : ''}.`,
          journal: journalSide,
          viva: null,
        },
        // Only money the journal counts, or might, can be marked not paid.
        record.state === 'approved' || record.state === 'unknown' ? ['not-paid', 'explain'] : ['explain'],
      );
      continue;
    }
    const vivaSide = sideOfViva(session);
    if (vivaSide.outcome === null) {
      vivaPending += 1;
      continue;
    }
    const paidHere = record.state === 'approved';
    const paidThere = vivaSide.outcome === 'approved';
    const refundable = paidThere && REFUNDABLE_KINDS.has(record.kind);
    let differs = false;
    if (record.state === 'unknown' || paidHere !== paidThere) {
      differs = true;
      add(
        {
          kind: 'state-mismatch',
          sessionId: record.sessionId,
          detail: `The journal says ${record.state}, Viva says ${vivaSide.outcome}${paidThere && !paidHere ? ': the customer was charged' : ''}.`,
          journal: journalSide,
          viva: vivaSide,
        },
        // An approval cannot be taken back by accepting a record: only a person can say why.
        paidHere ? ['explain'] : ['accept', 'explain', ...refund(refundable)],
      );
    }
    if (paidHere && paidThere) {
      for (const kind of moneyDifferences(record, session)) {
        differs = true;
        add(
          { kind, sessionId: record.sessionId, detail: moneyDetail(kind, record, session), journal: journalSide, viva: vivaSide },
          ['accept', 'explain', ...refund(refundable)],
        );
      }
    }
    if (!differs) matched += 1;
  }

  for (const session of vivaSessions) {
    if (journal.has(session.sessionId)) continue;
    const elsewhere = input.journalSession(session.sessionId);
    if (elsewhere && elsewhere.businessDay !== input.day) continue;
    const vivaSide = sideOfViva(session);
    if (!elsewhere && vivaSide.occurredAt !== null && input.businessDayOf(Date.parse(vivaSide.occurredAt)) !== input.day) continue;
    if (vivaSide.outcome === null) {
      vivaPending += 1;
      continue;
    }
    const when = vivaSide.occurredAt === null ? ' (Viva gives no time for it, so it is listed on each day its date could belong to)' : '';
    const till = otherTill(vivaSide, input.ownCashRegisterId);
    add(
      {
        kind: 'viva-only',
        sessionId: session.sessionId,
        detail:
          `Viva has a session (${vivaSide.outcome}) from cash register ${vivaSide.cashRegisterId ?? '(none)'} on terminal ${vivaSide.terminalId} that this till never journaled${when}` +
          `${till === null ? '' : `: it is cash register ${till}'s payment, not this till's`}.`,
        journal: null,
        viva: vivaSide,
      },
      // Another till's payment is recorded as that till's; taking it as this till's would count it twice over the shop.
      till !== null ? ['assign', 'explain'] : ['accept', 'explain', ...refund(vivaSide.outcome === 'approved' && vivaKind(session) === 'sale')],
      till,
    );
  }

  unreadable.forEach((entry) => {
    const record = entry.sessionId === null ? undefined : journal.get(entry.sessionId);
    add(
      {
        kind: 'viva-unreadable',
        sessionId: entry.key,
        detail:
          `Viva's list of ${entry.date} has a record this till could not read` +
          `${entry.sessionId === null ? ' (it carries no session id)' : ''}: ${entry.problems.join('; ') || 'no detail'}.`,
        journal: record ? sideOfJournal(record) : null,
        viva: null,
      },
      // Only a person can say what it was; the explanation is journaled on the till's own session.
      record ? ['explain'] : [],
    );
  });

  // Differences settled by accepting Viva's record no longer differ; they stay listed as resolved.
  for (const [id, resolution] of resolutions) {
    if (current.has(id)) continue;
    const [kind, sessionId] = splitId(id);
    const record = journal.get(sessionId) ?? input.journalSession(sessionId);
    if (!record || record.businessDay !== input.day) continue;
    const session = viva.get(sessionId);
    current.set(id, {
      id,
      kind,
      sessionId,
      status: 'resolved',
      detail: resolvedDetail(kind, resolution),
      journal: kind === 'viva-only' ? null : sideOfJournal(record),
      viva: session ? sideOfViva(session) : null,
      resolution,
      actions: [],
      otherTill: null,
    });
  }

  const differences = [...current.values()].sort(
    (a, b) =>
      Number(a.status === 'resolved') - Number(b.status === 'resolved') ||
      DIFFERENCE_KINDS.indexOf(a.kind) - DIFFERENCE_KINDS.indexOf(b.kind) ||
      compare(a.sessionId, b.sessionId),
  );
  return { matched, inProgress, notSent, vivaPending, differences };
}

/**
 * The unreadable entries that belong to this day, each once, with the key its difference is
 * named by: the raw sessionId, or (without one) the list's date and the entry's place in it.
 * An entry of a journal session of another day is that day's business; one whose session Viva
 * also lists readably (on another date) adds nothing. Without a readable time, an entry is listed
 * on every day whose UTC dates hold it, as a Viva-only record without a time is.
 */
function unreadableOfDay(input: DiffInput, viva: ReadonlyMap<string, VivaSession>): (UnreadableEntry & { key: string })[] {
  const seen = new Set<string>();
  const found: (UnreadableEntry & { key: string })[] = [];
  let anonymous = 0;
  for (const entry of input.vivaUnreadable ?? []) {
    if (entry.sessionId !== null) {
      if (seen.has(entry.sessionId) || viva.has(entry.sessionId)) continue;
      const elsewhere = input.journalSession(entry.sessionId);
      if (elsewhere && elsewhere.businessDay !== input.day) continue;
      seen.add(entry.sessionId);
      found.push({ ...entry, key: entry.sessionId });
    } else {
      anonymous += 1;
      found.push({ ...entry, key: `(no session id) ${entry.date} #${anonymous}` });
    }
  }
  return found;
}

/** The money differences of a session paid on both sides. */
export type MoneyDifference = Extract<DifferenceKind, 'amount-mismatch' | 'currency-mismatch' | 'tip-mismatch'>;

export function moneyDifferences(record: SessionRecord, session: VivaSession): MoneyDifference[] {
  const found: MoneyDifference[] = [];
  const total = record.amount + record.tipAmount;
  if (session.amount !== total && session.amount !== record.amount) found.push('amount-mismatch');
  if (session.currencyCode !== record.currencyCode) found.push('currency-mismatch');
  if (session.tipAmount !== record.tipAmount) found.push('tip-mismatch');
  return found;
}

/**
 * Whether Viva should have a record of a journal session: it was approved, is unknown, or ended
 * with a Viva outcome. A session refused before it was sent, or recovered as never received, has
 * no Viva record by design; neither has one Viva never answered for whose outcome a person set.
 */
export function vivaShouldKnow(record: SessionRecord): boolean {
  return record.state === 'approved' || record.state === 'unknown' || record.vivaEventId !== null || record.transactionId !== null;
}

function moneyDetail(kind: DifferenceKind, record: SessionRecord, session: VivaSession): string {
  switch (kind) {
    case 'amount-mismatch':
      return `Viva charged ${session.amount} minor units (tip included), the journal has ${record.amount} + tip ${record.tipAmount}.`;
    case 'currency-mismatch':
      return `Viva charged in currency ${session.currencyCode}, the journal has ${record.currencyCode}.`;
    default:
      return `Viva's tip is ${session.tipAmount} minor units, the journal's ${record.tipAmount}.`;
  }
}

/** Cash register ids as Viva and the settings give them: trimmed, blank = none. */
function tillId(id: string | null | undefined): string | null {
  const trimmed = id?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** The other till a Viva record names: its cash register when that is known and not this till's. */
function otherTill(viva: VivaSide, own: string | null): string | null {
  const theirs = tillId(viva.cashRegisterId);
  const ours = tillId(own);
  return theirs !== null && ours !== null && theirs !== ours ? theirs : null;
}

const KIND_WORDS: Record<DifferenceKind, string> = {
  'viva-only': 'Viva-only session',
  'viva-unreadable': "unreadable Viva record",
  'local-only': 'journal-only session',
  'state-mismatch': 'difference of outcome',
  'amount-mismatch': 'difference of amount',
  'currency-mismatch': 'difference of currency',
  'tip-mismatch': 'difference of tip',
};

function resolvedDetail(kind: DifferenceKind, resolution: Resolution): string {
  const how: Record<ResolutionOutcome, string> = {
    assigned: `recorded as cash register ${resolution.till ?? '(none)'}'s payment, not counted here`,
    accepted: "Viva's record was accepted into the journal",
    'not-paid': 'marked not paid, so it no longer counts in the day',
    explained: 'explained',
    refund: 'a refund was started',
  };
  return `Settled (${KIND_WORDS[kind]}): ${how[resolution.action]}.`;
}

function splitId(id: string): [DifferenceKind, string] {
  const colon = id.indexOf(':');
  return [id.slice(0, colon) as DifferenceKind, id.slice(colon + 1)];
}

/** The resolutions in the journal, by the id of the difference each settles (the latest wins). */
function resolutionsById(events: readonly JournalEvent[]): Map<string, Resolution> {
  const found = new Map<string, Resolution>();
  const set = (kind: DifferenceKind, event: JournalEvent, resolution: Omit<Resolution, 'at' | 'till'> & { till?: string }) =>
    found.set(`${kind}:${event.sessionId}`, { at: event.at, till: null, ...resolution });
  for (const event of events) {
    switch (event.type) {
      case 'imported': {
        const p = event.payload;
        const action = p.disposition === 'own' ? 'accepted' : p.belongsTo !== undefined ? 'assigned' : 'explained';
        set('viva-only', event, { action, operator: p.operator, reason: p.reason ?? null, refundSessionId: null, ...(p.belongsTo !== undefined ? { till: p.belongsTo } : {}) });
        break;
      }
      case 'explained': {
        const p = event.payload;
        set(p.difference, event, { action: p.refundSessionId ? 'refund' : 'explained', operator: p.operator, reason: p.reason, refundSessionId: p.refundSessionId ?? null });
        break;
      }
      case 'amount-corrected':
        for (const kind of event.payload.differences) {
          set(kind, event, { action: 'accepted', operator: event.payload.operator, reason: event.payload.reason ?? null, refundSessionId: null });
        }
        break;
      case 'late-success':
        if (event.payload.source === 'reconciliation') set('state-mismatch', event, { action: 'accepted', operator: null, reason: null, refundSessionId: null });
        break;
      case 'recovered':
        // Without Viva's body: an unknown session Viva had no record of, settled as failed (before 'not-paid' existed).
        if (event.payload.source === 'reconciliation') {
          set(event.payload.viva ? 'state-mismatch' : 'local-only', event, {
            action: event.payload.viva ? 'accepted' : 'not-paid',
            operator: null,
            reason: event.payload.message ?? null,
            refundSessionId: null,
          });
        }
        break;
      case 'not-paid':
        set('local-only', event, { action: 'not-paid', operator: event.payload.operator, reason: event.payload.reason ?? null, refundSessionId: null });
        break;
      default:
        break;
    }
  }
  return found;
}

/** The journal's side of a difference: the session's brief (day-totals.ts) without its id. */
function sideOfJournal(record: SessionRecord): JournalSide {
  const { sessionId: _sessionId, ...side } = brief(record);
  return side;
}

export function sideOfViva(session: VivaSession): VivaSide {
  return {
    outcome: vivaOutcome(session),
    eventId: session.eventId,
    amount: vivaAmounts(session).total,
    tipAmount: session.tipAmount,
    currencyCode: session.currencyCode,
    terminalId: session.terminalId,
    cashRegisterId: session.cashRegisterId,
    merchantReference: session.merchantReference,
    occurredAt: vivaOccurredAt(session),
    cardBrand: session.applicationLabel,
    maskedPan: session.primaryAccountNumberMasked,
  };
}
