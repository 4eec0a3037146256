// Where the window was and how big: kept as a small JSON file so the next start opens the same way.
// Pure logic (no Electron), so it is tested in Node; main.ts feeds it screen.getAllDisplays().
import fs from 'node:fs';
import path from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent: let the window open centred on the primary display. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  isMaximized: boolean;
}

export interface DisplayLike {
  workArea: Rect;
}

/** Below this the ledger tables and forms stop being usable. */
export const MIN_WIDTH = 1100;
export const MIN_HEIGHT = 700;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1366, height: 860, isMaximized: false };

/** How much of the window (at least) must lie on a display to count as visible there: the title bar. */
const VISIBLE_MIN = 100;

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Accept only a well-formed state; anything else (hand-edited, truncated, old format) is ignored. */
export function parseWindowState(text: string): WindowState | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (!isFiniteNumber(r.width) || !isFiniteNumber(r.height) || r.width <= 0 || r.height <= 0) return null;
  const state: WindowState = {
    width: Math.round(r.width),
    height: Math.round(r.height),
    isMaximized: r.isMaximized === true,
  };
  if (isFiniteNumber(r.x) && isFiniteNumber(r.y)) {
    state.x = Math.round(r.x);
    state.y = Math.round(r.y);
  }
  return state;
}

/** The saved state, or the defaults when the file is missing or unreadable. Never throws. */
export function loadWindowState(file: string, defaults: WindowState = DEFAULT_WINDOW_STATE): WindowState {
  try {
    return parseWindowState(fs.readFileSync(file, 'utf8')) ?? { ...defaults };
  } catch {
    return { ...defaults };
  }
}

/** Write through a temp file and rename, so a crash mid-write cannot leave half a JSON file. */
export function saveWindowState(file: string, state: WindowState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
  fs.renameSync(tmp, file);
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Minimum window size on this work area: 1100×700, or the whole work area on a smaller screen. */
export function minimumSizeFor(workArea: Rect): { width: number; height: number } {
  return { width: Math.min(MIN_WIDTH, workArea.width), height: Math.min(MIN_HEIGHT, workArea.height) };
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

/**
 * Bring saved bounds back onto the displays that exist now: a window left on an unplugged monitor (or
 * bigger than today's screen) comes back fully visible on the display it overlaps most, else centred on
 * the first (primary) display. Size is clamped between the minimum and the work area.
 */
export function fitBoundsToDisplays(saved: WindowState, displays: readonly DisplayLike[], defaults: WindowState = DEFAULT_WINDOW_STATE): WindowState {
  const primary = displays[0];
  if (!primary) return { ...saved };

  let target: DisplayLike | undefined;
  if (saved.x !== undefined && saved.y !== undefined) {
    const rect: Rect = { x: saved.x, y: saved.y, width: saved.width, height: saved.height };
    let best = 0;
    for (const display of displays) {
      const area = overlapArea(rect, display.workArea);
      if (area > best) {
        best = area;
        target = display;
      }
    }
    // A sliver on screen is as good as lost: the title bar must be reachable.
    if (target && overlapArea(rect, target.workArea) < VISIBLE_MIN * Math.min(VISIBLE_MIN, rect.height)) target = undefined;
  }

  const area = (target ?? primary).workArea;
  const min = minimumSizeFor(area);
  const width = clamp(Number.isFinite(saved.width) ? saved.width : defaults.width, min.width, area.width);
  const height = clamp(Number.isFinite(saved.height) ? saved.height : defaults.height, min.height, area.height);

  if (!target) {
    // Lost or never placed: centre on the primary display.
    return {
      x: Math.round(area.x + (area.width - width) / 2),
      y: Math.round(area.y + (area.height - height) / 2),
      width,
      height,
      isMaximized: saved.isMaximized,
    };
  }
  return {
    x: clamp(saved.x ?? area.x, area.x, area.x + area.width - width),
    y: clamp(saved.y ?? area.y, area.y, area.y + area.height - height),
    width,
    height,
    isMaximized: saved.isMaximized,
  };
}

/** Run `fn` once things have been quiet for `ms` (resize/move fire dozens of times a second). */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { flush(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: A | null = null;
  const run = () => {
    timer = null;
    if (pending) {
      const args = pending;
      pending = null;
      fn(...args);
    }
  };
  const debounced = (...args: A) => {
    pending = args;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  return Object.assign(debounced, {
    flush() {
      if (timer) clearTimeout(timer);
      run();
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  });
}
