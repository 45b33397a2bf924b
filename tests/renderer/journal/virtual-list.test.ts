import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import VirtualList from '../../../renderer/src/screens/journal/VirtualList.svelte';
import { nearEnd, scrollToShow, visibleWindow } from '../../../renderer/src/screens/journal/virtual-window.ts';

interface Item {
  id: string;
}

const items: Item[] = Array.from({ length: 100_000 }, (_, i) => ({ id: `row-${i}` }));
// The list is generic; rendered from a test its item type is unknown, hence the casts.
const key = (item: unknown) => (item as Item).id;
const row = createRawSnippet((item: () => unknown, index: () => number) => ({
  render: () => `<button type="button" data-row-focus data-testid="${(item() as Item).id}">${index()}</button>`,
}));

afterEach(() => cleanup());

describe('VirtualList with 100,000 rows', () => {
  it('renders only the rows in view plus the overscan, in a spacer as tall as all rows', () => {
    render(VirtualList, { props: { items, key, row, label: 'Rows', rowHeight: 40, overscan: 5, fallbackHeight: 400 } });
    const rendered = screen.getAllByRole('listitem');
    // 400 px / 40 px = 10 rows in view + 5 overscan below (none above at the top).
    expect(rendered).toHaveLength(15);
    expect(screen.getByRole('list', { name: 'Rows' }).style.height).toBe(`${100_000 * 40}px`);
    expect(rendered[0]?.getAttribute('aria-posinset')).toBe('1');
  });

  it('moves the window with the scroll position and keeps its size', async () => {
    const onnearend = vi.fn();
    render(VirtualList, { props: { items, key, row, label: 'Rows', rowHeight: 40, overscan: 5, fallbackHeight: 400, onnearend } });
    const viewport = screen.getByTestId('virtual-viewport');
    viewport.scrollTop = 50_000 * 40;
    await fireEvent.scroll(viewport);
    const rendered = screen.getAllByRole('listitem');
    expect(rendered).toHaveLength(20);
    expect(rendered[0]?.getAttribute('data-row-index')).toBe('49995');
    expect(rendered.at(-1)?.getAttribute('data-row-index')).toBe('50014');
    expect(screen.queryByTestId('row-0')).toBeNull();
    expect(onnearend).not.toHaveBeenCalled();

    viewport.scrollTop = (100_000 - 10) * 40;
    await fireEvent.scroll(viewport);
    expect(screen.getByTestId('row-99999')).toBeTruthy();
    expect(screen.getAllByRole('listitem').length).toBeLessThanOrEqual(15);
    expect(onnearend).toHaveBeenCalled();
  });
});

describe('virtual window arithmetic', () => {
  it('clamps to the rows that exist', () => {
    expect(visibleWindow({ scrollTop: 0, viewportHeight: 400, rowHeight: 40, count: 0, overscan: 5 })).toEqual({ start: 0, end: 0 });
    expect(visibleWindow({ scrollTop: 0, viewportHeight: 400, rowHeight: 40, count: 3, overscan: 5 })).toEqual({ start: 0, end: 3 });
    expect(visibleWindow({ scrollTop: 10_000, viewportHeight: 400, rowHeight: 40, count: 20, overscan: 2 })).toEqual({ start: 17, end: 20 });
    expect(visibleWindow({ scrollTop: 100, viewportHeight: 400, rowHeight: 40, count: 1000, overscan: 2 })).toEqual({ start: 0, end: 15 });
  });

  it('asks for more near the end and scrolls a row into view only when needed', () => {
    expect(nearEnd({ start: 0, end: 90 }, 100, 10)).toBe(true);
    expect(nearEnd({ start: 0, end: 89 }, 100, 10)).toBe(false);
    expect(scrollToShow(5, 0, 400, 40)).toBe(0);
    expect(scrollToShow(10, 0, 400, 40)).toBe(40);
    expect(scrollToShow(2, 200, 400, 40)).toBe(80);
  });
});
