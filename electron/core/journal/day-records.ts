import type Database from 'better-sqlite3';
import { parseDay } from './business-day.ts';
import { JournalError } from './errors.ts';
import type { ChainHead } from './event-store.ts';

/**
 * What the journal keeps about whole business days rather than sessions: the Z reports that
 * closed them (numbered, frozen, each with the chain's head at closing) and the last
 * reconciliation of each day against Viva. Both are read by the end-of-day report, which is why
 * they live in the journal file: the report is a function of this file alone.
 */
export interface ZReportRow {
  /** 1, 2, 3... without gaps, in the order days were closed. */
  number: number;
  businessDay: string;
  /** UTC ISO 8601. */
  closedAt: string;
  /** The chain's head when the day was closed: the anchor verify() checks. */
  anchor: ChainHead;
  /** The report's totals at closing, canonical JSON. */
  totals: string;
  /** Set when the day was closed although sessions were still unknown. */
  override: { reason: string; operator: string } | null;
}

export interface NewZReport {
  businessDay: string;
  closedAt: string;
  anchor: ChainHead;
  totals: string;
  override: { reason: string; operator: string } | null;
}

export interface ReconciliationRow {
  businessDay: string;
  /** UTC ISO 8601 of the run that first saw this result. */
  checkedAt: string;
  /** Canonical JSON of the result's summary (reports/reconciliation/run.ts). */
  summary: string;
}

interface ZRow {
  number: number;
  business_day: string;
  closed_at: string;
  head_events: number;
  head_hash: string;
  totals: string;
  override_reason: string | null;
  override_operator: string | null;
}

export class DayRecords {
  private readonly db: Database.Database;
  private readonly zByDayStmt: Database.Statement<[string], ZRow>;
  private readonly zAllStmt: Database.Statement<[], ZRow>;
  private readonly zNextStmt: Database.Statement<[], { next: number }>;
  private readonly zInsertStmt: Database.Statement;
  private readonly reconciliationStmt: Database.Statement<[string], { business_day: string; checked_at: string; summary: string }>;
  private readonly reconciliationUpsertStmt: Database.Statement;
  private openDifferencesStmt: Database.Statement | undefined;

  constructor(db: Database.Database) {
    this.db = db;
    this.zByDayStmt = db.prepare('SELECT * FROM z_reports WHERE business_day = ?');
    this.zAllStmt = db.prepare('SELECT * FROM z_reports ORDER BY number');
    this.zNextStmt = db.prepare('SELECT coalesce(max(number), 0) + 1 AS next FROM z_reports');
    this.zInsertStmt = db.prepare(
      `INSERT INTO z_reports (number, business_day, closed_at, head_events, head_hash, totals, override_reason, override_operator)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.reconciliationStmt = db.prepare('SELECT business_day, checked_at, summary FROM reconciliations WHERE business_day = ?');
    this.reconciliationUpsertStmt = db.prepare(
      `INSERT INTO reconciliations (business_day, checked_at, summary) VALUES (?, ?, ?)
       ON CONFLICT (business_day) DO UPDATE SET checked_at = excluded.checked_at, summary = excluded.summary`,
    );
  }

  zReport(day: string): ZReportRow | undefined {
    parseDay(day);
    const row = this.zByDayStmt.get(day);
    return row ? fromZRow(row) : undefined;
  }

  zReports(): ZReportRow[] {
    return this.zAllStmt.all().map(fromZRow);
  }

  /**
   * Stores a Z report under the next number. Run it inside Journal.exclusive() together with
   * reading the head and the totals, so nothing is written between the two. Refuses a day that
   * is already closed (JournalError 'day-closed').
   */
  insertZReport(input: NewZReport): ZReportRow {
    parseDay(input.businessDay);
    if (!/^[0-9a-f]{64}$/.test(input.anchor.head) || !Number.isInteger(input.anchor.events) || input.anchor.events < 0) {
      throw new JournalError('invalid-input', { id: 'journal.z-needs-anchor' });
    }
    return this.db
      .transaction(() => {
        const existing = this.zByDayStmt.get(input.businessDay);
        if (existing) {
          throw new JournalError('day-closed', {
            id: 'journal.day-closed',
            params: { day: input.businessDay, number: existing.number, closedAt: existing.closed_at },
          });
        }
        const number = (this.zNextStmt.get() as { next: number }).next;
        this.zInsertStmt.run(
          number,
          input.businessDay,
          input.closedAt,
          input.anchor.events,
          input.anchor.head,
          input.totals,
          input.override?.reason ?? null,
          input.override?.operator ?? null,
        );
        return { number, ...input };
      })
      .immediate();
  }

  reconciliation(day: string): ReconciliationRow | undefined {
    parseDay(day);
    const row = this.reconciliationStmt.get(day);
    return row ? { businessDay: row.business_day, checkedAt: row.checked_at, summary: row.summary } : undefined;
  }

  /**
   * The differences of one kind that the stored reconciliations left open, across every day: the
   * attention list's local-only payments. Reads the stored summaries (reports/reconciliation/run.ts
   * writes `{ differences: [{ id: 'kind:sessionId', status }] }`); a few rows, one per day reconciled.
   */
  openDifferences(kind: string): { businessDay: string; checkedAt: string; sessionId: string }[] {
    this.openDifferencesStmt ??= this.db.prepare(
      `SELECT r.business_day, r.checked_at, substr(json_extract(d.value, '$.id'), length(@kind) + 2) AS session_id
         FROM reconciliations r, json_each(r.summary, '$.differences') d
        WHERE json_extract(d.value, '$.status') = 'open' AND json_extract(d.value, '$.id') LIKE @kind || ':%'
        ORDER BY r.business_day, session_id`,
    );
    const rows = this.openDifferencesStmt.all({ kind }) as { business_day: string; checked_at: string; session_id: string }[];
    return rows.map((row) => ({ businessDay: row.business_day, checkedAt: row.checked_at, sessionId: row.session_id }));
  }

  /** Stores a day's reconciliation result unless it is the one already stored; says whether it wrote. */
  recordReconciliation(row: ReconciliationRow): boolean {
    parseDay(row.businessDay);
    return this.db
      .transaction(() => {
        const current = this.reconciliationStmt.get(row.businessDay);
        if (current?.summary === row.summary) return false;
        this.reconciliationUpsertStmt.run(row.businessDay, row.checkedAt, row.summary);
        return true;
      })
      .immediate();
  }
}

function fromZRow(row: ZRow): ZReportRow {
  return {
    number: row.number,
    businessDay: row.business_day,
    closedAt: row.closed_at,
    anchor: { events: row.head_events, head: row.head_hash },
    totals: row.totals,
    override: row.override_reason !== null && row.override_operator !== null ? { reason: row.override_reason, operator: row.override_operator } : null,
  };
}
