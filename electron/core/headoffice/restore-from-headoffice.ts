import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { moveWithSideFiles, RESTORE_LOG } from '../backup/restore.ts';
import type { Clock } from '../clock.ts';
import { ChainWalker } from '../journal/hash-chain.ts';
import { applyEvent, journalFile, openJournal, type ChainHead, type JournalEnvironment, type SessionRecord } from '../journal/index.ts';
import { eventFromRow } from '../journal/read-model.ts';
import { INSERT_SESSION_SQL, sessionValues } from '../journal/session-row.ts';
import { nullLogger, type Logger } from '../logger.ts';
import { describeServerError, parseHeadOfficeUrl, poolFor, type HeadOfficeConnection } from './connection-url.ts';
import { HeadOfficeError } from './errors.ts';
import { checkServerSchema, HEADOFFICE_SCHEMA } from './server-schema.ts';
import { installIdFile } from './till-identity.ts';

/**
 * `ecr restore --from-headoffice`: a new machine for till X pulls X's journal back from the head
 * office, verified, before it takes a payment (issue 13 §2, disaster recovery).
 *
 * - Only onto a machine without a journal of its own for this environment (or an empty one):
 *   nothing local is ever overwritten.
 * - Only what the head office acknowledged: the events 1..acked as they were pushed (the chain
 *   re-walked row by row with the journal's own ChainWalker as they arrive, and its end equal to
 *   the server's acknowledged head), then the sessions folded from them by the journal's own
 *   projection, and the Z reports. The file is built under a temporary folder, verified by the
 *   journal's own verify() (chain, projection, every Z report's head as an anchor) and only then
 *   renamed into place, so a journal file there is always a verified one.
 * - The machine becomes till X: it takes X's install id, so its next push continues X's history
 *   instead of being refused as a second writer.
 * - Events the till had reported but the server never acknowledged cannot come back: the result
 *   says how many (`unacknowledged`).
 */
export interface RestoreFromHeadOfficeOptions {
  url: string | HeadOfficeConnection;
  tillId: string;
  dataDir: string;
  environment: JournalEnvironment;
  clock: Clock;
  logger?: Logger;
  allowInsecure?: boolean;
}

export interface RestoreFromHeadOfficeResult {
  file: string;
  tillId: string;
  shop: string;
  /** The restored journal's head: equal to what the head office acknowledged. */
  head: ChainHead;
  sessions: number;
  zReports: number;
  /** Events the till reported holding that never reached the head office (lost with the machine). */
  unacknowledged: number;
}

const PAGE = 5000;

interface ServerEvent {
  event_id: string;
  session_id: string;
  seq: number;
  type: string;
  at: string;
  payload: string;
  prev_hash: Buffer;
  hash: Buffer;
}

export async function restoreFromHeadOffice(options: RestoreFromHeadOfficeOptions): Promise<RestoreFromHeadOfficeResult> {
  const connection = typeof options.url === 'string' ? parseHeadOfficeUrl(options.url, { allowInsecure: options.allowInsecure ?? false }) : options.url;
  const { dataDir, environment, tillId, clock } = options;
  const logger = options.logger ?? nullLogger;
  const target = journalFile(dataDir, environment);
  refuseLocalJournal(dataDir, environment, target);
  mkdirSync(dataDir, { recursive: true });
  const staging = join(dataDir, `.restore-headoffice-${randomUUID()}`);
  const pool = poolFor(connection, { max: 1 });
  try {
    await checkServerSchema(pool, connection);
    const tills = await pool.query<{ install_id: string; shop: string; environment: string; acked_events: string; acked_hash: string; reported_head_events: string }>(
      `SELECT install_id, shop, environment, acked_events, acked_hash, reported_head_events FROM ${HEADOFFICE_SCHEMA}.tills WHERE till_id = $1`,
      [tillId],
    );
    const till = tills.rows[0];
    if (!till) throw new HeadOfficeError('unknown-till', { id: 'headoffice.no-such-till', params: { server: connection.shown, till: JSON.stringify(tillId) } });
    if (till.environment !== environment) {
      throw new HeadOfficeError('unknown-till', { id: 'headoffice.till-in-other-environment', params: { held: till.environment, till: JSON.stringify(tillId), environment } });
    }
    const acked: ChainHead = { events: Number(till.acked_events), head: till.acked_hash };

    mkdirSync(staging);
    const staged = journalFile(staging, environment);
    // The schema and the environment claim, exactly as the app makes them.
    openJournal({ dataDir: staging, environment, integrityCheck: 'skip', logger }).close();
    const db = new Database(staged);
    let sessions = 0;
    let zReports = 0;
    try {
      db.pragma('journal_mode = WAL');
      // A staging file: verified as a whole before it counts, so per-commit durability buys nothing here.
      db.pragma('synchronous = OFF');
      await copyEvents(pool, db, tillId, acked);
      sessions = projectSessions(db, staged);
      zReports = await copyZReports(pool, db, tillId, acked);
    } finally {
      db.close();
    }

    const restored = openJournal({ dataDir: staging, environment, integrityCheck: 'open', logger });
    try {
      const verified = restored.verify();
      if (!verified.ok) throw new HeadOfficeError('restore-failed', { id: 'headoffice.rebuilt-not-verified', detail: verified.firstBroken.detail });
      if (verified.events !== acked.events || verified.head !== acked.head) {
        throw new HeadOfficeError('restore-failed', { id: 'headoffice.rebuilt-ends-elsewhere', params: { events: verified.events, acked: acked.events } });
      }
    } finally {
      restored.close();
    }
    if (existsSync(target)) moveWithSideFiles(target, `${target}.replaced-${new Date(clock.now()).toISOString().replace(/[:.]/g, '')}`);
    moveWithSideFiles(staged, target);
    writeFileSync(installIdFile(dataDir, environment), `${till.install_id}\n`);

    const result: RestoreFromHeadOfficeResult = {
      file: target,
      tillId,
      shop: till.shop,
      head: acked,
      sessions,
      zReports,
      unacknowledged: Math.max(0, Number(till.reported_head_events) - acked.events),
    };
    appendFileSync(join(dataDir, RESTORE_LOG), `${JSON.stringify({ at: new Date(clock.now()).toISOString(), environment, from: connection.shown, ...result })}\n`, { flush: true });
    logger.warn('journal restored from the head office', { environment, tillId, events: acked.events, unacknowledged: result.unacknowledged });
    return result;
  } catch (error) {
    throw describeServerError(error, connection, 'headoffice.op.restore');
  } finally {
    rmSync(staging, { recursive: true, force: true });
    await pool.end().catch(() => {});
  }
}

