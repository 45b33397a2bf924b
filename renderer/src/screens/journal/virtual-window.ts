/**
 * The arithmetic of a virtual list with a fixed row height: which rows a viewport shows (plus a
 * few above and below, so fast scrolling does not flash blank), and when to fetch the next page.
 * Pure, so the tests can check it at any size without a layout engine.
 */
export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  /** Rows that exist (loaded). */
  count: number;
  /** Extra rows rendered above and below the viewport. */
  overscan: number;
}

export interface RowWindow {
  /** First rendered row (inclusive). */
  start: number;
  /** One past the last rendered row. */
  end: number;
}

export function visibleWindow(input: WindowInput): RowWindow {
  const { rowHeight, count, overscan } = input;
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, input.scrollTop);
  const height = Math.max(0, input.viewportHeight);
  const first = Math.min(count - 1, Math.floor(top / rowHeight));
  const last = Math.min(count, Math.ceil((top + height) / rowHeight));
  return { start: Math.max(0, first - overscan), end: Math.min(count, Math.max(last, first + 1) + overscan) };
}

/** Whether the rendered window comes close enough to the end of what is loaded to fetch more. */
export function nearEnd(window: RowWindow, count: number, threshold: number): boolean {
  return count - window.end <= threshold;
}

/** The scrollTop that brings row `index` fully into view (unchanged when it already is). */
export function scrollToShow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}
