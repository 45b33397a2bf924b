import type Database from 'better-sqlite3';
import type { Clock } from '../clock.ts';
import type { SecretValues } from '../secret-values.ts';
import { businessDayOf, type BusinessDayConfig } from './business-day.ts';
import { firstOpenDay } from '../../domain/payment-day.ts';
import { businessDaySpan } from '../../domain/business-day.ts';
import { canonicalJson } from './canonical-json.ts';
import { JournalError } from './errors.ts';
import {
  checkVivaBody,
  parseEventInput,
  parseImportedSession,
  parseNewSession,
  parsePayload,
  type EventBody,
  type EventInput,
  type ImportedSessionInput,
  type JournalEvent,
  type NewSessionRequest,
} from './event-schemas.ts';
import { chainHash, GENESIS_HASH } from './hash-chain.ts';
import { applyEvent, type SessionRecord } from './projection.ts';
import { INSERT_SESSION_SQL, SESSION_COLUMNS, fromSessionRow, sessionValues, type SessionRow } from './session-row.ts';

/** A whole session history, for importSessions(). */
export interface SessionHistory {
  request: NewSessionRequest;
  /** When the session was created (ms since the epoch); fixes its business day. */
  createdAtMs: number;
  /** The events after `created`, in order, each with its own instant. */
  events: ReadonlyArray<{ atMs: number; event: EventInput }>;
}

export interface ChainHead {
  /** Number of events (= id of the last one: ids run from 1 without gaps). */
  events: number;
  /** Hex SHA-256 of the last event; 64 zeros for an empty journal. */
  head: string;
}

interface Tail {
  id: number;
  hashHex: string;
  hash: Buffer;
}

/**
 * The write path. Every write is one IMMEDIATE transaction (the write lock is taken first, so
 * reading the chain's tail and extending it cannot interleave with another writer, even in
 * another process) that inserts the event row with its hash and writes the session's projection
 * row. With synchronous=FULL the transaction is on disk when the call returns.
 *
 * Inputs are checked before the transaction starts, and the state machine inside it; either
 * refusal throws a JournalError and leaves the file as it was.
 */
export class EventStore {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly businessDay: BusinessDayConfig;
  private readonly secretValues: SecretValues | undefined;
  private readonly lastEventStmt: Database.Statement<[], { id: number; hash: Buffer }>;
  private readonly insertEventStmt: Database.Statement;
  private readonly getSessionStmt: Database.Statement<[string], SessionRow>;
  private readonly insertSessionStmt: Database.Statement;
  private readonly updateSessionStmt: Database.Statement;
  private readonly closedAtStmt: Database.Statement<[string], { closed_at: string }>;
  private readonly allClosedStmt: Database.Statement<[], { business_day: string; closed_at: string }>;
  /** The last business day computed, and the instants it spans: [startMs, endMs). */
  private lastDay = { day: '', startMs: Number.NaN, endMs: Number.NaN };

