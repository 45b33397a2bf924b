import type { AttentionItem } from '../../domain/attention.ts';

/**
 * Tells the screens when the attention list changed. Something that may change it (a session's
 * transition, a decision, a reconciliation) calls `changed()`; the list is read once the burst is
 * over (a sale writes several events within milliseconds) and handed on only when it differs
 * from the last one handed on, so a screen is never told twice about the same list.
 */
export class AttentionFeed {
  readonly #read: () => AttentionItem[];
  readonly #publish: (items: AttentionItem[]) => void;
  readonly #onError: (error: unknown) => void;
  readonly #delayMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #last: string | undefined;

  constructor(options: { read: () => AttentionItem[]; publish: (items: AttentionItem[]) => void; onError: (error: unknown) => void; delayMs?: number }) {
    this.#read = options.read;
    this.#publish = options.publish;
    this.#onError = options.onError;
    this.#delayMs = options.delayMs ?? 50;
  }

  changed(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flush();
    }, this.#delayMs);
  }

  /** Reads now and publishes if the list differs; a read that fails is reported, never thrown at the caller. */
  flush(): void {
    let items: AttentionItem[];
    try {
      items = this.#read();
    } catch (error) {
      this.#onError(error);
      return;
    }
    const text = JSON.stringify(items);
    if (text === this.#last) return;
    this.#last = text;
    this.#publish(items);
  }

  /** Forgets the last list (another journal now): the next read is published whatever it holds. */
  reset(): void {
    this.#last = undefined;
  }

  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
