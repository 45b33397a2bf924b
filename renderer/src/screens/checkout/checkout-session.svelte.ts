/**
 * The checkout's session tracking, apart from its view: which session is on screen, every open
 * session the till knows of (busy terminals, payments needing attention), the alerts, and the
 * one call in flight. Records come from three roads that may arrive in any order (the call that
 * created the session, `session` events, and the once-a-second status read that is the safety net
 * for a missed event), so every record goes through `track`, which keeps the newer of two.
 */
import type { IpcError, Result } from '../../../../electron/contract/envelope.ts';
import type { EventPayloads } from '../../../../electron/contract/events.ts';
import type { InputOf } from '../../../../electron/contract/channels.ts';
import type { SessionRecord } from '../../../../electron/domain/session-record.ts';
import { attention } from '../../lib/attention.svelte.ts';
import { call } from '../../lib/ipc-call.ts';
import { isInFlight, isOpen, newer } from '../../lib/payment-view.ts';

export type Alert = EventPayloads['alert'];
/** How a person settles an unknown payment: what resolveSession takes, the session aside. */
export type Resolution = Omit<InputOf<'resolveSession'>, 'sessionId'>;

export class CheckoutSession {
  /** Every open session the till knows of, by sessionId. */
  open = $state<Record<string, SessionRecord>>({});
  /** The session on screen. */
  current = $state<SessionRecord | null>(null);
  alerts = $state<Alert[]>([]);
  error = $state<IpcError | null>(null);
  busy = $state(false);
  /** The terminal a sale is being started on, until startSale answers. */
  charging = $state<string | null>(null);
  /** When "check again" last found the payment still unknown. */
  checkedAt = $state<string | null>(null);

  // A payment still on its terminal makes it busy; an unknown one does not (the engine frees the
  // terminal once its deadline and abort grace are over, and it waits on the attention list).
  // Rebuilt whole by $derived, never mutated: a plain Set is right here.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly busyTerminals = $derived(new Set(Object.values(this.open).filter(isInFlight).map((s) => s.terminalId)));
  readonly others = $derived(Object.values(this.open).filter((s) => s.sessionId !== this.current?.sessionId));

