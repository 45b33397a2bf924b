import { afterEach, describe, expect, it, vi } from 'vitest';
import { AttentionFeed } from '../../../electron/core/attention/feed.ts';
import type { AttentionItem } from '../../../electron/domain/attention.ts';

const item = (id: string): AttentionItem => ({ id: `unknown:${id}`, kind: 'unknown', since: '2026-12-07T10:00:00.000Z', session: null, setAside: null, refundOpen: false, backup: null });

describe('AttentionFeed', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads once per burst of changes, and publishes only a list that differs from the last one published', () => {
    vi.useFakeTimers();
    let list = [item('a')];
    const read = vi.fn(() => list);
    const published: AttentionItem[][] = [];
    const feed = new AttentionFeed({ read, publish: (items) => published.push(items), onError: () => {}, delayMs: 50 });

    feed.changed();
    feed.changed();
    feed.changed();
    expect(read).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50);
    expect(read).toHaveBeenCalledTimes(1);
    expect(published).toEqual([[item('a')]]);

    // The same list again: nothing to tell.
    feed.changed();
    vi.advanceTimersByTime(50);
    expect(published).toHaveLength(1);

    list = [];
    feed.changed();
    vi.advanceTimersByTime(50);
    expect(published).toEqual([[item('a')], []]);

    // Another journal: the next read is published even if it looks the same.
    feed.reset();
    feed.flush();
    expect(published).toHaveLength(3);
  });

  it('reports a failed read instead of throwing at whoever signalled the change', () => {
    const errors: unknown[] = [];
    const feed = new AttentionFeed({
      read: () => {
        throw new Error('the journal is closed');
      },
      publish: () => {
        throw new Error('must not publish');
      },
      onError: (error) => errors.push(error),
    });
    expect(() => feed.flush()).not.toThrow();
    expect(errors).toHaveLength(1);
  });
});
