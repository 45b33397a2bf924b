import type Database from 'better-sqlite3';
import { chainHashHex, ChainWalker, GENESIS_HASH, type ChainBreak, type ChainRow, type StoredChainRow } from './hash-chain.ts';
import { checkIntegrity, type IntegrityResult } from './integrity.ts';
import { faultCodeOf } from './sqlite-errors.ts';
import type { JournalEvent } from './event-schemas.ts';
import { applyEvent, type SessionRecord } from './projection.ts';
import { eventFromRow } from './read-model.ts';
import { fromSessionRow, type SessionRow } from './session-row.ts';

/**
 * `ecr journal verify`: is the journal what was written, and does the sessions table say what
 * the events say?
 *
 * 0. The file (on by default, `integrity: false` skips it): SQLite's PRAGMA integrity_check, which
 *    sees what the chain cannot: a damaged page or index (integrity.ts). A damaged file is
 *    reported as 'file-damaged' with what SQLite said, even when every hash still checks out,
 *    and the projection (read through the indexes) is not compared.
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
  integrity?: boolean;
  anchor?: VerifyAnchor;
  /** Several anchors at once (every Z report's); Journal.verify() passes them all by default. */
  anchors?: readonly VerifyAnchor[];
}

export interface VerifyAnchor {
  events: number;
  head: string;
  /** Names the anchor in a failure ("Z report 12"). */
  label?: string;
}

/**
 * `integrity` is what integrity_check said; verifyJournal() always sets it (`{ ok: true }` when
 * skipped). Optional in the type only so that results built elsewhere (renderer mocks) stay valid;
 * a damaged file is also a failure with `firstBroken.reason` 'file-damaged'.
 */
export type VerifyResult = ContentResult & { integrity?: IntegrityResult };

type ContentResult = { ok: true; events: number; head: string; sessions: number | null } | { ok: false; events: number; firstBroken: ChainBreak };

export function verifyJournal(db: Database.Database, options: VerifyOptions = {}): VerifyResult {
  let integrity: IntegrityResult = options.integrity === false ? { ok: true } : checkIntegrity(db, 'integrity_check');
  let chain: ContentResult;
  try {
    chain = verifyContent(db, { ...options, projection: integrity.ok && options.projection !== false });
  } catch (error) {
    // A page the chain walk cannot read is damage too, found where integrity_check was skipped.
    if (faultCodeOf(error) !== 'corrupt') throw error;
    if (integrity.ok) integrity = { ok: false, problems: [`reading the events stopped: ${(error as Error).message}`] };
    chain = { ok: false, events: 0, firstBroken: damaged(integrity.problems) };
  }
  if (integrity.ok) return { ...chain, integrity };
  // The file's damage comes first: it is what a person must act on, and it makes later checks unreliable.
  return { ok: false, events: chain.events, firstBroken: damaged(integrity.problems), integrity };
}

function damaged(problems: readonly string[]): ChainBreak {
  return {
    eventId: null,
    sessionId: null,
    reason: 'file-damaged',
    detail: `SQLite's integrity check found the journal file damaged: ${problems.slice(0, 3).join('; ')}. Keep a copy of the file, restore from a backup or contact support.`,
  };
}

function verifyContent(db: Database.Database, options: VerifyOptions): ContentResult {
  const anchors = new Map<number, VerifyAnchor>();
  for (const anchor of [...(options.anchors ?? []), ...(options.anchor ? [options.anchor] : [])]) anchors.set(anchor.events, anchor);
  const last = [...anchors.values()].reduce<VerifyAnchor | undefined>((a, b) => (a && a.events >= b.events ? a : b), undefined);
  const walker = new ChainWalker();
  const rows = db
    .prepare<[], StoredChainRow>(
      'SELECT id, session_id AS sessionId, seq, type, at, payload, prev_hash AS prevHash, hash FROM events ORDER BY id',
    )
    .iterate();
  try {
    for (const row of rows) {
      const broken = walker.check(row) ?? checkAnchor(anchors.get(row.id), row.id, walker.head);
      if (broken) return { ok: false, events: walker.events, firstBroken: broken };
    }
  } finally {
    rows.return?.();
  }
  if (last && last.events > walker.events) {
    return {
      ok: false,
      events: walker.events,
      firstBroken: {
        eventId: walker.events + 1,
        sessionId: null,
        reason: 'anchor-mismatch',
        detail: `The journal ends at event ${walker.events}, but event ${last.events} was recorded earlier${named(last)}: rows were cut off the end.`,
      },
    };
  }
  if (options.projection === false) return { ok: true, events: walker.events, head: walker.head, sessions: null };

  const projection = verifyProjection(db);
  if ('firstBroken' in projection) return { ok: false, events: walker.events, firstBroken: projection.firstBroken };
  return { ok: true, events: walker.events, head: walker.head, sessions: projection.sessions };
}

