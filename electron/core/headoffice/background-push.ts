import { renameSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Clock } from '../clock.ts';
import type { ChainHead, Journal } from '../journal/index.ts';
import { nullLogger, type Logger } from '../logger.ts';
import type { SecretValues } from '../secret-values.ts';
import { workerUrl } from '../worker-url.ts';
import { parseHeadOfficeUrl } from './connection-url.ts';
import { isHeadOfficeError, type HeadOfficeErrorCode } from './errors.ts';
import { pushJournal, type PushResult } from './push.ts';
import type { PushReply, PushRequest } from './push-worker.ts';
import type { HeadOfficeSettings } from './settings.ts';
import { loadOrCreateInstallId } from './till-identity.ts';

/**
 * The app's own push to the head office (issue 13 §2), in the background:
 *
 * - Batched: a journaled session change asks for a push `debounceMs` later, so a burst of
 *   payments is one push; a timer pushes every `intervalMs` anyway (catch-up, and whatever the
 *   CLI or another process wrote).
 * - Never on the payment path: the push runs on a worker thread with its own read-only journal
 *   connection and its own server connection (push-worker.ts); nothing here is awaited by a
 *   payment, and only one push runs at a time (a request during a push runs once after it).
 * - Offline it waits: a failed push is retried after `retryMs`, doubling up to `intervalMs`, and
 *   session changes meanwhile do not hammer an unreachable server; the next push resumes after
 *   the last acknowledged event (push.ts), so nothing is lost or sent twice.
 * - Its status (last acknowledged event, last push, lag, last error as a code) is kept for the
 *   app and written beside the journal (`headoffice-push-<env>.json`) for `ecr headoffice status`.
 *   A failure is a status, never an exception.
 */
export type PushErrorCode = HeadOfficeErrorCode | 'keychain-unavailable' | 'journal-missing' | 'internal';

export interface HeadOfficePushStatus {
  /** False while no head office is set in Settings: nothing is pushed. */
  configured: boolean;
  shop: string | null;
  tillId: string | null;
  pushing: boolean;
  /** The server's last acknowledged event after the last successful push. */
  acked: ChainHead | null;
  /** UTC ISO 8601 of the last successful push. */
  lastPushAt: string | null;
  lastAttemptAt: string | null;
  /** Events this till holds that the head office has not acknowledged; null before the first push. */
  lag: number | null;
  /** The last attempt's failure (cleared by a success): a code, and when. */
  lastError: { code: PushErrorCode; at: string } | null;
  nextAttemptAt: string | null;
}

export interface BackgroundPushOptions {
  journal: Journal;
  dataDir: string;
  cashRegisterId: string;
  clock: Clock;
  /** Read before every push, so a change in Settings applies without rebuilding the core; null: off. */
  settings: () => HeadOfficeSettings | null;
  /** The head office's password from the OS keychain (null: none, e.g. trust or PGPASSWORD). */
  password?: () => Promise<string | null>;
  secretValues?: SecretValues;
  logger?: Logger;
  debounceMs?: number;
  intervalMs?: number;
  retryMs?: number;
  batchSize?: number;
  /** 'worker' (default) or 'inline' (this thread; where no worker can start). */
  runOn?: 'worker' | 'inline';
}

export interface BackgroundPush {
  status(): HeadOfficePushStatus;
  /** Asks for a push soon (after a session change); batched, never awaited by a payment. */
  notify(): void;
  /** Pushes now (Settings' "push now", tests) and resolves to the status after it. */
  pushNow(): Promise<HeadOfficePushStatus>;
  onStatus(listener: (status: HeadOfficePushStatus) => void): () => void;
  /** Stops the timers and waits for a push under way. */
  stop(): Promise<void>;
}

export const PUSH_DEFAULTS = { debounceMs: 2000, intervalMs: 60_000, retryMs: 5000 } as const;

/** The file the app writes its push status to, read by `ecr headoffice status` on the same till. */
export function pushStatusFile(dataDir: string, environment: string): string {
  return join(dataDir, `headoffice-push-${environment}.json`);
}