function refuseLocalJournal(dataDir: string, environment: JournalEnvironment, target: string): void {
  if (!existsSync(target)) return;
  const journal = openJournal({ dataDir, environment, readOnly: true });
  try {
    const head = journal.head();
    if (head.events > 0 || journal.zReports().length > 0) {
      throw new HeadOfficeError('journal-exists', { id: 'headoffice.journal-exists', params: { environment, events: head.events, file: target } });
    }
  } finally {
    journal.close();
  }
}

/** Events 1..acked, page by page, each checked against the chain before it is written. */
async function copyEvents(pool: ReturnType<typeof poolFor>, db: Database.Database, tillId: string, acked: ChainHead): Promise<void> {
  const insert = db.prepare('INSERT INTO events (id, session_id, seq, type, at, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const walker = new ChainWalker();
  let after = 0;
  while (after < acked.events) {
    const page = await pool.query<ServerEvent>(
      `SELECT event_id, session_id, seq, type, at, payload, prev_hash, hash FROM ${HEADOFFICE_SCHEMA}.events
        WHERE till_id = $1 AND event_id > $2 AND event_id <= $3 ORDER BY event_id LIMIT ${PAGE}`,
      [tillId, after, acked.events],
    );
    if (page.rows.length === 0) break;
    db.transaction(() => {
      for (const r of page.rows) {
        const row = { id: Number(r.event_id), sessionId: r.session_id, seq: r.seq, type: r.type, at: r.at, payload: r.payload, prevHash: r.prev_hash, hash: r.hash };
        const broken = walker.check(row);
        if (broken) throw new HeadOfficeError('restore-failed', { id: 'headoffice.copy-broken', params: { till: tillId }, detail: broken.detail });
        insert.run(row.id, row.sessionId, row.seq, row.type, row.at, row.payload, row.prevHash, row.hash);
        after = row.id;
      }
    })();
  }
  if (walker.events !== acked.events || walker.head !== acked.head) {
    throw new HeadOfficeError('restore-failed', {
      id: 'headoffice.holds-other-than-acked',
      params: { events: walker.events, till: tillId, head: walker.head.slice(0, 12), acked: acked.events, ackedHead: acked.head.slice(0, 12) },
    });
  }
}

/** The sessions table, folded from the events by the journal's own projection; read on a second connection while written on the first. */
function projectSessions(db: Database.Database, file: string): number {
  const insert = db.prepare(INSERT_SESSION_SQL);
  const reader = new Database(file, { readonly: true });
  let count = 0;
  try {
    const rows = reader.prepare('SELECT id, session_id, seq, type, at, payload FROM events ORDER BY session_id, seq').iterate() as IterableIterator<Parameters<typeof eventFromRow>[0]>;
    let current: SessionRecord | null = null;
    let pending: SessionRecord[] = [];
    const flush = () => {
      const batch = pending;
      pending = [];
      db.transaction(() => {
        for (const record of batch) insert.run(sessionValues(record));
      })();
    };
    for (const row of rows) {
      if (current && current.sessionId !== row.session_id) {
        pending.push(current);
        count += 1;
        current = null;
        if (pending.length >= PAGE) flush();
      }
      current = applyEvent(current, eventFromRow(row));
    }
    if (current) {
      pending.push(current);
      count += 1;
    }
    flush();
  } finally {
    reader.close();
  }
  return count;
}

/** The Z reports whose head is among the restored events (a Z report pushed ahead of its events waits for them). */
async function copyZReports(pool: ReturnType<typeof poolFor>, db: Database.Database, tillId: string, acked: ChainHead): Promise<number> {
  const reports = await pool.query<{
    number: number;
    business_day: string;
    closed_at: string;
    head_events: string;
    head_hash: string;
    totals: string;
    override_reason: string | null;
    override_operator: string | null;
  }>(
    `SELECT number, business_day, closed_at, head_events, head_hash, totals, override_reason, override_operator
       FROM ${HEADOFFICE_SCHEMA}.z_reports WHERE till_id = $1 AND head_events <= $2 ORDER BY number`,
    [tillId, acked.events],
  );
  const insert = db.prepare(
    'INSERT INTO z_reports (number, business_day, closed_at, head_events, head_hash, totals, override_reason, override_operator) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const z of reports.rows) {
      insert.run(z.number, z.business_day, z.closed_at, Number(z.head_events), z.head_hash, z.totals, z.override_reason, z.override_operator);
    }
  })();
  return reports.rows.length;
}
