import type { JournalEvent, SessionRecord } from '../../journal/index.ts';
import { DIFFERENCE_KINDS, type DifferenceKind } from '../../../domain/difference-kinds.ts';
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
 *   listed on every day whose UTC dates hold it (it cannot be placed better).
 * Viva records that belong to a journal session of another day are that day's business.
 *
 * A difference's id is `kind:sessionId`, stable across runs. Resolutions (journal events written
 * by a person through resolve.ts) mark it resolved; a resolved difference stays listed,
 * so running the reconciliation again shows the same list and writes nothing.
 */

export type ResolutionAction = 'accept' | 'explain' | 'refund';

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
  /** What settled it: Viva's record accepted, a reason given, or a refund started. */
  action: 'accepted' | 'explained' | 'refund';
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
  /** How an open difference can be resolved; empty once resolved. */
  actions: ResolutionAction[];
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
}

/** An unreadable day-list entry and the UTC date whose list held it. */
export interface UnreadableEntry extends UnreadableVivaRecord {
  date: string;
}

/** The event types that settle differences; run.ts reads these for the day. */
export const RESOLUTION_EVENT_TYPES = ['imported', 'explained', 'amount-corrected', 'late-success', 'recovered'] as const;

const REFUNDABLE_KINDS = new Set(['sale', 'preauth-completion']);

export function diffDay(input: DiffInput): DayDiff {
  const resolutions = resolutionsById(input.resolutions);
  const current = new Map<string, Difference>();
  const add = (difference: Omit<Difference, 'id' | 'status' | 'resolution' | 'actions'>, actions: ResolutionAction[]) => {
    const id = `${difference.kind}:${difference.sessionId}`;
    const resolution = resolutions.get(id) ?? null;
    current.set(id, { id, ...difference, status: resolution ? 'resolved' : 'open', resolution, actions: resolution ? [] : actions });
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
      if (!vivaShouldKnow(record)) {
        notSent += 1;
        continue;
      }
      add(
        {
          kind: 'local-only',
          sessionId: record.sessionId,
          detail: `The journal has this ${record.kind} as ${record.state}, but Viva has no record of it on the day's dates.`,
          journal: journalSide,
          viva: null,
        },
        record.state === 'unknown' ? ['accept', 'explain'] : ['explain'],
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
    add(
      {
        kind: 'viva-only',
        sessionId: session.sessionId,
        detail: `Viva has a ${vivaSide.outcome} session from cash register ${vivaSide.cashRegisterId ?? '(none)'} on terminal ${vivaSide.terminalId} that this till never journaled${when}.`,
        journal: null,
        viva: vivaSide,
      },
      ['accept', 'explain', ...refund(vivaSide.outcome === 'approved' && vivaKind(session) === 'sale')],
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

function resolvedDetail(kind: DifferenceKind, resolution: Resolution): string {
  const how = resolution.action === 'accepted' ? "Viva's record was accepted into the journal" : resolution.action === 'refund' ? 'a refund was started' : 'it was explained';
  return `A ${kind} difference: ${how}.`;
}

function splitId(id: string): [DifferenceKind, string] {
  const colon = id.indexOf(':');
  return [id.slice(0, colon) as DifferenceKind, id.slice(colon + 1)];
}

/** The resolutions in the journal, by the id of the difference each settles (the latest wins). */
function resolutionsById(events: readonly JournalEvent[]): Map<string, Resolution> {
  const found = new Map<string, Resolution>();
  const set = (kind: DifferenceKind, event: JournalEvent, resolution: Omit<Resolution, 'at'>) =>
    found.set(`${kind}:${event.sessionId}`, { at: event.at, ...resolution });
  for (const event of events) {
    switch (event.type) {
      case 'imported': {
        const p = event.payload;
        set('viva-only', event, { action: p.disposition === 'own' ? 'accepted' : 'explained', operator: p.operator, reason: p.reason ?? null, refundSessionId: null });
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
        if (event.payload.source === 'reconciliation') {
          set(event.payload.viva ? 'state-mismatch' : 'local-only', event, { action: 'accepted', operator: null, reason: event.payload.message ?? null, refundSessionId: null });
        }
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
