import { backupSettingsOf } from '../core/backup/index.ts';
import { headOfficeSettingsOf } from '../core/headoffice/index.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { createCore, type Core } from '../core/app.ts';
import { openJournal, type Journal, type SessionRecord } from '../core/journal/index.ts';
import { isInFlightState } from '../domain/session-states.ts';
import { nullLogger, type Logger } from '../core/logger.ts';
import { createSecretValues, type SecretValues } from '../core/secret-values.ts';
import type { EngineConfigInput, EngineStatus } from '../core/payments/index.ts';
import { readCredentials, type SecretStore } from '../core/settings/secret-store.ts';
import type { CredentialEnvironment, Environment, Settings } from '../core/settings/schema.ts';
import { startSimulator, type RunningSimulator, type SimulatorControl, type SimulatorOptions } from '../core/simulator/index.ts';
import { customEndpoints, vivaEndpoints, type FetchFunction, type VivaEndpoints } from '../core/viva/index.ts';
import type { EventName, EventPayloads } from '../contract/events.ts';
import type { AppStatus } from '../contract/views.ts';
import { AttentionFeed, readAttention } from '../core/attention/index.ts';
import type { AttentionItem } from '../domain/attention.ts';
import { CodedError } from '../domain/coded-error.ts';
import { isMessageId, renderMessage } from '../domain/messages.ts';
import { ShellError } from './errors.ts';

/**
 * Holds the one core the app runs on and rebuilds it when the environment, the credentials or a
 * core setting change. The core itself is built by `createCore` like everywhere else; the host
 * adds what only a long-running app needs:
 * - the embedded simulator for the Simulator environment (a random loopback port, so a fresh
 *   install works with no account);
 * - demo / production without credentials: no Viva client, but the journal stays readable;
 * - recovery before payments: the core's `start()` (crash recovery) completes before the status
 *   turns `ready` and before `core()` hands the core to a payment;
 * - events from whichever core is current, re-emitted for main to forward to the window.
 */
export interface CoreHostOptions {
  dataDir: string;
  settings: { read(): Settings };
  secrets: SecretStore;
  version: string;
  logger?: Logger;
  clock?: Clock;
  fetch?: FetchFunction;
  /** Viva's hosts per environment (default: Viva's own); tests point them at a local simulator. */
  endpoints?: Partial<Record<CredentialEnvironment, VivaEndpoints>>;
  /** Options of the embedded simulator (tests shorten the customer's time). */
  simulator?: Partial<SimulatorOptions>;
  /** Engine timings on top of those in the settings (tests). */
  engine?: EngineConfigInput;
  timeoutMs?: number;
  /** The secret values the app's log sink also cuts out; one set for every core the host builds. */
  secretValues?: SecretValues;
}

export interface ConnectionDetails {
  endpoints: VivaEndpoints;
  credentials: { clientId: string; clientSecret: string } | null;
}

type HostEvents = Pick<EventPayloads, EventName>;
type Listener<E extends EventName> = (payload: HostEvents[E]) => void;

export type CoreHost = ReturnType<typeof createCoreHost>;

