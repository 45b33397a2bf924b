import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_SIZE,
  loadWindowState,
  parseWindowState,
  restoreWindowState,
  saveWindowState,
  WINDOW_STATE_FILE,
} from '../../../electron/main/window-state.ts';

const laptop = { x: 0, y: 25, width: 1440, height: 875 };
const rightMonitor = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('restoring the window', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(restoreWindowState(null, [laptop])).toEqual({ bounds: DEFAULT_WINDOW_SIZE, maximized: false });
  });

  it('comes back where it was when that place is still on a display', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1300, height: 900 }, maximized: true };
    expect(restoreWindowState(saved, [laptop, rightMonitor])).toEqual(saved);
  });

  it('is pulled back onto the screen when it hangs over an edge', () => {
    const saved = { bounds: { x: 1000, y: 500, width: 1280, height: 800 }, maximized: false };
    expect(restoreWindowState(saved, [laptop]).bounds).toEqual({ x: 160, y: 100, width: 1280, height: 800 });
  });

  it('is centred on the primary display when its monitor is gone', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1300, height: 900 }, maximized: false };
    expect(restoreWindowState(saved, [laptop])).toEqual({ bounds: { width: 1300, height: 875 }, maximized: false });
  });

  it('never opens larger than the display, nor smaller than the minimum', () => {
    const small = { x: 0, y: 0, width: 1024, height: 600 };
    const huge = { bounds: { x: 0, y: 0, width: 5000, height: 3000 }, maximized: false };
    expect(restoreWindowState(huge, [small]).bounds).toEqual({ x: 0, y: 0, width: 1024, height: 600 });
    const tiny = { bounds: { x: 10, y: 30, width: 200, height: 100 }, maximized: false };
    expect(restoreWindowState(tiny, [laptop]).bounds).toEqual({ x: 10, y: 30, width: 1024, height: 700 });
  });
});

describe('the saved state', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ecr-window-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips through its file', () => {
    const state = { bounds: { x: -1200, y: 40, width: 1280, height: 800 }, maximized: false };
    saveWindowState(dir, state);
    expect(loadWindowState(dir)).toEqual(state);
    expect(JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8'))).toEqual(state);
  });

  it('treats a missing or damaged file as nothing saved', () => {
    expect(loadWindowState(dir)).toBeNull();
    writeFileSync(join(dir, WINDOW_STATE_FILE), '{"bounds":');
    expect(loadWindowState(dir)).toBeNull();
    expect(parseWindowState('{"bounds":{"x":"1","y":0,"width":10,"height":10},"maximized":false}')).toBeNull();
    expect(parseWindowState('{"bounds":{"x":1,"y":0,"width":0,"height":10},"maximized":false}')).toBeNull();
  });
});
