import type { Clock } from '../clock.ts';
import type { EngineLockHolder, EngineLockOwner, EngineLockResult, Journal } from '../journal/index.ts';
import type { Logger } from '../logger.ts';

export interface LockKeeperOptions {
  journal: Journal;
  owner: EngineLockOwner;
  clock: Clock;
  logger: Logger;
  /** Another machine's lock whose heartbeat stood still this long (on our monotonic clock) is taken over. */
  staleMs: number;
  isAlive: (pid: number) => boolean;
}

export type Renewal = 'held' | 'lost' | 'not-written';

/**
 * This engine's side of the journal's engine lock (journal/engine-lock.ts): takes it, renews
 * its heartbeat, releases it. Never throws: a heartbeat the journal could not write (a busy or
 * full disk) is simply tried again at the next beat; only a lock that names another owner is lost.
 */
export class LockKeeper {
  readonly #options: LockKeeperOptions;
  /** The other machine's heartbeat as last seen, and since when (monotonic) it has not moved. */
  #seen: { id: string; heartbeatAt: string; since: number } | undefined;

  constructor(options: LockKeeperOptions) {
    this.#options = options;
  }

  get owner(): EngineLockOwner {
    return this.#options.owner;
  }

  tryAcquire(): EngineLockResult {
    const { journal, owner, clock, isAlive } = this.#options;
    return journal.acquireEngineLock(owner, { nowMs: clock.now(), isAlive, isStale: (holder) => this.#stale(holder) });
  }

  renew(): Renewal {
    try {
      return this.#options.journal.renewEngineLock(this.#options.owner.id, this.#options.clock.now()) ? 'held' : 'lost';
    } catch (error) {
      this.#options.logger.warn('the engine lock heartbeat could not be written; trying again at the next beat', { error: String(error) });
      return 'not-written';
    }
  }

  release(): void {
    try {
      this.#options.journal.releaseEngineLock(this.#options.owner.id);
    } catch (error) {
      // Left behind, the lock names a dead process on this machine: the next engine takes it at once.
      this.#options.logger.warn('the engine lock could not be released', { error: String(error) });
    }
  }

  /** Whether a foreign holder looks gone by its wall clock (a hint that waiting out the stale period is worth it). */
  looksStale(holder: EngineLockHolder): boolean {
    return holder.host !== this.#options.owner.host && this.#options.clock.now() - Date.parse(holder.heartbeatAt) > this.#options.staleMs;
  }

  #stale(holder: EngineLockHolder): boolean {
    const now = this.#options.clock.monotonic();
    if (!this.#seen || this.#seen.id !== holder.id || this.#seen.heartbeatAt !== holder.heartbeatAt) {
      this.#seen = { id: holder.id, heartbeatAt: holder.heartbeatAt, since: now };
      return false;
    }
    return now - this.#seen.since >= this.#options.staleMs;
  }
}
