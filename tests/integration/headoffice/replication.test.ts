import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  headOfficeStatus,
  isHeadOfficeError,
  migrateHeadOffice,
  parseHeadOfficeUrl,
  pushJournal,
  verifyHeadOffice,
  type HeadOfficeError,
  type TillIdentity,
} from '../../../electron/core/headoffice/index.ts';
import { openJournal, type Journal } from '../../../electron/core/journal/index.ts';
import { toIpcError } from '../../../electron/main/ipc.ts';
import { errorSentence } from '../../../renderer/src/lib/errors.ts';
import { seedJournal, seededRandom } from '../../support/seed.ts';
import { startPostgres, type TestPostgres } from '../../support/postgres.ts';

let server: TestPostgres;
let admin: pg.Client;
let url: string;
let db: pg.Client;
let databaseNumber = 0;
const dirs: string[] = [];
const journals: Journal[] = [];

beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
}, 60_000);

afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

// A database of its own per test: tills, events and triggers never leak between tests.
beforeEach(async () => {
  databaseNumber += 1;
  const name = `ho_${process.pid}_${databaseNumber}`;
  await admin.query(`CREATE DATABASE ${name}`);
  url = server.url.replace(/\/postgres$/, `/${name}`);
  await migrateHeadOffice(parseHeadOfficeUrl(url));
  db = new pg.Client({ connectionString: url });
  await db.connect();
});