  constructor(db: Database.Database, options: { clock: Clock; businessDay: BusinessDayConfig; secretValues?: SecretValues | undefined }) {
    this.db = db;
    this.clock = options.clock;
    this.businessDay = options.businessDay;
    this.secretValues = options.secretValues;
    this.lastEventStmt = db.prepare('SELECT id, hash FROM events ORDER BY id DESC LIMIT 1');
    this.insertEventStmt = db.prepare(
      'INSERT INTO events (id, session_id, seq, type, at, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.getSessionStmt = db.prepare('SELECT * FROM sessions WHERE session_id = ?');
    this.insertSessionStmt = db.prepare(INSERT_SESSION_SQL);
    const assignments = SESSION_COLUMNS.map((c) => `${c} = ?`);
    this.updateSessionStmt = db.prepare(`UPDATE sessions SET ${assignments.join(', ')} WHERE session_id = ?`);
    this.closedAtStmt = db.prepare('SELECT closed_at FROM z_reports WHERE business_day = ?');
    this.allClosedStmt = db.prepare('SELECT business_day, closed_at FROM z_reports');
  }

  /**
   * Write-ahead: journals a new session in state 'created'. Call it, and let it return, before
   * the request leaves for Viva. Refuses a sessionId that is already journaled.
   */
  createSession(request: NewSessionRequest): SessionRecord {
    const atMs = this.clock.now();
    const calendarDay = this.businessDayOf(atMs);
    const prepared = this.createdBody(request, calendarDay);
    return this.db
      .transaction(() => {
        this.refuseExisting(prepared.sessionId);
        // A closed business day is never extended (domain/payment-day.ts). Asked under the write
        // lock, by the journal's order: a Z report written before this row (by another process
        // too) sends the session to the next day, whatever the wall clock says.
        const isClosed = (day: string) => this.closedAtStmt.get(day) !== undefined;
        const day = firstOpenDay(calendarDay, isClosed);
        const created = day === calendarDay ? prepared : this.createdBody(request, day);
        const tail = this.tail();
        const { record } = this.writeEvent(tail, null, created.sessionId, created, atMs);
        this.insertSessionStmt.run(sessionValues(record));
        return record;
      })
      .immediate();
  }

  /**
   * Journals a session this till never recorded, from Viva's record (reconciliation): one
   * `imported` event, already final. Refuses a sessionId that is already journaled.
   */
  importVivaSession(input: ImportedSessionInput): SessionRecord {
    const { sessionId, body } = parseImportedSession(input);
    checkVivaBody(sessionId, body);
    const event = this.checkedEvent(body);
    const atMs = this.clock.now();
    return this.db
      .transaction(() => {
        this.refuseExisting(sessionId);
        const { record } = this.writeEvent(this.tail(), null, sessionId, event, atMs);
        this.insertSessionStmt.run(sessionValues(record));
        return record;
      })
      .immediate();
  }

  /** Appends one transition to a session; returns the session as it now stands. */
  append(sessionId: string, input: EventInput): SessionRecord {
    if (typeof sessionId !== 'string' || sessionId.trim() === '') {
      throw new JournalError('invalid-input', { id: 'journal.append-needs-session' });
    }
    const event = this.checkedEvent(parseEventInput(sessionId, input));
    const atMs = this.clock.now();
    return this.db
      .transaction(() => {
        const row = this.getSessionStmt.get(sessionId);
        if (!row) throw new JournalError('unknown-session', { id: 'journal.unknown-session', params: { session: sessionId } });
        const { record } = this.writeEvent(this.tail(), fromSessionRow(row), sessionId, event, atMs);
        this.updateSessionStmt.run([...sessionValues(record), sessionId]);
        return record;
      })
      .immediate();
  }

  /**
   * Writes whole histories in one transaction, all or nothing: for seeding, benchmarks and
   * restores, where one transaction per event would take hours. Each history goes through the
   * same checks and state machine as createSession() + append(); only the projection row is
   * written once per session instead of once per event. Returns the number of sessions written.
   */
  importSessions(histories: readonly SessionHistory[]): number {
    return this.db
      .transaction(() => {
        let tail = this.tail();
        // Histories carry their own instants: a day counts as closed for those started after its Z.
        const closedAt = new Map(this.allClosedStmt.all().map((z) => [z.business_day, Date.parse(z.closed_at)]));
        for (const history of histories) {
          const startedMs = history.createdAtMs;
          const calendarDay = this.businessDayOf(startedMs);
          const closedBefore = (day: string) => (closedAt.get(day) ?? Number.POSITIVE_INFINITY) <= startedMs;
          const day = firstOpenDay(calendarDay, closedBefore);
          const created = this.createdBody(history.request, day);
          const sessionId = created.sessionId;
          this.refuseExisting(sessionId);
          let written = this.writeEvent(tail, null, sessionId, created, startedMs);
          for (const { atMs, event } of history.events) {
            written = this.writeEvent(written.tail, written.record, sessionId, this.checkedEvent(parseEventInput(sessionId, event)), atMs);
          }
          this.insertSessionStmt.run(sessionValues(written.record));
          tail = written.tail;
        }
        return histories.length;
      })
      .immediate();
  }

  head(): ChainHead {
    const tail = this.tail();
    return { events: tail.id, head: tail.hashHex };
  }

  private createdBody(request: NewSessionRequest, businessDay: string): CheckedEvent & { sessionId: string } {
    const parsed = parseNewSession(request);
    const body = parsePayload('created', { ...parsed.payload, businessDay });
    return { sessionId: parsed.sessionId, ...this.checkedEvent(body) };
  }

  /**
   * businessDayOf() with a one-entry memo: sessions come in bursts, and every instant inside the
   * last day's span has that day. The span is the domain's own (no assumption about the zone's
   * offsets). Saves seconds when importing a million sessions.
   */
  private businessDayOf(atMs: number): string {
    const last = this.lastDay;
    if (atMs >= last.startMs && atMs < last.endMs) return last.day;
    const day = businessDayOf(atMs, this.businessDay);
    this.lastDay = { day, ...businessDaySpan(day, this.businessDay) };
    return day;
  }

  private refuseExisting(sessionId: string): void {
    if (this.getSessionStmt.get(sessionId)) {
      throw new JournalError('duplicate-session', { id: 'journal.duplicate-session', params: { session: sessionId } });
    }
  }

  /**
   * The exact text to store and hash. Nothing is refused for how it looks (promise 8): only the
   * till's own secret values are cut out, and the body is re-read from the cut text so the
   * projection row holds what the event row holds.
   */
  private checkedEvent(body: EventBody): CheckedEvent {
    const payload = canonicalJson(body.payload);
    const stored = this.secretValues ? this.secretValues.redact(payload) : payload;
    if (stored === payload) return { body, payload };
    return { body: { ...body, payload: JSON.parse(stored) } as EventBody, payload: stored };
  }

  private tail(): Tail {
    const last = this.lastEventStmt.get();
    return last ? { id: last.id, hashHex: last.hash.toString('hex'), hash: last.hash } : { id: 0, hashHex: GENESIS_HASH, hash: GENESIS };
  }

  /** Folds the event into the session (refusing an illegal transition) and inserts its row. */
  private writeEvent(
    tail: Tail,
    current: SessionRecord | null,
    sessionId: string,
    { body, payload }: CheckedEvent,
    atMs: number,
  ): { tail: Tail; record: SessionRecord } {
    const at = isoInstant(atMs);
    const event = { ...body, id: tail.id + 1, sessionId, seq: (current?.lastSeq ?? 0) + 1, at } as JournalEvent;
    const record = applyEvent(current, event);
    const hash = chainHash(tail.hashHex, { id: event.id, sessionId, seq: event.seq, type: body.type, at, payload });
    this.insertEventStmt.run(event.id, sessionId, event.seq, body.type, at, payload, tail.hash, hash);
    return { tail: { id: event.id, hashHex: hash.toString('hex'), hash }, record };
  }
}

const GENESIS = Buffer.from(GENESIS_HASH, 'hex');

/** An event that passed its schema, with the exact text that will be stored and hashed. */
interface CheckedEvent {
  body: EventBody;
  payload: string;
}

function isoInstant(ms: number): string {
  if (!Number.isFinite(ms)) throw new JournalError('invalid-input', { id: 'journal.not-an-instant', params: { value: String(ms) } });
  return new Date(ms).toISOString();
}