export function createCoreHost(options: CoreHostOptions) {
  const logger = options.logger ?? nullLogger;
  const clock = options.clock ?? systemClock;
  const secretValues = options.secretValues ?? createSecretValues();
  const listeners = new Map<EventName, Set<Listener<EventName>>>();
  let status: Omit<AppStatus, 'version' | 'training'> = { environment: options.settings.read().environment, state: 'starting', message: null, online: true, payments: null };
  let core: Core | undefined;
  let journalOnly: Journal | undefined;
  let unsubscribe: (() => void) | undefined;
  let simulator: RunningSimulator | undefined;
  let queue: Promise<void> = Promise.resolve();
  // The attention list of a journal with the running core's last backup failure: what the feed
  // pushes and what `attentionList` answers are the same list.
  const attentionOf = (journal: Journal): AttentionItem[] => readAttention(journal, () => core?.backups.failure() ?? null);
  // The attention list of whichever journal is current, pushed when it changes (core/attention/feed.ts).
  const attention = new AttentionFeed({
    read: () => {
      const journal = core?.journal ?? journalOnly;
      return journal ? attentionOf(journal) : [];
    },
    publish: (items) => emit('attention', items),
    onError: (error) => logger.warn('the attention list could not be read', { error: String(error) }),
  });

  function emit<E extends EventName>(name: E, payload: HostEvents[E]): void {
    for (const listener of listeners.get(name) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        logger.error('an event listener failed', { event: name, error: String(error) });
      }
    }
  }

  function appStatus(): AppStatus {
    return { ...status, training: status.environment === 'simulator', version: options.version };
  }

  function setStatus(next: Partial<typeof status>): void {
    status = { ...status, ...next };
    emit('status', appStatus());
  }

  async function embeddedSimulator(): Promise<RunningSimulator> {
    if (!simulator) {
      simulator = await startSimulator({ port: 0, host: '127.0.0.1', logger, ...options.simulator });
      logger.info('embedded simulator started', { url: simulator.url });
    }
    return simulator;
  }

  async function connectionFor(environment: Environment): Promise<ConnectionDetails> {
    if (environment === 'simulator') {
      const sim = await embeddedSimulator();
      return { endpoints: customEndpoints({ apiUrl: sim.url, accountsUrl: sim.url }), credentials: sim.credentials };
    }
    const endpoints = options.endpoints?.[environment] ?? vivaEndpoints(environment);
    return { endpoints, credentials: await readCredentials(options.secrets, environment) };
  }

  function subscribe(current: Core): () => void {
    const offs = [
      current.engine.on('session', (record: SessionRecord) => {
        emit('session', record);
        attention.changed();
      }),
      current.engine.on('alert', (alert) => emit('alert', alert)),
      current.engine.on('connectivity', (change) => {
        emit('connectivity', change);
        setStatus({ online: change.online });
      }),
      current.engine.on('status', (engine) => {
        const payments = paymentsBlocked(engine);
        // Only a change of what blocks payments is news: the engine's own start is reported by build().
        if (JSON.stringify(payments) !== JSON.stringify(status.payments)) setStatus({ payments });
      }),
      // A failed backup is an attention item until a backup succeeds.
      current.backups.onResult(() => attention.changed()),
    ];
    return () => offs.forEach((off) => off());
  }

  async function build(): Promise<void> {
    const settings = options.settings.read();
    const environment = settings.environment;
    const businessDay = { timeZone: settings.businessDayTimeZone, cutoffHour: settings.businessDayCutoffHour };
    setStatus({ environment, state: 'starting', message: null, messageId: undefined, online: true, payments: null });
    try {
      if (environment !== 'simulator' && simulator) await stopSimulator();
      const connection = await connectionFor(environment);
      if (!connection.credentials) {
        journalOnly = openJournal({ dataDir: options.dataDir, environment, businessDay, clock, logger });
        setStatus({
          state: 'needs-credentials',
          message: renderMessage('en', 'shell.needs-credentials', { environment }),
          messageId: 'shell.needs-credentials',
          params: { environment },
        });
        attention.reset();
        attention.changed();
        return;
      }
      const built = createCore({
        dataDir: options.dataDir,
        environment,
        connection: { endpoints: connection.endpoints, credentials: connection.credentials },
        cashRegisterId: settings.cashRegisterId,
        defaultCurrency: settings.currency,
        businessDay,
        engine: { pollIntervalMs: settings.pollIntervalMs, deadlineMs: settings.deadlineMs, ...options.engine },
        waitForLock: true,
        // Read at each backup: a new folder or hour applies without rebuilding the core.
        backups: () => backupSettingsOf(options.settings.read()),
        // Likewise the head office; its password is read from the keychain before each push, never kept in settings.
        headOffice: () => headOfficeSettingsOf(options.settings.read()),
        headOfficePassword: () => options.secrets.getHeadOfficePassword(),
        clock,
        logger,
        secretValues,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      });
      core = built;
      unsubscribe = subscribe(built);
      // Crash recovery (promise 6) before the first payment: core() refuses until this is done.
      const { resumed } = await built.start();
      logger.info('core ready', { environment, resumed });
      setStatus({ state: 'ready', message: null, messageId: undefined, online: built.engine.online, payments: paymentsBlocked(built.engine.status()) });
      attention.reset();
      attention.changed();
    } catch (error) {
      logger.error('the core could not be started', { environment, error: error instanceof Error ? error.message : String(error) });
      await teardown();
      // The reason in the catalogue's words when the core named one (a damaged journal...), else the general sentence.
      const named = error instanceof CodedError && error.messageId ? { messageId: error.messageId, params: { ...error.params } } : null;
      const general = error instanceof CodedError ? `code.${error.code}` : '';
      setStatus({
        state: 'failed',
        message: `The till could not start: ${error instanceof Error ? error.message : String(error)}`,
        messageId: named?.messageId ?? (isMessageId(general) ? general : 'code.core-failed'),
        params: named?.params ?? {},
      });
    }
  }

  async function teardown(): Promise<void> {
    unsubscribe?.();
    unsubscribe = undefined;
    const closing = core;
    core = undefined;
    // Lets the engine finish every write under way, then closes the journal.
    if (closing) await closing.close();
    journalOnly?.close();
    journalOnly = undefined;
  }

  async function stopSimulator(): Promise<void> {
    const running = simulator;
    simulator = undefined;
    await running?.close();
  }

  function currentJournal(): Journal {
    return core?.journal ?? journalOnly ?? readyCore().journal;
  }

  function readyCore(): Core {
    if (status.state === 'ready' && core) return core;
    if (status.state === 'needs-credentials') throw new ShellError('needs-credentials', { id: 'code.needs-credentials', ...(status.message ? { detail: status.message } : {}) });
    if (status.state === 'failed') throw new ShellError('core-failed', { id: 'code.core-failed', ...(status.message ? { detail: status.message } : {}) });
    if (status.state === 'closed') throw new ShellError('starting', { id: 'shell.closing' });
    throw new ShellError('starting', { id: 'shell.starting' });
  }

  /** Runs one lifecycle step after the previous one: two reloads never interleave. */
  function serially(step: () => Promise<void>): Promise<void> {
    const next = queue.then(step);
    queue = next.catch(() => {});
    return next;
  }

  return {
    status: appStatus,

    /** Every secret value the till knows (client secrets, tokens): the log sink and exports cut them out. */
    secretValues,

    /** Builds the core of the configured environment and runs its recovery. */
    start: () => serially(build),

    /** Closes the current core (letting it finish writing) and builds it again from the settings. */
    reload: () =>
      serially(async () => {
        if (status.state === 'closed') return;
        await teardown();
        await build();
      }),

    /** The running core, for payments and Viva calls. */
    core: readyCore,

    /** Tells the page something the handlers know (a long export's progress). */
    emit,

    /** Something outside the engine may have changed the attention list (a decision, a reconciliation). */
    attentionChanged: () => attention.changed(),

    /** The current journal's attention list, as the feed pushes it (the backup failure included). */
    attentionList(): AttentionItem[] {
      return attentionOf(currentJournal());
    },

    /** The current environment's journal: readable even without credentials. */
    journal: currentJournal,

    connectionFor,

    /** Refuses (changing nothing) while a payment is on a terminal: switching now would orphan it. */
    assertIdle(): void {
      const inFlight = core?.journal.openSessions().filter((s) => isInFlightState(s.state)) ?? [];
      if (inFlight.length > 0) {
        throw new ShellError('payment-in-progress', { id: 'shell.payment-in-progress', params: { terminal: inFlight[0]!.terminalId } });
      }
    },

    on<E extends EventName>(name: E, listener: Listener<E>): () => void {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as Listener<EventName>);
      listeners.set(name, set);
      return () => set.delete(listener as Listener<EventName>);
    },

    /** Graceful shutdown: the engine finishes writing, the journal closes, the simulator stops. */
    close: () =>
      serially(async () => {
        if (status.state === 'closed') return;
        attention.stop();
        await teardown();
        await stopSimulator();
        setStatus({ state: 'closed', message: null, messageId: undefined });
      }),

    /** The embedded simulator's URL while it runs (diagnostics, tests). */
    simulatorUrl: (): string | null => simulator?.url ?? null,

    /** The embedded simulator's in-process control (the virtual terminal); null outside the Simulator environment. */
    simulatorControl: (): SimulatorControl | null => (status.environment === 'simulator' && simulator ? simulator.control : null),
  };
}

/** The engine's own status as the banner's reason (null: payments are taken). */
export function paymentsBlocked(engine: EngineStatus): AppStatus['payments'] {
  if (engine.state === 'locked-out') {
    const params = { pid: engine.holder.pid, host: engine.holder.host };
    return { code: 'locked-out', message: renderMessage('en', 'payment.locked-out', params), messageId: 'payment.locked-out', params };
  }
  if (engine.state === 'journal-unwritable') {
    // The journal fault's own sentence (what it could not do, and why), else its code's general one.
    if (engine.messageId) return { code: 'journal-unwritable', message: engine.message, messageId: engine.messageId, ...(engine.params ? { params: { ...engine.params } } : {}) };
    const id = `code.${engine.code}`;
    return { code: 'journal-unwritable', message: engine.message, ...(isMessageId(id) ? { messageId: id } : {}) };
  }
  return null;
}