afterEach(async () => {
  await db?.end();
  for (const journal of journals.splice(0)) if (journal.isOpen) journal.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function seededTill(sessions: number, seed: number): Journal {
  const dir = mkdtempSync(join(tmpdir(), 'ecr-ho-'));
  dirs.push(dir);
  const journal = openJournal({ dataDir: dir, environment: 'simulator' });
  journals.push(journal);
  seedJournal(journal, { sessions, days: 2, terminals: 2, startMs: Date.UTC(2026, 10, 1), random: seededRandom(seed) });
  return journal;
}

function identity(tillId: string): TillIdentity {
  return { tillId, shop: 'athens-1', cashRegisterId: `ECR-${tillId}`, installId: randomUUID() };
}

async function serverCount(tillId: string): Promise<number> {
  const r = await db.query<{ n: string }>('SELECT count(*) AS n FROM ecr_headoffice.events WHERE till_id = $1', [tillId]);
  return Number(r.rows[0]!.n);
}

async function refusal(run: () => Promise<unknown>): Promise<HeadOfficeError> {
  try {
    await run();
  } catch (error) {
    if (isHeadOfficeError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the head-office push', () => {
  it('takes three tills pushing at once, each chain complete and verified', async () => {
    const tills = [seededTill(400, 1), seededTill(500, 2), seededTill(300, 3)].map((journal, i) => ({ journal, identity: identity(`till-${i + 1}`) }));
    const results = await Promise.all(tills.map((t) => pushJournal({ journal: t.journal, url, identity: t.identity, batchSize: 250 })));
    for (const [i, t] of tills.entries()) {
      const head = t.journal.head();
      expect(results[i]!.stored).toBe(head.events);
      expect(results[i]!.acked).toEqual(head);
      expect(await serverCount(t.identity.tillId)).toBe(head.events);
    }
    const verified = await verifyHeadOffice({ url });
    expect(verified.map((v) => [v.tillId, v.ok, v.events])).toEqual(tills.map((t) => [t.identity.tillId, true, t.journal.head().events]));
    const status = await headOfficeStatus({ url });
    expect(status.map((s) => s.lag)).toEqual([0, 0, 0]);
  });

  it('resumes after the connection is cut mid-batch: no gap, no duplicate', async () => {
    const journal = seededTill(800, 4);
    const till = identity('till-cut');
    const head = journal.head();
    expect(head.events).toBeGreaterThan(2500);
    // The server kills its own backend once (a sequence is not rolled back), at the worst moment:
    // the second batch's rows are inserted, its acknowledgement is being written.
    await db.query(`CREATE SEQUENCE cut_once;
      CREATE FUNCTION cut() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.acked_events = 2000 AND nextval('cut_once') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER cut BEFORE UPDATE ON ecr_headoffice.tills FOR EACH ROW EXECUTE FUNCTION cut();`);
    const cut = await refusal(() => pushJournal({ journal, url, identity: till, batchSize: 1000 }));
    expect(cut.code).toBe('unreachable');
    // The first batch committed, the second rolled back whole.
    expect(await serverCount(till.tillId)).toBe(1000);
    expect((await headOfficeStatus({ url, tillId: till.tillId, localHead: head }))[0]).toMatchObject({ acked: { events: 1000 }, lag: head.events - 1000 });

    const resumed = await pushJournal({ journal, url, identity: till, batchSize: 1000 });
    expect(resumed).toMatchObject({ stored: head.events - 1000, alreadyHeld: 0, acked: head });
    expect(await serverCount(till.tillId)).toBe(head.events);
    const ids = await db.query<{ gaps: string; dups: string }>(
      `SELECT count(*) FILTER (WHERE event_id <> rn) AS gaps, count(*) - count(DISTINCT event_id) AS dups
         FROM (SELECT event_id, row_number() OVER (ORDER BY event_id) AS rn FROM ecr_headoffice.events WHERE till_id = $1) t`,
      [till.tillId],
    );
    expect(ids.rows[0]).toEqual({ gaps: '0', dups: '0' });
    expect((await verifyHeadOffice({ url, tillId: till.tillId, localHead: head }))[0]).toMatchObject({ ok: true, events: head.events });
  });

  it('changes nothing when the same events are pushed twice, and reports an event that differs instead of overwriting it', async () => {
    const journal = seededTill(200, 5);
    const till = identity('till-twice');
    const head = journal.head();
    await pushJournal({ journal, url, identity: till, batchSize: 300 });
    const again = await pushJournal({ journal, url, identity: till, batchSize: 300 });
    expect(again).toMatchObject({ stored: 0, alreadyHeld: 0, acked: head });
    const resent = await pushJournal({ journal, url, identity: till, batchSize: 300, resendFrom: 1 });
    expect(resent).toMatchObject({ stored: 0, alreadyHeld: head.events, acked: head });
    expect(await serverCount(till.tillId)).toBe(head.events);

    // Someone with superuser rights (triggers off) edits event 42 on the server.
    await db.query(`SET session_replication_role = replica;
      UPDATE ecr_headoffice.events SET payload = '{"edited":true}' WHERE till_id = '${till.tillId}' AND event_id = 42;
      SET session_replication_role = DEFAULT;`);
    const conflict = await refusal(() => pushJournal({ journal, url, identity: till, resendFrom: 1 }));
    expect(conflict.code).toBe('conflict');
    expect(conflict.ids).toEqual([42]);
    // What a Greek screen shows (the background push's failure): the conflict in Greek, its values as they are.
    expect(errorSentence(toIpcError(conflict), 'el')).toBe(
      `1 συμβάν του ταμείου ${till.tillId} διαφέρει από αυτό που έχει το κεντρικό γραφείο (συμβάν 42)· κρατήθηκαν οι εγγραφές του διακομιστή και αυτή η δέσμη δεν αποθηκεύτηκε.`,
    );
    const kept = await db.query('SELECT payload FROM ecr_headoffice.events WHERE till_id = $1 AND event_id = 42', [till.tillId]);
    expect(kept.rows[0].payload).toBe('{"edited":true}');
  });

  it('refuses an UPDATE or DELETE of a stored event on the server', async () => {
    const journal = seededTill(20, 6);
    await pushJournal({ journal, url, identity: identity('till-ro') });
    await expect(db.query("UPDATE ecr_headoffice.events SET type = 'x' WHERE event_id = 1")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM ecr_headoffice.events')).rejects.toThrow(/append-only/);
  });

  it('refuses a second till claiming the same till id, and stores nothing of it', async () => {
    const first = seededTill(50, 7);
    const second = seededTill(60, 8);
    await pushJournal({ journal: first, url, identity: identity('till-x') });
    const refused = await refusal(() => pushJournal({ journal: second, url, identity: identity('till-x') }));
    expect(refused.code).toBe('till-claimed');
    expect(await serverCount('till-x')).toBe(first.head().events);
    expect((await verifyHeadOffice({ url, tillId: 'till-x', localHead: first.head() }))[0]!.ok).toBe(true);
  });
});

describe("the server's sessions (what the fleet report sums)", () => {
  async function serverSessions(tillId: string): Promise<Map<string, Record<string, unknown>>> {
    const r = await db.query(
      `SELECT session_id, kind, state, amount::int, tip_amount::int, currency_code, terminal_id, business_day, created_at, alert, resolution
         FROM ecr_headoffice.sessions WHERE till_id = $1`,
      [tillId],
    );
    return new Map(r.rows.map((row: Record<string, unknown>) => [row.session_id as string, row]));
  }

  function localSessions(journal: Journal): Map<string, Record<string, unknown>> {
    const all = [...journal.sessionsOfBusinessDays('2000-01-01', '2999-12-31')];
    return new Map(
      all.map((s) => [
        s.sessionId,
        {
          session_id: s.sessionId,
          kind: s.kind,
          state: s.state,
          amount: s.amount,
          tip_amount: s.tipAmount,
          currency_code: s.currencyCode,
          terminal_id: s.terminalId,
          business_day: s.businessDay,
          created_at: s.createdAt,
          alert: s.alert,
          resolution: s.resolution,
        },
      ]),
    );
  }

  it("equal the till's own projection, with sessions split across batches, and fill in for a till pushed before they existed", async () => {
    const journal = seededTill(300, 11);
    const till = identity('till-s');
    // 97 events per batch: many sessions have their first events in one batch and the rest in the next.
    await pushJournal({ journal, url, identity: till, batchSize: 97 });
    const local = localSessions(journal);
    expect(local.size).toBe(300);
    expect(await serverSessions(till.tillId)).toEqual(local);

    // As if pushed by a version without the sessions table: nothing projected yet.
    await db.query(`DELETE FROM ecr_headoffice.sessions; UPDATE ecr_headoffice.tills SET projected_events = 0`);
    const again = await pushJournal({ journal, url, identity: till });
    expect(again).toMatchObject({ stored: 0, alreadyHeld: journal.head().events });
    expect(await serverSessions(till.tillId)).toEqual(local);
  });
});

describe('headoffice verify', () => {
  it('finds an event edited on the server, and a till whose own head differs', async () => {
    const journal = seededTill(150, 9);
    const till = identity('till-v');
    await pushJournal({ journal, url, identity: till });
    expect((await verifyHeadOffice({ url }))[0]!.ok).toBe(true);
    await db.query(`SET session_replication_role = replica;
      UPDATE ecr_headoffice.events SET at = '2026-11-01T09:00:00.000Z' WHERE till_id = 'till-v' AND event_id = 77;
      SET session_replication_role = DEFAULT;`);
    const [edited] = await verifyHeadOffice({ url });
    expect(edited).toMatchObject({ tillId: 'till-v', ok: false, problem: { eventId: 77, reason: 'hash-mismatch' } });
  });

  it('finds rows cut off the end of a till on the server', async () => {
    const journal = seededTill(100, 10);
    await pushJournal({ journal, url, identity: identity('till-t') });
    const last = journal.head().events;
    await db.query(`SET session_replication_role = replica; DELETE FROM ecr_headoffice.events WHERE event_id > ${last - 3}; SET session_replication_role = DEFAULT;`);
    const [cut] = await verifyHeadOffice({ url });
    expect(cut).toMatchObject({ ok: false, events: last - 3 });
  });
});

describe('the head-office URL', () => {
  it('refuses a remote host without TLS unless allowed, and never shows the password', async () => {
    expect(() => parseHeadOfficeUrl('postgres://ecr:pw@db.example.com/ho')).toThrow(expect.objectContaining({ code: 'insecure-url' }));
    expect(parseHeadOfficeUrl('postgres://ecr@db.example.com/ho?sslmode=verify-full').loopback).toBe(false);
    expect(parseHeadOfficeUrl('postgres://ecr@db.example.com/ho', { allowInsecure: true }).shown).toBe('postgres://ecr@db.example.com/ho');
    const secret = 's3cr%2Ft-Xq9';
    const connection = parseHeadOfficeUrl(`postgres://ecr:${secret}@127.0.0.1:1/ho`);
    expect(connection.shown).not.toContain('s3cr');
    const failed = await refusal(() => migrateHeadOffice(connection));
    expect(failed.code).toBe('unreachable');
    expect(failed.message).not.toContain('s3cr');
    // What the till was doing is a phrase of the sentence, in the sentence's language; pg's own words stay English-only.
    expect(errorSentence(toIpcError(failed), 'el')).toBe('Το ταμείο δεν μπόρεσε να ενημερώσει το σχήμα της βάσης του κεντρικού γραφείου (postgres://ecr:***@127.0.0.1:1/ho).');
    expect(failed.message).toMatch(/^Could not migrate the head-office schema at postgres:\/\/ecr:\*\*\*@127\.0\.0\.1:1\/ho: \S/);
  });
});
