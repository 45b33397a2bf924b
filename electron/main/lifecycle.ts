import type { Logger } from '../core/logger.ts';

/**
 * Quitting waits for the engine: the first `before-quit` is held (preventDefault) while the core
 * finishes its writes and closes the journal, then the app quits for real. A shutdown that hangs
 * is cut short after `timeoutMs` (the journal is crash-safe: every write is already on disk).
 */
export function createQuitGuard(options: {
  shutdown: () => Promise<void>;
  quit: () => void;
  logger?: Logger;
  timeoutMs?: number;
}): (event: { preventDefault(): void }) => void {
  let phase: 'running' | 'stopping' | 'stopped' = 'running';
  return (event) => {
    if (phase === 'stopped') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        options.logger?.warn('shutdown took too long; quitting anyway');
        resolve();
      }, options.timeoutMs ?? 10_000);
    });
    void Promise.race([
      options.shutdown().catch((error: unknown) => options.logger?.error('shutdown failed', { error: String(error) })),
      timeout,
    ]).finally(() => {
      clearTimeout(timer);
      phase = 'stopped';
      options.quit();
    });
  };
}

/** What a second launch does to the first instance's window. */
export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

export function focusWindow(window: FocusableWindow | null | undefined): boolean {
  if (!window || window.isDestroyed()) return false;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
  return true;
}