function checkAnchor(anchor: VerifyAnchor | undefined, id: number, head: string): ChainBreak | undefined {
  if (!anchor || anchor.events !== id || anchor.head === head) return undefined;
  return {
    eventId: id,
    sessionId: null,
    reason: 'anchor-mismatch',
    detail: `Event ${id} no longer has the hash recorded for it earlier${named(anchor)}: the chain was rewritten up to here.`,
  };
}

function named(anchor: VerifyAnchor): string {
  return anchor.label ? ` (${anchor.label})` : '';
}

/**
 * What one business day's report can check quickly, without walking the whole chain (that is
 * `ecr journal verify`): every event of the day's sessions still hashes to its stored hash and is
 * still linked to the rows on either side of it; the anchor row (a Z report's head) still has the
 * recorded hash; and each of the day's sessions replays to its row in the sessions table. An edit
 * that recomputed every later hash changes the anchor row, so it is caught too.
 */
export interface DayCheck {
  ok: boolean;
  /** The day's events, checked and parsed, grouped by session and in order: what a report replays. */
  events: JournalEvent[];
  /** The problems found (at most 20), in event order. */
  problems: ChainBreak[];
}

const MAX_DAY_PROBLEMS = 20;

/** The rows with each session's events together and by seq: as they are when they already are. */
function inGroups<T extends { sessionId: string; seq: number }>(rows: T[]): T[] {
  const seen = new Set<string>();
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i] as T;
    const previous = rows[i - 1];
    if (previous !== undefined && previous.sessionId === row.sessionId) {
      if (row.seq <= previous.seq) return sortedByGroup(rows);
    } else if (seen.has(row.sessionId)) {
      return sortedByGroup(rows);
    } else {
      seen.add(row.sessionId);
    }
  }
  return rows;
}

function sortedByGroup<T extends { sessionId: string; seq: number }>(rows: T[]): T[] {
  return rows.sort((a, b) => (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : a.seq - b.seq));
}

/** An event row with its hashes read as lowercase hex: what the day's check compares. */
interface HexChainRow extends ChainRow {
  prevHex: string;
  hashHex: string;
}

interface DayStatements {
  events: Database.Statement<[string], HexChainRow>;
  sessions: Database.Statement<[string], SessionRow>;
  event: Database.Statement<[number], { hashHex: string; prevHex: string }>;
}

// A day's report runs this every time it is shown: prepare once per connection.
const dayStatements = new WeakMap<Database.Database, DayStatements>();

function statementsFor(db: Database.Database): DayStatements {
  let statements = dayStatements.get(db);
  if (!statements) {
    statements = {
      // No ORDER BY: SQLite walks the day's sessions and each one's events through the
      // (session_id, seq) index, which gives them grouped and in order without sorting the day
      // (inGroups() checks, and sorts only if that ever stops holding). Hashes are read as hex
      // text: the chain's input is the previous hash in hex, and a BLOB read into a Buffer costs
      // more than the hex text SQLite makes (a closed day's report reads thousands).
      events: db.prepare(
        `SELECT e.id, e.session_id AS sessionId, e.seq, e.type, e.at, e.payload,
                lower(hex(e.prev_hash)) AS prevHex, lower(hex(e.hash)) AS hashHex
           FROM sessions s JOIN events e ON e.session_id = s.session_id
          WHERE s.business_day = ?`,
      ),
      sessions: db.prepare('SELECT * FROM sessions WHERE business_day = ?'),
      event: db.prepare('SELECT lower(hex(prev_hash)) AS prevHex, lower(hex(hash)) AS hashHex FROM events WHERE id = ?'),
    };
    dayStatements.set(db, statements);
  }
  return statements;
}

