import type { EcrApi } from '../../../electron/contract/api.ts';
import type { ChannelName, InputOf, OutputOf } from '../../../electron/contract/channels.ts';
import type { ErrorCode, Result } from '../../../electron/contract/envelope.ts';
import type { EventName, EventPayloads } from '../../../electron/contract/events.ts';
import type { SessionRecord } from '../../../electron/core/journal/index.ts';
import { approvedSession, openSession } from '../../support/session-record.ts';

/**
 * A stand-in for `window.ecr` in component tests: each channel answers from a handler the test
 * gives (a value, or `failure(...)` for an error envelope); channels without a handler answer
 * with an 'internal' error, so a screen calling something unexpected shows it rather than
 * hanging. Every call is recorded; `emit` pushes an event like main would.
 */
export class Failure {
  readonly code: ErrorCode;
  readonly message: string;
  constructor(code: ErrorCode, message: string) {
    this.code = code;
    this.message = message;
  }
}

export const failure = (code: ErrorCode, message: string) => new Failure(code, message);

type Handler<K extends ChannelName> = (input: InputOf<K>) => OutputOf<K> | Failure | Promise<OutputOf<K> | Failure>;
/**
 * Handlers by channel; channels the contract does not have yet (the report channels, until the
 * lead adds them) are accepted by name too.
 */
export type Handlers = { [K in ChannelName]?: Handler<K> } & { [name: string]: ((input: never) => unknown) | undefined };

export interface FakeEcr {
  api: EcrApi;
  handlers: Handlers;
  calls: { name: string; input: unknown }[];
  callsOf<K extends ChannelName>(name: K): InputOf<K>[];
  callsOf(name: string): unknown[];
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  listeners(event: EventName): number;
}

export function fakeEcr(handlers: Handlers = {}): FakeEcr {
  const calls: FakeEcr['calls'] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const api = new Proxy({} as Record<string, unknown>, {
    get(_target, property) {
      if (property === 'on') {
        return (event: string, callback: (payload: unknown) => void) => {
          const set = listeners.get(event) ?? new Set();
          set.add(callback);
          listeners.set(event, set);
          return () => set.delete(callback);
        };
      }
      const name = String(property);
      return async (input: unknown): Promise<Result<unknown>> => {
        calls.push({ name, input });
        const handler = fake.handlers[name] as ((input: unknown) => unknown) | undefined;
        if (!handler) return { ok: false, error: { code: 'internal', message: `The fake has no ${name}.` } };
        const value = await handler(input);
        if (value instanceof Failure) return { ok: false, error: { code: value.code, message: value.message } };
        return { ok: true, value };
      };
    },
  }) as unknown as EcrApi;
  const fake: FakeEcr = {
    api,
    handlers,
    calls,
    callsOf: (name: string) => calls.filter((call) => call.name === name).map((call) => call.input as never),
    emit(event, payload) {
      for (const callback of listeners.get(event) ?? []) callback(payload);
    },
    listeners: (event) => listeners.get(event)?.size ?? 0,
  };
  return fake;
}

/** Puts the fake where the screens look for it. */
export function installEcr(fake: FakeEcr): void {
  Object.defineProperty(window, 'ecr', { value: fake.api, configurable: true, writable: true });
}

let counter = 0;

/** A session record with sensible defaults (an approved 12.50 EUR sale). */
export function sessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  counter += 1;
  const opened = openSession({
    sessionId: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    merchantReference: `ref-${counter}`,
    businessDay: '2026-03-10',
    createdAt: '2026-03-10T10:00:00.000Z',
    updatedAt: '2026-03-10T10:00:05.000Z',
    lastSeq: 3,
  });
  return approvedSession(opened, { finishedAt: '2026-03-10T10:00:05.000Z', transactionId: `tx-${counter}`, ...overrides });
}

/**
 * A journal of `count` sessions, newest first, answering listSessions like the core does: a
 * page of `limit` and an opaque cursor for the next one (here: the offset as text).
 */
export function pagedJournal(sessions: readonly SessionRecord[]): Handler<'listSessions'> {
  return (input) => {
    const filter = input ?? {};
    const matching = sessions.filter(
      (s) =>
        (filter.states === undefined || filter.states.includes(s.state)) &&
        (filter.kind === undefined || s.kind === filter.kind) &&
        (filter.terminalId === undefined || s.terminalId === filter.terminalId) &&
        (filter.fromDay === undefined || s.businessDay >= filter.fromDay) &&
        (filter.toDay === undefined || s.businessDay <= filter.toDay) &&
        (filter.text === undefined ||
          s.sessionId.startsWith(filter.text) ||
          (s.merchantReference ?? '').startsWith(filter.text) ||
          s.panLast4 === filter.text),
    );
    const start = filter.cursor ? Number(filter.cursor) : 0;
    const limit = filter.limit ?? 50;
    const page = matching.slice(start, start + limit);
    const next = start + limit < matching.length ? String(start + limit) : null;
    return { sessions: page, nextCursor: next };
  };
}

/** `count` sessions, newest first, with distinct ids and times. */
export function manySessions(count: number): SessionRecord[] {
  const base = Date.parse('2026-03-10T20:00:00.000Z');
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(base - i * 60_000).toISOString();
    return sessionRecord({
      sessionId: `s-${String(i).padStart(7, '0')}`,
      merchantReference: `order-${i}`,
      createdAt: at,
      updatedAt: at,
      finishedAt: at,
      businessDay: at.slice(0, 10),
    });
  });
}
