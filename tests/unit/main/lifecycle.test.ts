import { describe, expect, it, vi } from 'vitest';
import { recordingLogger } from '../../../electron/core/logger.ts';
import { createQuitGuard, focusWindow } from '../../../electron/main/lifecycle.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('graceful quit', () => {
  it('holds the first quit until the engine has finished writing, then quits once', async () => {
    const shutdown = deferred();
    const quit = vi.fn();
    const onBeforeQuit = createQuitGuard({ shutdown: () => shutdown.promise, quit });
    const first = { preventDefault: vi.fn() };
    onBeforeQuit(first);
    expect(first.preventDefault).toHaveBeenCalledOnce();
    // Quitting again while the engine writes is held too, and does not start a second shutdown.
    const again = { preventDefault: vi.fn() };
    onBeforeQuit(again);
    expect(again.preventDefault).toHaveBeenCalledOnce();
    await Promise.resolve();
    expect(quit).not.toHaveBeenCalled();
    shutdown.resolve();
    await vi.waitFor(() => expect(quit).toHaveBeenCalledOnce());
    // The real quit that follows goes through.
    const last = { preventDefault: vi.fn() };
    onBeforeQuit(last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('quits anyway when the shutdown fails or hangs', async () => {
    const logger = recordingLogger();
    const failing = vi.fn();
    createQuitGuard({ shutdown: () => Promise.reject(new Error('disk gone')), quit: failing, logger })({ preventDefault() {} });
    await vi.waitFor(() => expect(failing).toHaveBeenCalledOnce());
    const hanging = vi.fn();
    createQuitGuard({ shutdown: () => new Promise(() => {}), quit: hanging, logger, timeoutMs: 20 })({ preventDefault() {} });
    await vi.waitFor(() => expect(hanging).toHaveBeenCalledOnce());
    expect(logger.records.map((r) => r.message)).toEqual(['shutdown failed', 'shutdown took too long; quitting anyway']);
  });
});

describe('a second launch', () => {
  it('restores, shows and focuses the first window', () => {
    const calls: string[] = [];
    const window = {
      isDestroyed: () => false,
      isMinimized: () => true,
      restore: () => calls.push('restore'),
      show: () => calls.push('show'),
      focus: () => calls.push('focus'),
    };
    expect(focusWindow(window)).toBe(true);
    expect(calls).toEqual(['restore', 'show', 'focus']);
    expect(focusWindow(null)).toBe(false);
    expect(focusWindow({ ...window, isDestroyed: () => true })).toBe(false);
  });
});