export function readPushStatus(dataDir: string, environment: string): HeadOfficePushStatus | null {
  try {
    return JSON.parse(readFileSync(pushStatusFile(dataDir, environment), 'utf8')) as HeadOfficePushStatus;
  } catch {
    return null;
  }
}

export function createBackgroundPush(options: BackgroundPushOptions): BackgroundPush {
  const { journal, clock } = options;
  const logger = options.logger ?? nullLogger;
  const debounceMs = options.debounceMs ?? PUSH_DEFAULTS.debounceMs;
  const intervalMs = options.intervalMs ?? PUSH_DEFAULTS.intervalMs;
  const retryMs = options.retryMs ?? PUSH_DEFAULTS.retryMs;
  const listeners = new Set<(status: HeadOfficePushStatus) => void>();
  const runner = options.runOn === 'inline' ? inlineRunner(journal) : workerRunner();
  const iso = () => new Date(clock.now()).toISOString();

  let acked: ChainHead | null = null;
  let lastPushAt: string | null = null;
  let lastAttemptAt: string | null = null;
  let lastError: HeadOfficePushStatus['lastError'] = null;
  let failures = 0;
  let pushing: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let soon: NodeJS.Timeout | undefined;
  let soonAt = 0;

  const restored = readPushStatus(options.dataDir, journal.environment);
  const configuredAtStart = options.settings();
  if (restored && configuredAtStart && restored.tillId === configuredAtStart.tillId) {
    ({ acked, lastPushAt, lastAttemptAt, lastError } = restored);
  }

  const interval = setInterval(() => schedule(0), intervalMs);
  interval.unref();

  function status(): HeadOfficePushStatus {
    const settings = options.settings();
    let lag: number | null = null;
    if (acked && journal.isOpen) {
      try {
        lag = Math.max(0, journal.head().events - acked.events);
      } catch {
        lag = null;
      }
    }
    return {
      configured: settings !== null,
      shop: settings?.shop ?? null,
      tillId: settings?.tillId ?? null,
      pushing: pushing !== null,
      acked,
      lastPushAt,
      lastAttemptAt,
      lag,
      lastError,
      nextAttemptAt: soon ? new Date(soonAt).toISOString() : null,
    };
  }

  function publish(): void {
    const current = status();
    try {
      const file = pushStatusFile(options.dataDir, journal.environment);
      writeFileSync(`${file}.tmp`, `${JSON.stringify(current, null, 2)}\n`);
      renameSync(`${file}.tmp`, file);
    } catch (error) {
      logger.warn('the head-office push status could not be written', { error: String(error) });
    }
    for (const listener of listeners) {
      try {
        listener(current);
      } catch (error) {
        logger.error('a head-office status listener failed', { error: String(error) });
      }
    }
  }

  /** A push in `delayMs`, unless one is already due sooner; after failures, not before the backoff. */
  function schedule(delayMs: number): void {
    if (stopped || !options.settings()) return;
    const backoff = failures > 0 ? Math.min(intervalMs, retryMs * 2 ** (failures - 1)) : 0;
    const at = Date.now() + Math.max(delayMs, backoff);
    if (soon && soonAt <= at) return;
    if (soon) clearTimeout(soon);
    soonAt = at;
    soon = setTimeout(() => {
      soon = undefined;
      void run();
    }, at - Date.now());
    soon.unref();
  }

  function run(): Promise<void> {
    if (stopped || !options.settings()) return Promise.resolve();
    if (pushing) {
      again = true;
      return pushing;
    }
    pushing = once().finally(() => {
      pushing = null;
      publish();
      if (again && !stopped) {
        again = false;
        schedule(0);
      }
    });
    publish();
    return pushing;
  }

  async function once(): Promise<void> {
    const settings = options.settings();
    if (stopped || !settings) return;
    lastAttemptAt = iso();
    try {
      const password = await readPassword();
      const url = withPassword(settings.url, password);
      // Checked here too, so a bad URL in Settings is a status code, not a worker's stack trace.
      parseHeadOfficeUrl(url);
      const identity = {
        tillId: settings.tillId,
        shop: settings.shop,
        cashRegisterId: options.cashRegisterId,
        installId: loadOrCreateInstallId(options.dataDir, journal.environment),
      };
      const result = await runner.push({ dataDir: options.dataDir, environment: journal.environment, url, identity, ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
      acked = result.acked;
      lastPushAt = iso();
      lastError = null;
      failures = 0;
      if (result.stored > 0) logger.info('pushed to the head office', { till: settings.tillId, stored: result.stored, acked: result.acked.events });
    } catch (error) {
      const code = codeOf(error);
      failures += 1;
      lastError = { code, at: iso() };
      const message = error instanceof Error ? error.message : String(error);
      logger.warn('the head-office push failed; retrying later', { code, message: options.secretValues ? options.secretValues.redact(message) : message });
      schedule(0);
    }
  }

  async function readPassword(): Promise<string | null> {
    if (!options.password) return null;
    let password: string | null;
    try {
      password = await options.password();
    } catch {
      throw new PushFailure('keychain-unavailable');
    }
    if (password) options.secretValues?.add(password);
    return password;
  }

  return {
    status,
    notify: () => schedule(debounceMs),
    async pushNow() {
      if (soon) clearTimeout(soon);
      soon = undefined;
      // A push under way may have read the settings and the password before the caller changed them: a fresh one after it.
      while (pushing) await pushing;
      await run();
      return status();
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      stopped = true;
      clearInterval(interval);
      if (soon) clearTimeout(soon);
      soon = undefined;
      await pushing;
      await runner.close();
    },
  };
}

class PushFailure extends Error {
  readonly code: PushErrorCode;
  constructor(code: PushErrorCode) {
    super(code);
    this.code = code;
  }
}

function codeOf(error: unknown): PushErrorCode {
  if (error instanceof PushFailure || isHeadOfficeError(error)) return error.code;
  return 'internal';
}

/** The URL from Settings (never with a password) with the keychain's password in it. */
export function withPassword(url: string, password: string | null): string {
  if (!password) return url;
  const parsed = new URL(url);
  parsed.password = encodeURIComponent(password);
  return parsed.href;
}

interface PushRunner {
  push(request: Omit<PushRequest, 'id'>): Promise<PushResult>;
  close(): Promise<void>;
}

function inlineRunner(journal: Journal): PushRunner {
  return {
    push: (request) => pushJournal({ journal, url: request.url, identity: request.identity, ...(request.batchSize ? { batchSize: request.batchSize } : {}) }),
    close: async () => {},
  };
}

/** One long-lived worker; started at the first push, so a till without a head office starts none. */
function workerRunner(): PushRunner {
  let worker: Worker | undefined;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (r: PushResult) => void; reject: (e: Error) => void }>();

  function start(): Worker {
    if (worker) return worker;
    const started = new Worker(workerUrl(import.meta.url, './push-worker.ts', 'push-worker'));
    started.unref();
    started.on('message', (reply: PushReply) => {
      const wait = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (!wait) return;
      if ('result' in reply) wait.resolve(reply.result);
      else wait.reject(Object.assign(new PushFailure(reply.error.code as PushErrorCode), { message: reply.error.message }));
    });
    const fail = (error: Error) => {
      worker = undefined;
      for (const wait of waiting.values()) wait.reject(Object.assign(new PushFailure('internal'), { message: error.message }));
      waiting.clear();
    };
    started.on('error', fail);
    started.on('exit', () => fail(new Error('the push worker stopped')));
    worker = started;
    return started;
  }

  return {
    push(request) {
      const id = nextId++;
      return new Promise<PushResult>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        start().postMessage({ ...request, id } satisfies PushRequest);
      });
    },
    async close() {
      const running = worker;
      worker = undefined;
      if (!running) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.postMessage('close');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      await running.terminate();
    },
  };
}
