// Door 1 of DESIGN.md: every channel of shared/api.ts served through ipcMain.handle. Each call is checked
// against the sender (only the app's own window may call) before it reaches the handler table, which
// parses the input with the channel's zod schema. Electron is imported for types only, so the tests load
// this file in plain Node with a stand-in ipcMain.
import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { CHANNELS, type ApiResponse } from '../shared/api';
import { INTERNAL_ERROR_MESSAGE } from '../shared/errors';
import { APP_HOST, APP_SCHEME } from './app-origin';

/** Main → renderer channel for ProgressEvent; the preload subscribes to it. Not in CHANNELS: no one may invoke it. */
export const PROGRESS_CHANNEL = 'ledger:progress';

export const FORBIDDEN_MESSAGE = '拒绝访问：这个请求不是来自扶贫台账自己的窗口，已被拦截，数据未被读取或修改。';

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

export interface IpcHandlerOptions {
  /** `sender` identifies the window: each window has its own sign-in session. */
  dispatch: (channel: string, input: unknown, sender: WebContents) => Promise<ApiResponse>;
  isTrustedSender: (frame: WebFrameMain | null, sender: WebContents) => boolean;
}

/** The frame that sent an invoke; reading it can throw when the frame is already gone. */
function senderFrameOf(event: IpcMainInvokeEvent): WebFrameMain | null {
  try {
    return event.senderFrame;
  } catch {
    return null;
  }
}

/**
 * Register one ipcMain.handle per channel of the contract, and nothing else. Returns a function that
 * removes them again (tests, or reopening the ledger in another data folder).
 */
export function registerIpcHandlers(ipcMain: IpcMainLike, options: IpcHandlerOptions): () => void {
  for (const channel of CHANNELS) {
    // handle() throws if a handler is already there; start clean so registering twice is harmless.
    ipcMain.removeHandler(channel);
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown): Promise<ApiResponse> => {
      let trusted = false;
      try {
        trusted = options.isTrustedSender(senderFrameOf(event), event.sender);
      } catch {
        trusted = false;
      }
      if (!trusted) return { ok: false, error: { code: 'FORBIDDEN', message: FORBIDDEN_MESSAGE } };
      try {
        return await options.dispatch(channel, input, event.sender);
      } catch {
        // dispatch() already turns service errors into {code,message}; this only guards the door itself.
        return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_ERROR_MESSAGE } };
      }
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}

/**
 * Is this URL the app's own page? Only the renderer's index page on the app's own origin (app://ledger/ or
 * app://ledger/index.html, any query or #route; see app-protocol.ts), or — in development only, when a dev
 * server URL is given — a page of that exact origin. file:// is never the app: the renderer is not served
 * from there. Used both to trust IPC senders and to allow navigations (a reload is a navigation to the same page).
 */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (devServerUrl) {
    try {
      if (parsed.origin === new URL(devServerUrl).origin) return true;
    } catch {
      // A malformed dev URL trusts nothing extra.
    }
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host.toLowerCase() !== APP_HOST || parsed.username !== '' || parsed.password !== '') return false;
  return parsed.pathname === '/' || parsed.pathname === '/index.html';
}
