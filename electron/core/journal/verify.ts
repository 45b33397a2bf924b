import type Database from 'better-sqlite3';
import { ChainWalker, type ChainBreak, type StoredChainRow } from './hash-chain.ts';
import type { JournalEvent } from './events.ts';
import { applyEvent, type SessionRecord } from './projection.ts';
import { eventFromRow } from './queries.ts';
import { fromSessionRow, type SessionRow } from './session-row.ts';

/**
 * `ecr journal verify`: is the journal what was written, and does the sessions table say what
 * the events say?
 *
 * 1. The chain: every event row, in id order, must follow the previous one and hash to its
 *    stored hash (hash-chain.ts). Streams the table; memory stays flat.
 * 2. The projection (on by default, `projection: false` skips it): every session is replayed
 *    from its events and compared field by field with its `sessions` row, so an edited amount
 *    or state in the projection is caught too, as are rows with no events and events with no row.
 *    Both tables are streamed in session_id order and merged.
 * 3. An anchor (optional): a head recorded earlier (a Z report's) must still be in the chain,
 *    which catches a rewrite that recomputed every later hash and rows cut off the end.
 *
 * Stops at the first problem: after one break, everything later is suspect anyway.
 */
export interface VerifyOptions {
  projection?: boolean;
  anchor?: { events: number; head: string };
}

export type VerifyResult =
  | { ok: true; events: number; head: string; sessions: number | null }
  | { ok: false; events: number; firstBroken: ChainBreak };

export function verifyJournal(db: Database.Database, options: VerifyOptions = {}): VerifyResult {
  const walker = new ChainWalker();
  const rows = db
    .prepare<[], StoredChainRow>(
      'SELECT id, session_id AS sessionId, seq, type, at, payload, prev_hash AS prevHash, hash FROM events ORDER BY id',
    )
    .iterate();
  for (const row of rows) {
    const broken = walker.check(row) ?? checkAnchor(options.anchor, row.id, walker.head);
    if (broken) {
      rows.return?.();
      return { ok: false, events: walker.events, firstBroken: broken };
    }
  }
  if (options.anchor && options.anchor.events > walker.events) {
    return {
      ok: false,
      events: walker.events,
      firstBroken: {
        eventId: walker.events + 1,
        sessionId: null,
        reason: 'anchor-mismatch',
        detail: `The journal ends at event ${walker.events}, but event ${options.anchor.events} was recorded earlier: rows were cut off the end.`,
      },
    };
  }
  if (options.projection === false) return { ok: true, events: walker.events, head: walker.head, sessions: null };

  const projection = verifyProjection(db);
  if ('firstBroken' in projection) return { ok: false, events: walker.events, firstBroken: projection.firstBroken };
  return { ok: true, events: walker.events, head: walker.head, sessions: projection.sessions };
}

function checkAnchor(anchor: VerifyOptions['anchor'], id: number, head: string): ChainBreak | undefined {
  if (!anchor || anchor.events !== id || anchor.head === head) return undefined;
  return {
    eventId: id,
    sessionId: null,
    reason: 'anchor-mismatch',
    detail: `Event ${id} no longer has the hash recorded for it earlier: the chain was rewritten up to here.`,
  };
}

function verifyProjection(db: Database.Database): { sessions: number } | { firstBroken: ChainBreak } {
  const events = db
    .prepare<[], Parameters<typeof eventFromRow>[0]>('SELECT id, session_id, seq, type, at, payload FROM events ORDER BY session_id, seq')
    .iterate();
  const sessions = db.prepare<[], SessionRow>('SELECT * FROM sessions ORDER BY session_id').iterate();
  const mismatch = (sessionId: string, eventId: number | null, detail: string) => {
    events.return?.();
    sessions.return?.();
    return { firstBroken: { eventId, sessionId, reason: 'projection-mismatch' as const, detail } };
  };

  let count = 0;
  let nextEvent = events.next();
  for (const row of sessions) {
    // Replay every event of sessions that sort before this row: they have no row of their own.
    if (!nextEvent.done && nextEvent.value.session_id < row.session_id) {
      return mismatch(nextEvent.value.session_id, nextEvent.value.id, `Session ${nextEvent.value.session_id} has events but no row in the sessions table.`);
    }
    let replayed: SessionRecord | null = null;
    let lastEventId: number | null = null;
    try {
      while (!nextEvent.done && nextEvent.value.session_id === row.session_id) {
        const event: JournalEvent = eventFromRow(nextEvent.value);
        lastEventId = event.id;
        replayed = applyEvent(replayed, event);
        nextEvent = events.next();
      }
    } catch (error) {
      return mismatch(row.session_id, lastEventId, `Session ${row.session_id} cannot be replayed: ${(error as Error).message}`);
    }
    if (replayed === null) return mismatch(row.session_id, null, `Session ${row.session_id} is in the sessions table but has no events.`);
    const difference = firstDifference(replayed, fromSessionRow(row));
    if (difference) {
      return mismatch(
        row.session_id,
        lastEventId,
        `Session ${row.session_id}: the sessions table says ${difference.field} = ${JSON.stringify(difference.stored)}, its events say ${JSON.stringify(difference.replayed)}.`,
      );
    }
    count += 1;
  }
  if (!nextEvent.done) {
    return mismatch(nextEvent.value.session_id, nextEvent.value.id, `Session ${nextEvent.value.session_id} has events but no row in the sessions table.`);
  }
  return { sessions: count };
}

function firstDifference(replayed: SessionRecord, stored: SessionRecord): { field: string; replayed: unknown; stored: unknown } | undefined {
  for (const field of Object.keys(replayed) as (keyof SessionRecord)[]) {
    if (replayed[field] !== stored[field]) return { field, replayed: replayed[field], stored: stored[field] };
  }
  return undefined;
}
