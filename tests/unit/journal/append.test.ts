import { describe, expect, it } from 'vitest';
import { JournalError } from '../../../electron/core/journal/errors.ts';
import type { EventInput, NewSessionRequest } from '../../../electron/core/journal/event-schemas.ts';
import type { Journal } from '../../../electron/core/journal/journal.ts';
import { GENESIS_HASH } from '../../../electron/core/journal/hash-chain.ts';
import { createSecretValues } from '../../../electron/core/secret-values.ts';
import { dispatched, rawConnection, saleRequest, START, testJournal, vivaBody } from './helpers.ts';

/** What a refused call must leave untouched: the chain and the sessions table. */
function snapshot(journal: Journal) {
  const db = rawConnection(journal.file);
  const state = {
    head: journal.head(),
    sessions: db.prepare('SELECT * FROM sessions ORDER BY session_id').all(),
  };
  db.close();
  return state;
}

function expectRefusal(journal: Journal, code: JournalError['code'], fn: () => unknown): JournalError {
  const before = snapshot(journal);
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a refusal').toBeInstanceOf(JournalError);
  expect((caught as JournalError).code).toBe(code);
  expect(snapshot(journal), 'a refused call must write nothing').toEqual(before);
  return caught as JournalError;
}

describe('createSession: write-ahead', () => {
  it('journals the request in state created, visible to another connection as soon as it returns', () => {
    const { journal } = testJournal();
    const request = saleRequest({ amount: 4200, tipAmount: 300, currency: 'EUR', customerTrns: 'Table 4' });
    const record = journal.createSession(request);
    expect(record).toMatchObject({
      sessionId: request.sessionId,
      kind: 'sale',
      state: 'created',
      amount: 4200,
      tipAmount: 300,
      currencyCode: '978',
      terminalId: '16000010',
      cashRegisterId: 'POS01',
      merchantReference: request.merchantReference,
      customerTrns: 'Table 4',
      parentSessionId: null,
      businessDay: '2026-03-10',
      createdAt: new Date(START).toISOString(),
      updatedAt: new Date(START).toISOString(),
      finishedAt: null,
      lastSeq: 1,
    });

    // Another connection (another process would be the same) sees the committed rows, without close().
    const other = rawConnection(journal.file);
    expect(other.prepare('SELECT state, amount FROM sessions WHERE session_id = ?').get(request.sessionId)).toEqual({
      state: 'created',
      amount: 4200,
    });
    const event = other.prepare('SELECT id, seq, type, at, payload FROM events WHERE session_id = ?').get(request.sessionId);
    expect(event).toEqual({
      id: 1,
      seq: 1,
      type: 'created',
      at: '2026-03-10T09:00:00.000Z',
      payload:
        '{"amount":4200,"businessDay":"2026-03-10","cashRegisterId":"POS01","currencyCode":"978","customerTrns":"Table 4",' +
        `"kind":"sale","merchantReference":"${request.merchantReference}","parentSessionId":null,"terminalId":"16000010","tipAmount":300}`,
    });
  });

  it('takes its business day from the configured zone and cut-off', () => {
    const { journal, clock } = testJournal({ businessDay: { timeZone: 'Europe/Athens', cutoffHour: 4 } });
    clock.set(Date.UTC(2026, 2, 10, 23, 30)); // 01:30 in Athens on the 11th: still the 10th's business day
    expect(journal.createSession(saleRequest()).businessDay).toBe('2026-03-10');
    clock.set(Date.UTC(2026, 2, 11, 2, 30)); // 04:30 in Athens
    expect(journal.createSession(saleRequest()).businessDay).toBe('2026-03-11');
  });

  it('refuses a sessionId that is already journaled, writing nothing', () => {
    const { journal } = testJournal();
    const request = saleRequest();
    journal.createSession(request);
    const error = expectRefusal(journal, 'duplicate-session', () => journal.createSession({ ...request, amount: 999 }));
    expect(error.message).toContain('new sessionId');
    expect(journal.getSession(request.sessionId)?.amount).toBe(1250);
  });

  const bad: [string, Partial<NewSessionRequest> | Record<string, unknown>][] = [
    ['a fractional amount', { amount: 12.5 }],
    ['a zero amount', { amount: 0 }],
    ['a negative amount', { amount: -100 }],
    ['an amount as text', { amount: '1250' }],
    ['an amount over the limit', { amount: 100_000_000 }],
    ['a fractional tip', { tipAmount: 0.5 }],
    ['a negative tip', { tipAmount: -1 }],
    ['an unknown currency', { currency: 'XYZ' }],
    ['a blank sessionId', { sessionId: '   ' }],
    ['an empty terminalId', { terminalId: '' }],
    ['a missing cashRegisterId', { cashRegisterId: undefined }],
    ['an unknown kind', { kind: 'gift-card' }],
    ['an unknown field', { surprise: true }],
    ['a refund without a parent', { kind: 'refund' }],
    ['a sale with a parent', { parentSessionId: 'some-sale' }],
  ];
  it.each(bad)('refuses %s with invalid-input, writing nothing', (_what, change) => {
    const { journal } = testJournal();
    journal.createSession(saleRequest());
    const request = { ...saleRequest(), ...change } as NewSessionRequest;
    expectRefusal(journal, 'invalid-input', () => journal.createSession(request));
  });

  it('refuses a session that is its own parent', () => {
    const { journal } = testJournal();
    const request = saleRequest({ kind: 'refund' });
    expectRefusal(journal, 'invalid-input', () => journal.createSession({ ...request, parentSessionId: request.sessionId }));
  });

  it('accepts a numeric currency code and stores ISO 4217 numeric', () => {
    const { journal } = testJournal();
    expect(journal.createSession(saleRequest({ currency: 826 })).currencyCode).toBe('826');
    expect(journal.createSession(saleRequest({ currency: 'jpy' })).currencyCode).toBe('392');
  });
});