  /** Records seen in events before the call that created them answered (bookkeeping, not shown: not reactive). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #seen = new Map<string, SessionRecord>();

  /** An arrow so it can be handed to `window.ecr.on` as it is. */
  track = (record: SessionRecord): void => {
    const latest = newer(this.#seen.get(record.sessionId), record);
    this.#seen.set(record.sessionId, latest);
    if (isOpen(latest)) this.open[latest.sessionId] = latest;
    else delete this.open[latest.sessionId];
    if (this.current?.sessionId === latest.sessionId) this.current = newer(this.current, latest);
    // The sale being charged shows its first steps before startSale answers.
    else if (!this.current && this.charging !== null && latest.terminalId === this.charging && isInFlight(latest) && latest.kind === 'sale') this.current = latest;
  };

  show(record: SessionRecord): void {
    this.checkedAt = null;
    this.current = newer(this.#seen.get(record.sessionId), record);
    this.track(this.current);
  }

  /**
   * Follows the till while the screen is up: session and alert events, plus the status read every
   * second (events could be missed: a reload, a dropped message; the journal cannot). Returns the
   * function that stops it all.
   */
  follow(): () => void {
    const offs = [
      window.ecr.on('session', this.track),
      window.ecr.on('alert', (alert) => {
        this.track(alert.session);
        if (alert.sessionId !== this.current?.sessionId) this.alerts = [...this.alerts.filter((a) => a.sessionId !== alert.sessionId), alert];
      }),
    ];
    const refresh = setInterval(async () => {
      const current = this.current;
      if (!current || !isOpen(current)) return;
      const result = await call(() => window.ecr.sessionStatus({ sessionId: current.sessionId }));
      if (result.ok && result.value) this.track(result.value);
    }, 1000);
    return () => {
      offs.forEach((off) => off());
      clearInterval(refresh);
    };
  }

  /**
   * Brings back what was open before a restart; the newest open payment returns on screen, unless
   * it is an unknown one the cashier set aside to serve the next customer (it waits on the
   * attention list).
   */
  async restore(): Promise<void> {
    const [result, items] = await Promise.all([call(() => window.ecr.openSessions()), attention.refresh()]);
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    for (const record of result.value) this.track(record);
    const setAside = items.filter((item) => item.setAside !== null).map((item) => item.session?.sessionId);
    const last = result.value.filter((record) => !setAside.includes(record.sessionId)).at(-1);
    if (last && !this.current) this.show(last);
  }

  /** Shows a session named by the attention list, as the journal has it now. */
  async showById(sessionId: string): Promise<void> {
    const record = await this.run(() => window.ecr.sessionStatus({ sessionId }));
    if (record) this.show(record);
  }

  /**
   * "Serve the next customer": the unknown payment on screen is set aside (journaled; it stays on
   * the attention list) and the checkout is free. Resolves true once it is.
   */
  async setAside(): Promise<boolean> {
    const current = this.current;
    if (!current || current.state !== 'unknown') return false;
    const record = await this.run(() => window.ecr.decideAttention({ sessionId: current.sessionId, decision: 'set-aside' }));
    if (!record) return false;
    this.track(record);
    void attention.refresh();
    this.clear();
    return true;
  }

  /** The full refund of a payment the attention list names (paid after abort, late success). */
  async refundOf(sessionId: string, amount: number): Promise<void> {
    const record = await this.run(() => window.ecr.startRefund({ parentSessionId: sessionId, amount }));
    if (record) {
      this.alerts = this.alerts.filter((a) => a.sessionId !== sessionId);
      this.show(record);
    }
  }

  /** Runs one call; a failure (an envelope error or a thrown transport error) is shown, never lost. */
  async run<T>(invoke: () => Promise<Result<T>>): Promise<T | undefined> {
    this.busy = true;
    this.error = null;
    const result = await call(invoke);
    this.busy = false;
    if (result.ok) return result.value;
    this.error = result.error;
    return undefined;
  }

  /** A sale on a chosen terminal: the events of its first steps are matched to it by that terminal. */
  async startSale(request: InputOf<'startSale'> & { terminalId: string }): Promise<void> {
    this.charging = request.terminalId;
    const record = await this.run(() => window.ecr.startSale(request));
    this.charging = null;
    // A refusal leaves the amount for another try; a session it created shows its own (failed) end.
    if (record) this.show(record);
  }

  async abort(): Promise<void> {
    const current = this.current;
    if (!current || !isInFlight(current) || this.busy) return;
    const record = await this.run(() => window.ecr.abortSession({ sessionId: current.sessionId }));
    if (record) this.track(record);
  }

  async checkAgain(): Promise<void> {
    const current = this.current;
    if (!current) return;
    const record = await this.run(() => window.ecr.checkAgain({ sessionId: current.sessionId }));
    if (record) {
      this.track(record);
      // A timestamp taken once, not a reactive date.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      this.checkedAt = record.state === 'unknown' ? new Date().toISOString() : null;
    }
  }

  async resolve(resolution: Resolution): Promise<void> {
    const current = this.current;
    if (!current) return;
    const record = await this.run(() => window.ecr.resolveSession({ sessionId: current.sessionId, ...resolution }));
    if (record) this.track(record);
  }

  async refund(parent: SessionRecord, amount: number): Promise<void> {
    const record = await this.run(() => window.ecr.startRefund({ parentSessionId: parent.sessionId, amount }));
    if (record) {
      this.alerts = this.alerts.filter((a) => a.sessionId !== parent.sessionId);
      this.show(record);
    }
  }

  dismiss(alert: Alert): void {
    this.alerts = this.alerts.filter((a) => a !== alert);
  }

  /** Leaves the session on screen for a new sale (the session itself goes on being tracked while open). */
  clear(): void {
    this.current = null;
    this.checkedAt = null;
    this.error = null;
  }
}
