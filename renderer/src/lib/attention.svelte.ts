/**
 * The attention list as the renderer holds it (domain/attention.ts; the core builds it from the
 * journal): read once when a screen that shows it comes up, then replaced by every `attention`
 * event. One copy for the whole app, so the checkout's result panel and the list agree.
 */
import type { IpcError } from '../../../electron/contract/envelope.ts';
import type { AttentionItem } from '../../../electron/domain/attention.ts';
import { call } from './ipc-call.ts';

class AttentionState {
  items = $state<AttentionItem[]>([]);
  /** False until the first read answered: "no item" is not known before. */
  loaded = $state(false);
  error = $state<IpcError | null>(null);
  #users = 0;
  #off: (() => void) | undefined;

  /** Starts following the list (read now, then the events); returns the function that stops it. */
  follow(): () => void {
    this.#users += 1;
    if (this.#users === 1) {
      this.#off = window.ecr.on('attention', (items) => {
        this.items = items;
        this.loaded = true;
        // A read refused while the till was starting is superseded by the list it pushes once ready.
        this.error = null;
      });
      void this.refresh();
    }
    return () => {
      this.#users -= 1;
      if (this.#users === 0) {
        this.#off?.();
        this.#off = undefined;
      }
    };
  }

  async refresh(): Promise<AttentionItem[]> {
    const result = await call(() => window.ecr.attentionList());
    if (!result.ok) {
      this.error = result.error;
      return this.items;
    }
    this.error = null;
    this.items = result.value;
    this.loaded = true;
    return result.value;
  }

  /**
   * "Keep the payment" for a payment that went through after an abort (or late): journaled with
   * who decided, then the list is read again. Answers the till's refusal, or null once it is kept.
   */
  async keep(sessionId: string, operator: string): Promise<IpcError | null> {
    const result = await call(() => window.ecr.decideAttention({ sessionId, decision: 'keep-payment', operator }));
    if (!result.ok) return result.error;
    void this.refresh();
    return null;
  }

  /** The item about a session, of the given kinds (all when none are given). */
  of(sessionId: string, kinds?: readonly string[]): AttentionItem | undefined {
    return this.items.find((item) => item.session?.sessionId === sessionId && (kinds === undefined || kinds.includes(item.kind)));
  }
}

export const attention = new AttentionState();