describe('append', () => {
  it('writes one event per transition and returns the session as it now stands', () => {
    const { journal, clock } = testJournal();
    const request = saleRequest();
    journal.createSession(request);
    clock.advance(5);
    expect(journal.append(request.sessionId, { type: 'dispatching' }).state).toBe('dispatching');
    clock.advance(300);
    expect(journal.append(request.sessionId, { type: 'dispatched', correlationId: 'corr-1' }).state).toBe('pending');
    clock.advance(4000);
    const approved = journal.append(request.sessionId, { type: 'poll-result', outcome: 'approved', viva: vivaBody(request.sessionId, 'approved') });
    expect(approved).toMatchObject({
      state: 'approved',
      vivaEventId: 0,
      message: 'Transaction successful',
      transactionId: 'b1e0d1f4-3f1b-4a7e-9d0c-5b7a2c1e9f00',
      authorizationId: 'A1B2C3',
      cardBrand: 'VISA',
      maskedPan: '414746XXXXXX0133',
      panLast4: '0133',
      finishedAt: new Date(START + 4305).toISOString(),
      updatedAt: new Date(START + 4305).toISOString(),
      lastSeq: 4,
    });
    expect(journal.getSession(request.sessionId)).toEqual(approved);
    expect(journal.eventsOf(request.sessionId).map((e) => [e.seq, e.type])).toEqual([
      [1, 'created'],
      [2, 'dispatching'],
      [3, 'dispatched'],
      [4, 'poll-result'],
    ]);
    expect(journal.head().events).toBe(4);
  });

  it('refuses an event for a session it does not know', () => {
    const { journal } = testJournal();
    expectRefusal(journal, 'unknown-session', () => journal.append('no-such-session', { type: 'dispatching' }));
    expectRefusal(journal, 'invalid-input', () => journal.append('', { type: 'dispatching' }));
  });

  it('refuses an illegal transition, writing nothing', () => {
    const { journal } = testJournal();
    const request = saleRequest();
    dispatched(journal, request);
    journal.append(request.sessionId, { type: 'poll-result', outcome: 'approved', viva: vivaBody(request.sessionId, 'approved') });
    const error = expectRefusal(journal, 'illegal-transition', () =>
      journal.append(request.sessionId, { type: 'poll-result', outcome: 'declined', viva: vivaBody(request.sessionId, 'declined') }),
    );
    expect(error.message).toContain("'approved'");
    expect(journal.getSession(request.sessionId)?.state).toBe('approved');
  });

  const badEvents: [string, EventInput | Record<string, unknown>][] = [
    ['an unknown type', { type: 'teleported' }],
    ["a 'created' event", { type: 'created' }],
    ['a missing outcome', { type: 'poll-result', viva: {} }],
    ['a non-final outcome', { type: 'poll-result', outcome: 'pending', viva: {} }],
    ['a viva body that is not an object', { type: 'poll-result', outcome: 'declined', viva: 'declined' }],
    ['an unknown field', { type: 'dispatched', correlationId: 'x', extra: 1 }],
    ['a blank error class', { type: 'dispatch-uncertain', errorClass: ' ' }],
    ['a NaN inside the body', { type: 'poll-result', outcome: 'declined', viva: { eventId: Number.NaN } }],
    ['a Date inside the body', { type: 'poll-result', outcome: 'declined', viva: { transactionDateTime: new Date() } }],
  ];
  it.each(badEvents)('refuses %s with invalid-input, writing nothing', (_what, event) => {
    const { journal } = testJournal();
    const request = saleRequest();
    dispatched(journal, request);
    expectRefusal(journal, 'invalid-input', () => journal.append(request.sessionId, event as EventInput));
  });

  it("refuses a Viva body that belongs to another session (a mix-up would book someone else's payment)", () => {
    const { journal } = testJournal();
    const request = saleRequest();
    dispatched(journal, request);
    const error = expectRefusal(journal, 'invalid-input', () =>
      journal.append(request.sessionId, { type: 'poll-result', outcome: 'approved', viva: vivaBody('another-session', 'approved') }),
    );
    expect(error.message).toContain('another-session');
  });

  it("refuses an outcome that contradicts Viva's success flag", () => {
    const { journal } = testJournal();
    const request = saleRequest();
    dispatched(journal, request);
    expectRefusal(journal, 'invalid-input', () =>
      journal.append(request.sessionId, { type: 'poll-result', outcome: 'approved', viva: vivaBody(request.sessionId, 'declined') }),
    );
    expectRefusal(journal, 'invalid-input', () =>
      journal.append(request.sessionId, { type: 'poll-result', outcome: 'declined', viva: vivaBody(request.sessionId, 'approved') }),
    );
  });

  // Issue 9 item 1: a pattern filter refused these, leaving a paid session pending for ever.
  // Promise 8 is kept by value (secret-values.ts), so nothing is refused for how it looks.
  it('journals credential-looking text verbatim: a fiscal eyJ… token, "Basic membership", "Bearer bond coupon"', () => {
    const { journal } = testJournal();
    const fiscal = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZWNlaXB0LTQyIn0.c2lnbmF0dXJl';
    const request = saleRequest({ merchantReference: 'Basic membership', customerTrns: 'Bearer bond coupon' });
    expect(dispatched(journal, request)).toMatchObject({ merchantReference: 'Basic membership', customerTrns: 'Bearer bond coupon' });
    const viva = { ...vivaBody(request.sessionId, 'approved'), fiscalSignature: fiscal, loyalty: { token: fiscal } };
    const approved = journal.append(request.sessionId, { type: 'poll-result', outcome: 'approved', viva });
    expect(approved.state).toBe('approved');
    expect(approved.authorizationId).toBe('A1B2C3');
    const events = journal.eventsOf(request.sessionId);
    expect(events.at(-1)).toMatchObject({ type: 'poll-result', payload: { viva: { fiscalSignature: fiscal, loyalty: { token: fiscal } } } });
    expect(journal.getSession(request.sessionId)).toMatchObject({ merchantReference: 'Basic membership', customerTrns: 'Bearer bond coupon' });
    expect(journal.verify().ok).toBe(true);
  });

  it('cuts the till\'s own secret values out of the stored text before it is hashed, and nothing else', () => {
    const secrets = createSecretValues();
    const ours = 'eyJvdXIiOiJ0b2tlbiJ9.eyJzdWIiOiJ0aWxsIn0.b3Vycw';
    const theirs = 'eyJ0aGVpciI6MX0.eyJmaXNjYWwiOjF9.dGhlaXJz';
    secrets.add(ours, 'token');
    secrets.add('configured-client-secret');
    const { journal } = testJournal({ secretValues: secrets });
    const request = saleRequest({ customerTrns: 'note configured-client-secret end' });
    dispatched(journal, request);
    const viva = { ...vivaBody(request.sessionId, 'approved'), echoed: ours, fiscal: theirs };
    journal.append(request.sessionId, { type: 'poll-result', outcome: 'approved', viva });
    const last = (journal.eventsOf(request.sessionId).at(-1) as { payload: { viva: Record<string, unknown> } }).payload;
    expect(last.viva.echoed).toBe('[redacted]');
    expect(last.viva.fiscal).toBe(theirs);
    expect(journal.getSession(request.sessionId)?.customerTrns).toBe('note [redacted] end');
    expect(journal.verify().ok).toBe(true);
    const db = rawConnection(journal.file);
    const text = JSON.stringify(db.prepare('SELECT * FROM events').all()) + JSON.stringify(db.prepare('SELECT * FROM sessions').all());
    db.close();
    expect(text).not.toContain(ours);
    expect(text).not.toContain('configured-client-secret');
    expect(text).toContain(theirs);
  });

  it('chains every event to the one before it, across sessions', () => {
    const { journal } = testJournal();
    const first = saleRequest();
    const second = saleRequest({ terminalId: '16000011' });
    journal.createSession(first);
    journal.createSession(second);
    journal.append(first.sessionId, { type: 'dispatching' });
    const db = rawConnection(journal.file);
    const rows = db.prepare("SELECT id, hex(prev_hash) AS prev, hex(hash) AS hash FROM events ORDER BY id").all() as {
      id: number;
      prev: string;
      hash: string;
    }[];
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(rows[0]?.prev.toLowerCase()).toBe(GENESIS_HASH);
    expect(rows[1]?.prev).toBe(rows[0]?.hash);
    expect(rows[2]?.prev).toBe(rows[1]?.hash);
    expect(journal.head()).toEqual({ events: 3, head: rows[2]?.hash.toLowerCase() });
  });
});

describe('append-only by construction', () => {
  it('rejects UPDATE and DELETE on events, even from another connection', () => {
    const { journal } = testJournal();
    const request = saleRequest();
    journal.createSession(request);
    const db = rawConnection(journal.file);
    expect(() => db.prepare("UPDATE events SET payload = '{}' WHERE id = 1").run()).toThrow(/append-only: UPDATE refused/);
    expect(() => db.prepare('DELETE FROM events WHERE id = 1').run()).toThrow(/append-only: DELETE refused/);
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(1);
    expect(journal.verify()).toMatchObject({ ok: true, events: 1 });
  });
});
