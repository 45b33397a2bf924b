import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { MIN_WINDOW_SIZE } from './security.ts';

/**
 * Remembers the window's size and position between launches, and brings it back only where it
 * fits: a monitor unplugged since last time must not leave the till's window off screen.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

/** What the window is created with: no x/y means "let the OS centre it". */
export interface RestoredWindow {
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 } as const;
export const WINDOW_STATE_FILE = 'window-state.json';
/** How much of the window must lie on a display for the saved position to count as visible. */
const MIN_VISIBLE = 100;

const finite = z.number().int().min(-100_000).max(100_000);
const stateSchema = z.object({
  bounds: z.object({ x: finite, y: finite, width: z.number().int().min(1).max(100_000), height: z.number().int().min(1).max(100_000) }),
  maximized: z.boolean(),
});

/** Reads a saved state; anything unreadable is "nothing saved". */
export function parseWindowState(text: string | null | undefined): WindowState | null {
  if (!text) return null;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Where the window opens: the saved bounds on the display they overlap most, clamped into that
 * display's work area; the default size, centred, when nothing was saved or it is off every display.
 */
export function restoreWindowState(saved: WindowState | null, workAreas: readonly Rect[]): RestoredWindow {
  const primary = workAreas[0];
  if (!saved || !primary) return { bounds: fitSize(DEFAULT_WINDOW_SIZE, primary), maximized: false };
  let best: Rect | undefined;
  let bestArea = 0;
  for (const area of workAreas) {
    const overlap = intersection(saved.bounds, area);
    if (overlap.width >= MIN_VISIBLE && overlap.height >= MIN_VISIBLE && overlap.width * overlap.height > bestArea) {
      best = area;
      bestArea = overlap.width * overlap.height;
    }
  }
  if (!best) return { bounds: fitSize(saved.bounds, primary), maximized: saved.maximized };
  const size = fitSize(saved.bounds, best);
  const x = clamp(saved.bounds.x, best.x, best.x + best.width - size.width);
  const y = clamp(saved.bounds.y, best.y, best.y + best.height - size.height);
  return { bounds: { x, y, ...size }, maximized: saved.maximized };
}

function fitSize(size: { width: number; height: number }, area: Rect | undefined): { width: number; height: number } {
  if (!area) return { width: size.width, height: size.height };
  // At least the minimum size, unless the display itself is smaller.
  const width = Math.min(Math.max(size.width, MIN_WINDOW_SIZE.width), area.width);
  const height = Math.min(Math.max(size.height, MIN_WINDOW_SIZE.height), area.height);
  return { width, height };
}

function intersection(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

export function loadWindowState(dir: string): WindowState | null {
  try {
    return parseWindowState(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8'));
  } catch {
    return null;
  }
}

/** Written through a temporary file and a rename, so a crash mid-write leaves the old state. */
export function saveWindowState(dir: string, state: WindowState): void {
  const file = join(dir, WINDOW_STATE_FILE);
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state)}\n`);
  renameSync(temporary, file);
}
