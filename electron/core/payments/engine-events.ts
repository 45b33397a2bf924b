import type { SessionRecord } from '../journal/index.ts';
import type { EngineStatus } from './engine.ts';

/** What the engine tells the UI (main forwards these over IPC; the CLI prints them). */
export interface EngineEvents {
  /** A session's journaled state changed (every transition, in order). */
  session: SessionRecord;
  /** Something a person must look at: 'paid-after-abort', 'late-success', 'amount-mismatch'. */
  alert: { sessionId: string; alert: string; message: string; session: SessionRecord };
  /** Whether Viva answered the last call; flips drive the offline banner and the unknown retry. */
  connectivity: { online: boolean; since: string };
  /** What the engine can do now: ready, waiting for the journal's lock, or for a journal that accepts writes. */
  status: EngineStatus;
}

export type EngineEventName = keyof EngineEvents;
type Listener<K extends EngineEventName> = (payload: EngineEvents[K]) => void;

/** A tiny typed emitter; a throwing listener is logged by the caller's wrapper, never breaks the engine. */
export class EngineEmitter {
  #listeners = new Map<EngineEventName, Set<Listener<EngineEventName>>>();
  #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void) {
    this.#onListenerError = onListenerError;
  }

  on<K extends EngineEventName>(name: K, listener: Listener<K>): () => void {
    const set = this.#listeners.get(name) ?? new Set();
    set.add(listener as Listener<EngineEventName>);
    this.#listeners.set(name, set);
    return () => set.delete(listener as Listener<EngineEventName>);
  }

  emit<K extends EngineEventName>(name: K, payload: EngineEvents[K]): void {
    for (const listener of this.#listeners.get(name) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
