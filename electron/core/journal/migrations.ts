import type Database from 'better-sqlite3';
import { JournalError } from './errors.ts';

/**
 * The journal's schema, as a numbered, append-only list of steps. Never edit a step that has
 * shipped: add the next one. The version a file is at lives in `PRAGMA user_version` (in the
 * file header, so it commits atomically with the step that sets it).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, sessions projection, meta',
    sql: `
      -- The source of truth: one row per session transition, hash-chained (hash-chain.ts).
      -- Hashes are 32-byte BLOBs: half the size of hex, and there are two per row.
      CREATE TABLE events (
        id         INTEGER PRIMARY KEY,
        session_id TEXT    NOT NULL,
        seq        INTEGER NOT NULL CHECK (seq >= 1),
        type       TEXT    NOT NULL,
        at         TEXT    NOT NULL,
        payload    TEXT    NOT NULL,
        prev_hash  BLOB    NOT NULL CHECK (length(prev_hash) = 32),
        hash       BLOB    NOT NULL CHECK (length(hash) = 32),
        UNIQUE (session_id, seq)
      ) STRICT;

      -- Append-only by construction. Someone who drops these triggers can still edit the file,
      -- which is what the hash chain is for.
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'journal events are append-only: UPDATE refused'); END;
      CREATE TRIGGER events_no_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'journal events are append-only: DELETE refused'); END;

      -- The current state of every session: a fold of its events (projection.ts), kept so that
      -- screens and reports never replay. Written only in the same transaction as an event.
      CREATE TABLE sessions (
        session_id         TEXT    PRIMARY KEY,
        kind               TEXT    NOT NULL,
        state              TEXT    NOT NULL,
        amount             INTEGER NOT NULL CHECK (amount > 0),
        tip_amount         INTEGER NOT NULL CHECK (tip_amount >= 0),
        currency_code      TEXT    NOT NULL,
        terminal_id        TEXT    NOT NULL,
        cash_register_id   TEXT    NOT NULL,
        merchant_reference TEXT,
        customer_trns      TEXT,
        parent_session_id  TEXT,
        business_day       TEXT    NOT NULL,
        created_at         TEXT    NOT NULL,
        updated_at         TEXT    NOT NULL,
        finished_at        TEXT,
        viva_event_id      INTEGER,
        message            TEXT,
        error              TEXT,
        transaction_id     TEXT,
        authorization_id   TEXT,
        card_brand         TEXT,
        masked_pan         TEXT,
        pan_last4          TEXT,
        abort_requested    INTEGER NOT NULL DEFAULT 0,
        alert              TEXT,
        resolution         TEXT,
        resolved_by        TEXT,
        resolution_reason  TEXT,
        rechecked_at       TEXT,
        last_seq           INTEGER NOT NULL
      ) STRICT;

      -- Lists are ordered newest first by (business_day, created_at, session_id): every list
      -- index ends with those columns so a filtered page is read in order, never sorted.
      CREATE INDEX sessions_by_day      ON sessions (business_day, created_at, session_id);
      -- Also "is this terminal busy?" and crash recovery: open states hold few rows, so
      -- state IN (open states) AND terminal_id = ? reads a handful of entries.
      CREATE INDEX sessions_by_state    ON sessions (state, business_day, created_at, session_id);
      CREATE INDEX sessions_by_terminal ON sessions (terminal_id, business_day, created_at, session_id);
      CREATE INDEX sessions_by_kind     ON sessions (kind, business_day, created_at, session_id);
      CREATE INDEX sessions_by_reference ON sessions (merchant_reference);
      CREATE INDEX sessions_by_pan_last4 ON sessions (pan_last4);
      -- Refundable amount of a sale; captured amount of a pre-auth. Partial: most sessions have
      -- no parent, and "parent_session_id = ?" implies NOT NULL, so the planner still uses it.
      CREATE INDEX sessions_by_parent    ON sessions (parent_session_id) WHERE parent_session_id IS NOT NULL;

      -- Facts about the file itself (its environment...); Z-report checkpoints can live here later.
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'sessions awaiting a late re-check',
    sql: `
      -- Promise 7: the engine asks every few seconds for unpaid sessions no re-check has seen.
      -- Partial, so it holds only those few rows even in a journal of millions.
      CREATE INDEX sessions_awaiting_recheck ON sessions (finished_at)
        WHERE rechecked_at IS NULL AND viva_event_id IS NOT NULL
          AND state IN ('declined', 'cancelled', 'failed', 'aborted');
    `,
  },
  {
    version: 3,
    name: 'Z reports and reconciliation runs',
    sql: `
      -- One row per closed business day (design.md §4), numbered without gaps from 1. The head
      -- of the chain at closing is the anchor verify() checks: a later rewrite of any event up
      -- to it, or rows cut off the end, is caught. Frozen: append-only like the events.
      CREATE TABLE z_reports (
        number            INTEGER PRIMARY KEY CHECK (number >= 1),
        business_day      TEXT    NOT NULL UNIQUE,
        closed_at         TEXT    NOT NULL,
        head_events       INTEGER NOT NULL CHECK (head_events >= 0),
        head_hash         TEXT    NOT NULL CHECK (length(head_hash) = 64),
        -- The report's totals at closing, canonical JSON (reports/z-report.ts).
        totals            TEXT    NOT NULL,
        override_reason   TEXT,
        override_operator TEXT,
        CHECK ((override_reason IS NULL) = (override_operator IS NULL))
      ) STRICT;
      CREATE TRIGGER z_reports_no_update BEFORE UPDATE ON z_reports
      BEGIN SELECT RAISE(ABORT, 'Z reports are frozen: UPDATE refused'); END;
      CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports
      BEGIN SELECT RAISE(ABORT, 'Z reports are frozen: DELETE refused'); END;

      -- The last reconciliation of each business day against Viva: what the report shows as the
      -- day's reconciliation status. Rewritten only when the result changes, so running the same
      -- reconciliation again writes nothing.
      CREATE TABLE reconciliations (
        business_day TEXT PRIMARY KEY,
        checked_at   TEXT NOT NULL,
        summary      TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'one payment engine per journal',
    sql: `
      -- The process whose payment engine owns this journal's open sessions (engine-lock.ts):
      -- a second till process on the same file (the CLI beside the app) must not take them for
      -- orphans of a crash. At most one row; a heartbeat shows the owner is alive.
      CREATE TABLE engine_lock (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        owner        TEXT    NOT NULL,
        pid          INTEGER NOT NULL,
        host         TEXT    NOT NULL,
        acquired_at  TEXT    NOT NULL,
        heartbeat_at TEXT    NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 5,
    name: 'sessions with an alert (the attention list)',
    sql: `
      -- The attention list (core/attention) reads every session an alert was raised on (paid
      -- after abort, late success) at each change: a handful of rows in a journal of millions.
      CREATE INDEX sessions_with_alert ON sessions (created_at) WHERE alert IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'journal search: substrings of references and session ids, totals',
    sql: `
      -- The journal's search (domain/session-search.ts): any 3 or more characters of a merchant
      -- reference or a session id, ignoring case. An FTS5 index of three-character pieces
      -- (trigrams) over the sessions table's own columns (external content: no second copy of
      -- the text); it lists each session by the sessions table's rowid, so the journal file is
      -- never VACUUMed (that may renumber them; 'rebuild' below would then have to run again).
      CREATE VIRTUAL TABLE session_search USING fts5(
        session_id, merchant_reference,
        content = 'sessions', content_rowid = 'rowid', tokenize = 'trigram'
      );
      INSERT INTO session_search (session_search) VALUES ('rebuild');
      -- Both columns are written when a session is journaled and never change; the second
      -- trigger keeps the index right should that ever not hold.
      CREATE TRIGGER sessions_search_insert AFTER INSERT ON sessions
      BEGIN
        INSERT INTO session_search (rowid, session_id, merchant_reference) VALUES (new.rowid, new.session_id, new.merchant_reference);
      END;
      CREATE TRIGGER sessions_search_update AFTER UPDATE OF session_id, merchant_reference ON sessions
        WHEN old.session_id IS NOT new.session_id OR old.merchant_reference IS NOT new.merchant_reference
      BEGIN
        INSERT INTO session_search (session_search, rowid, session_id, merchant_reference)
          VALUES ('delete', old.rowid, old.session_id, old.merchant_reference);
        INSERT INTO session_search (rowid, session_id, merchant_reference) VALUES (new.rowid, new.session_id, new.merchant_reference);
      END;
      -- "The customer says 44 euros": the total the list shows (amount + tip), in list order.
      CREATE INDEX sessions_by_total ON sessions (amount + tip_amount, business_day, created_at, session_id);
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((latest, migration) => Math.max(latest, migration.version), 0);

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The refusal for a file written by a newer Cloud ECR. */
export function newerSchemaError(fileVersion: number): JournalError {
  return new JournalError('newer-schema', { id: 'journal.newer-schema', params: { version: fileVersion, latest: LATEST_SCHEMA_VERSION } });
}

/**
 * Brings the file up to LATEST_SCHEMA_VERSION, one transaction per step. Each step re-reads the
 * version under the write lock, so two processes opening the same new file cannot both run it.
 * Returns the versions before and after.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  const from = schemaVersion(db);
  if (from > LATEST_SCHEMA_VERSION) throw newerSchemaError(from);
  for (const migration of migrations) {
    if (schemaVersion(db) >= migration.version) continue;
    const step = db.transaction(() => {
      const current = schemaVersion(db);
      if (current >= migration.version) return;
      if (current !== migration.version - 1) {
        throw new Error(`migrations: step ${migration.version} needs schema ${migration.version - 1}, the file is at ${current}`);
      }
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    });
    step.immediate();
  }
  return { from, to: schemaVersion(db) };
}