export function verifyBusinessDay(db: Database.Database, day: string, anchor?: VerifyAnchor): DayCheck {
  const statements = statementsFor(db);
  const rows = inGroups(statements.events.all(day));
  const stored = new Map(statements.sessions.all(day).map((row) => [row.session_id, row]));
  // Neighbours are mostly the day's own rows; only the others are read one by one.
  const known = new Map(rows.map((row) => [row.id, row]));
  const neighbour = (id: number) => known.get(id) ?? statements.event.get(id);
  const problems: ChainBreak[] = [];
  const report = (problem: ChainBreak) => {
    if (problems.length < MAX_DAY_PROBLEMS) problems.push(problem);
  };

  for (const row of rows) {
    if (chainHashHex(row.prevHex, row) !== row.hashHex) {
      report({ eventId: row.id, sessionId: row.sessionId, reason: 'hash-mismatch', detail: `Event ${row.id} (session ${row.sessionId}) was changed after it was written.` });
    }
    const before = row.id === 1 ? { hashHex: GENESIS_HASH } : neighbour(row.id - 1);
    if (!before || before.hashHex !== row.prevHex) {
      report({ eventId: row.id, sessionId: row.sessionId, reason: before ? 'prev-mismatch' : 'missing-row', detail: `Event ${row.id} no longer follows event ${row.id - 1}: rows were removed, inserted or replaced.` });
    }
    const after = neighbour(row.id + 1);
    if (after && after.prevHex !== row.hashHex) {
      report({ eventId: row.id + 1, sessionId: null, reason: 'prev-mismatch', detail: `Event ${row.id + 1} no longer follows event ${row.id} (session ${row.sessionId}): the chain was rewritten after it.` });
    }
  }

  const events: JournalEvent[] = new Array(rows.length);
  let index = 0;
  while (index < rows.length) {
    const sessionId = (rows[index] as HexChainRow).sessionId;
    let replayed: SessionRecord | null = null;
    let problem: string | undefined;
    for (; index < rows.length && (rows[index] as HexChainRow).sessionId === sessionId; index += 1) {
      const event = eventFromRow({ ...(rows[index] as HexChainRow), session_id: sessionId });
      events[index] = event;
      if (problem) continue;
      try {
        replayed = applyEvent(replayed, event);
      } catch (error) {
        problem = `Session ${sessionId} cannot be replayed: ${(error as Error).message}`;
      }
    }
    const row = stored.get(sessionId);
    if (!problem && replayed && row) {
      const difference = firstDifference(replayed, fromSessionRow(row));
      if (difference) {
        problem = `Session ${sessionId}: the sessions table says ${difference.field} = ${JSON.stringify(difference.stored)}, its events say ${JSON.stringify(difference.replayed)}.`;
      }
    }
    if (problem) report({ eventId: null, sessionId, reason: 'projection-mismatch', detail: problem });
  }

  if (anchor && anchor.events > 0) {
    const row = statements.event.get(anchor.events);
    if (!row || row.hashHex !== anchor.head) {
      report({
        eventId: anchor.events,
        sessionId: null,
        reason: 'anchor-mismatch',
        detail: row
          ? `Event ${anchor.events} no longer has the hash recorded for it${named(anchor)}: the chain was rewritten up to there.`
          : `Event ${anchor.events}, the journal's head${named(anchor)}, is gone: rows were cut off the end.`,
      });
    }
  }
  return { ok: problems.length === 0, events, problems };
}


function verifyProjection(db: Database.Database): { sessions: number } | { firstBroken: ChainBreak } {
  const events = db
    .prepare<[], Parameters<typeof eventFromRow>[0]>('SELECT id, session_id, seq, type, at, payload FROM events ORDER BY session_id, seq')
    .iterate();
  const sessions = db.prepare<[], SessionRow>('SELECT * FROM sessions ORDER BY session_id').iterate();
  // Both cursors are closed whatever happens: one left open (when the other threw on a damaged
  // page) keeps the connection "busy executing a query" and every later call on it fails.
  try {
    return mergeProjection(events, sessions);
  } finally {
    events.return?.();
    sessions.return?.();
  }
}

function mergeProjection(
  events: IterableIterator<Parameters<typeof eventFromRow>[0]>,
  sessions: IterableIterator<SessionRow>,
): { sessions: number } | { firstBroken: ChainBreak } {
  const mismatch = (sessionId: string, eventId: number | null, detail: string) => ({
    firstBroken: { eventId, sessionId, reason: 'projection-mismatch' as const, detail },
  });

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
