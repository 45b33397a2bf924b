import type { EcrApi } from '../../../electron/contract/api.ts';
import type { ChannelName, InputOf, OutputOf } from '../../../electron/contract/channels.ts';
import type { ErrorCode, IpcError } from '../../../electron/contract/envelope.ts';
import type { EventName, EventPayloads } from '../../../electron/contract/events.ts';
import type { AppStatus, DeviceView, SettingsView } from '../../../electron/contract/views.ts';
import type { SessionRecord } from '../../../electron/core/journal/index.ts';
import type { TerminalView } from '../../../electron/core/simulator/index.ts';
import { app } from '../../../renderer/src/lib/app-state.svelte.ts';
import { approvedSession, openSession } from '../../support/session-record.ts';

/**
 * `window.ecr` for the checkout / settings / frame component tests: a ready till in the
 * Simulator environment with two live terminals. A test replaces any channel's answer
 * (`till.answer('startSale', ...)`); a channel without an answer fails with 'internal', so an
 * unexpected call shows up in the screen rather than hanging. Every call is recorded; `emit`
 * pushes an event as main would.
 */
export class Refusal {
  readonly error: IpcError;
  constructor(code: ErrorCode, message: string) {
    this.error = { code, message };
  }
}
type Answer<K extends ChannelName> = (input: InputOf<K>) => OutputOf<K> | Refusal | Promise<OutputOf<K> | Refusal>;

/** An error envelope as the till would answer it. */
export const refused = (code: ErrorCode, message: string): Refusal => new Refusal(code, message);

export interface FakeTill {
  api: EcrApi;
  calls: { name: ChannelName; input: unknown }[];
  callsOf<K extends ChannelName>(name: K): InputOf<K>[];
  answer<K extends ChannelName>(name: K, answer: Answer<K>): void;
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  settings: SettingsView;
}

export const READY: AppStatus = { environment: 'simulator', training: true, state: 'ready', message: null, online: true, payments: null, version: '0.1.0-test' };

export function settingsView(overrides: Partial<SettingsView['settings']> = {}): SettingsView {
  return {
    settings: {
      environment: 'simulator',
      cashRegisterId: 'till-1',
      defaultTerminalId: '16000001',
      currency: 'EUR',
      businessDayTimeZone: 'UTC',
      businessDayCutoffHour: 0,
      pollIntervalMs: 1000,
      deadlineMs: 90_000,
      language: 'en',
      ...overrides,
    },
    credentials: { demo: { clientId: null, hasClientSecret: false }, production: { clientId: null, hasClientSecret: false } },
    keychainAvailable: true,
  };
}

const DEVICES: DeviceView[] = [
  { terminalId: '16000001', statusId: 1, live: true, sourceCode: 'Default', virtualTerminalId: null },
  { terminalId: '16000002', statusId: 1, live: true, sourceCode: 'Default', virtualTerminalId: null },
];

export function idleTerminal(terminalId = '16000001'): TerminalView {
  return { terminalId, statusId: 1, sourceCode: 'Default', screen: 'idle', lines: ['Ready'], session: null, result: null, customerTimeMs: 3000, defaultScenario: 'approve', queuedScenarios: [] };
}

export function fakeTill(options: { status?: AppStatus; settings?: SettingsView } = {}): FakeTill {
  const calls: FakeTill['calls'] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const answers = new Map<string, (input: unknown) => unknown>();
  const till: FakeTill = {
    api: undefined as unknown as EcrApi,
    calls,
    settings: options.settings ?? settingsView(),
    callsOf: (name) => calls.filter((call) => call.name === name).map((call) => call.input as never),
    answer(name, answer) {
      answers.set(name, answer as (input: unknown) => unknown);
    },
    emit(event, payload) {
      for (const callback of listeners.get(event) ?? []) callback(payload);
    },
  };
  till.answer('getStatus', () => options.status ?? READY);
  till.answer('getSettings', () => till.settings);
  till.answer('updateSettings', (patch) => {
    till.settings = { ...till.settings, settings: { ...till.settings.settings, ...(patch as object) } };
    return till.settings;
  });
  till.answer('searchDevices', () => DEVICES);
  till.answer('openSessions', () => []);
  till.answer('attentionList', () => []);
  till.answer('saleRefunds', () => []);
  till.answer('sessionStatus', () => null);
  till.answer('simulatorTerminal', ({ terminalId }) => idleTerminal(terminalId));
  till.api = new Proxy({} as Record<string, unknown>, {
    get(_target, property) {
      if (property === 'on') {
        return (event: string, callback: (payload: unknown) => void) => {
          const set = listeners.get(event) ?? new Set();
          set.add(callback);
          listeners.set(event, set);
          return () => set.delete(callback);
        };
      }
      const name = String(property) as ChannelName;
      return async (input: unknown) => {
        calls.push({ name, input });
        const answer = answers.get(name);
        if (!answer) return { ok: false, error: { code: 'internal', message: `The fake till has no ${name}.` } };
        const value = await answer(input);
        return value instanceof Refusal ? { ok: false, error: value.error } : { ok: true, value };
      };
    },
  }) as unknown as EcrApi;
  Object.defineProperty(window, 'ecr', { value: till.api, configurable: true, writable: true });
  return till;
}

/** The frame's shared state as App.svelte leaves it once loaded (for screens rendered alone). */
export function primeApp(till: FakeTill, status: AppStatus = READY): void {
  app.status = status;
  app.online = status.online;
  app.applySettings(till.settings);
  app.loaded = true;
  app.error = null;
  app.screen = 'checkout';
}

let counter = 0;

/** A session record; default: a pending 12.50 EUR sale on 16000001 created now. */
export function session(overrides: Partial<SessionRecord> = {}): SessionRecord {
  counter += 1;
  return openSession({ sessionId: `5e55i0n0-0000-4000-8000-${String(counter).padStart(12, '0')}`, state: 'pending', lastSeq: 3, ...overrides });
}

/** The same session later on: a final state with Viva's details. */
export function approved(record: SessionRecord, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return approvedSession(record, { transactionId: 'tx-1', authorizationId: '654321', ...overrides });
}
