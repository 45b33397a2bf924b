import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseSessionList } from '../../../electron/core/viva/session-list.ts';
import { clientFor, rejectionOf, startFakeViva, type FakeViva } from './fake-viva.ts';
import { FAILED_SESSION_2370, SUCCESS_SESSION } from './payloads.ts';

// Viva's day list read entry by entry (spec §11): one entry with nulls where the schema wants
// values must not make the whole list unreadable, and must not vanish either.

const failed = JSON.parse(FAILED_SESSION_2370) as Record<string, unknown>;
const success = JSON.parse(SUCCESS_SESSION) as Record<string, unknown>;
const broken = { ...failed, sessionId: 'broken-1', amount: null, currencyCode: null };

describe('parseSessionList', () => {
  it('keeps every readable entry and the unreadable one with its raw sessionId and problems', () => {
    const list = parseSessionList([failed, broken, success]);
    expect(list?.sessions.map((s) => s.sessionId)).toEqual(['PP3280784-31a023ea1a', '3f2c7a9e-8d41-4b7a-9c55-2f1e0b6d4a11']);
    expect(list?.unreadable).toHaveLength(1);
    const [entry] = list?.unreadable ?? [];
    expect(entry?.sessionId).toBe('broken-1');
    expect(entry?.raw).toEqual(broken);
    expect(entry?.problems.some((p) => p.startsWith('amount:'))).toBe(true);
    expect(entry?.problems.some((p) => p.startsWith('currencyCode:'))).toBe(true);
  });

  it('an entry without a usable sessionId is kept with sessionId null', () => {
    const list = parseSessionList([{ ...failed, sessionId: null }, { ...failed, sessionId: '' }, 42]);
    expect(list?.sessions).toEqual([]);
    expect(list?.unreadable.map((u) => u.sessionId)).toEqual([null, null, null]);
    expect(list?.unreadable[2]?.raw).toBe(42);
  });

  it('a single object is a list of one (one SDK types the answer Session | Session[])', () => {
    expect(parseSessionList(success)?.sessions.map((s) => s.sessionId)).toEqual(['3f2c7a9e-8d41-4b7a-9c55-2f1e0b6d4a11']);
    expect(parseSessionList(broken)?.unreadable.map((u) => u.sessionId)).toEqual(['broken-1']);
    expect(parseSessionList([])).toEqual({ sessions: [], unreadable: [] });
  });

  it('a body that is neither is no list at all', () => {
    for (const body of ['text', 12, null, true]) expect(parseSessionList(body)).toBeNull();
  });
});

describe('VivaClient.listSessions over HTTP', () => {
  let fake: FakeViva;
  beforeAll(async () => {
    fake = await startFakeViva();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('returns sessions and unreadable entries instead of failing the whole list', async () => {
    fake.onApi(() => ({ status: 200, text: `[${FAILED_SESSION_2370},${JSON.stringify(broken)},${SUCCESS_SESSION}]` }));
    const list = await clientFor(fake).listSessions('2026-01-15');
    expect(list.sessions).toHaveLength(2);
    expect(list.unreadable.map((u) => u.sessionId)).toEqual(['broken-1']);
  });

  it('still refuses a body that is not JSON', async () => {
    fake.onApi(() => ({ status: 200, text: '[{"sessionId":' }));
    expect(await rejectionOf(clientFor(fake).listSessions('2026-01-15'))).toMatchObject({ code: 'malformed-response' });
  });
});
