import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  debounce,
  DEFAULT_WINDOW_STATE,
  fitBoundsToDisplays,
  loadWindowState,
  MIN_HEIGHT,
  MIN_WIDTH,
  minimumSizeFor,
  saveWindowState,
  type DisplayLike,
  type Rect,
  type WindowState,
} from '../../electron/window-state';

const laptop: DisplayLike = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const rightMonitor: DisplayLike = { workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };

function isInside(state: WindowState, area: Rect): boolean {
  return (
    state.x !== undefined &&
    state.y !== undefined &&
    state.x >= area.x &&
    state.y >= area.y &&
    state.x + state.width <= area.x + area.width &&
    state.y + state.height <= area.y + area.height
  );
}

describe('fitBoundsToDisplays', () => {
  it('brings a window saved on an unplugged monitor back onto the primary display, centred', () => {
    const saved: WindowState = { x: 2200, y: 100, width: 1600, height: 1000, isMaximized: false };
    const fitted = fitBoundsToDisplays(saved, [laptop]);
    expect(isInside(fitted, laptop.workArea)).toBe(true);
    expect(fitted).toMatchObject({ width: 1600, height: 1000, x: 160, y: 20 });
  });

  it('brings back far-away and barely visible windows', () => {
    for (const saved of [
      { x: 5000, y: 5000, width: 1366, height: 860, isMaximized: false },
      { x: -3000, y: -2000, width: 1366, height: 860, isMaximized: true },
      { x: 1900, y: 1000, width: 1366, height: 860, isMaximized: false }, // a 20×40 corner on screen
    ]) {
      const fitted = fitBoundsToDisplays(saved, [laptop]);
      expect(isInside(fitted, laptop.workArea), JSON.stringify(saved)).toBe(true);
      expect(fitted.isMaximized).toBe(saved.isMaximized);
    }
  });

  it('keeps a window on a monitor that is still there, and pulls a half-off window fully on', () => {
    const onRight: WindowState = { x: 2100, y: 200, width: 1400, height: 900, isMaximized: false };
    expect(fitBoundsToDisplays(onRight, [laptop, rightMonitor])).toEqual(onRight);

    const halfOff: WindowState = { x: -400, y: 300, width: 1366, height: 860, isMaximized: false };
    const fitted = fitBoundsToDisplays(halfOff, [laptop, rightMonitor]);
    expect(fitted).toMatchObject({ x: 0, y: 180, width: 1366, height: 860 });
  });

  it('clamps the size between the minimum and the work area', () => {
    const tiny = fitBoundsToDisplays({ x: 10, y: 10, width: 300, height: 200, isMaximized: false }, [laptop]);
    expect(tiny).toMatchObject({ width: MIN_WIDTH, height: MIN_HEIGHT });
    const huge = fitBoundsToDisplays({ x: 0, y: 0, width: 4000, height: 3000, isMaximized: false }, [laptop]);
    expect(huge).toMatchObject({ x: 0, y: 0, width: 1920, height: 1040 });
  });

  it('fits a small screen smaller than the minimum size', () => {
    const small: DisplayLike = { workArea: { x: 0, y: 0, width: 1024, height: 728 } };
    expect(minimumSizeFor(small.workArea)).toEqual({ width: 1024, height: 700 });
    const fitted = fitBoundsToDisplays(DEFAULT_WINDOW_STATE, [small]);
    expect(fitted).toEqual({ x: 0, y: 0, width: 1024, height: 728, isMaximized: false });
  });

  it('centres a first start (no saved position) at 1366×860', () => {
    expect(fitBoundsToDisplays(DEFAULT_WINDOW_STATE, [laptop])).toEqual({ x: 277, y: 90, width: 1366, height: 860, isMaximized: false });
  });

  it('works on a primary display whose work area does not start at 0,0 (taskbar on the left)', () => {
    const shifted: DisplayLike = { workArea: { x: 60, y: 0, width: 1860, height: 1080 } };
    const fitted = fitBoundsToDisplays({ x: 0, y: 0, width: 1366, height: 860, isMaximized: false }, [shifted]);
    expect(fitted.x).toBe(60);
    expect(isInside(fitted, shifted.workArea)).toBe(true);
  });
});

describe('loadWindowState / saveWindowState', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'window-state-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips a state through the file, creating its folder', () => {
    const file = path.join(dir, 'nested', 'window-state.json');
    const state: WindowState = { x: -1280, y: 40, width: 1500, height: 900, isMaximized: true };
    saveWindowState(file, state);
    expect(loadWindowState(file)).toEqual(state);
    // Written through a temp file: nothing else left behind.
    expect(fs.readdirSync(path.dirname(file))).toEqual(['window-state.json']);
  });

  it('falls back to the defaults for a missing, corrupt or malformed file', () => {
    const file = path.join(dir, 'window-state.json');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    for (const text of ['{"x": 10, "y": 20, "width": 14', '', 'null', '[]', '"1366x860"', '{"width":"1366","height":860}', '{"width":-5,"height":860}', '{"width":1e999,"height":860}']) {
      fs.writeFileSync(file, text);
      expect(loadWindowState(file), text).toEqual(DEFAULT_WINDOW_STATE);
    }
  });

  it('keeps size but drops a half-given position', () => {
    const file = path.join(dir, 'window-state.json');
    fs.writeFileSync(file, JSON.stringify({ x: 100, width: 1200, height: 800, isMaximized: 'yes' }));
    expect(loadWindowState(file)).toEqual({ width: 1200, height: 800, isMaximized: false });
  });
});

describe('debounce', () => {
  it('runs once after the burst, with the last arguments, and flushes on demand', () => {
    vi.useFakeTimers();
    try {
      const calls: number[] = [];
      const save = debounce((n: number) => calls.push(n), 500);
      for (let i = 1; i <= 20; i++) save(i);
      vi.advanceTimersByTime(499);
      expect(calls).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(calls).toEqual([20]);
      save(21);
      save.flush();
      expect(calls).toEqual([20, 21]);
      save.flush();
      save(22);
      save.cancel();
      vi.advanceTimersByTime(1000);
      expect(calls).toEqual([20, 21]);
    } finally {
      vi.useRealTimers();
    }
  });
});
