// The Electron door without Electron: a stand-in ipcMain records what electron/ipc.ts registers, and the
// calls run against a real ledger file through the real handler table. The preload is bundled with esbuild
// and run in a bare V8 context whose require() knows only a fake 'electron', as in Electron's sandbox.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_INDEX_URL } from '../../electron/app-protocol';
import { FORBIDDEN_MESSAGE, isAppUrl, PROGRESS_CHANNEL, registerIpcHandlers, type IpcHandlerOptions, type IpcMainLike } from '../../electron/ipc';
import { newSessionSlot, openLedger, type LedgerHandle, type SessionSlot } from '../../electron/platform/context';
import { dispatch } from '../../electron/platform/handlers';
import { withSession } from '../../electron/ledger/operators/service';
import { CHANNELS, type ApiResponse, type ProgressEvent } from '../../shared/api';

type Listener = Parameters<IpcMainLike['handle']>[1];
type InvokeEvent = Parameters<Listener>[0];
type Frame = Parameters<IpcHandlerOptions['isTrustedSender']>[0];
type Sender = Parameters<IpcHandlerOptions['isTrustedSender']>[1];

const CHINESE = /[\u4e00-\u9fff]/;
const APP_WINDOW_ID = 1;

/** Behaves like Electron's ipcMain for handle/removeHandler, including the error on a second handler. */
class StandInIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  readonly registrations: string[] = [];
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
    this.registrations.push(channel);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke does on the other side: structured-clone the argument, run the handler. */
  async invoke(event: InvokeEvent, channel: string, input: unknown): Promise<ApiResponse> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return (await listener(event, structuredClone(input))) as ApiResponse;
  }
}

function frame(url: string, parent: object | null = null): NonNullable<Frame> {
  return { url, parent } as unknown as NonNullable<Frame>;
}
function sender(id: number): Sender {
  return { id } as unknown as Sender;
}
function invokeEvent(senderFrame: Frame, from: Sender): InvokeEvent {
  return { senderFrame, sender: from } as unknown as InvokeEvent;
}

let dir: string;
let rendererDir: string;
const appUrl = APP_INDEX_URL;
let ledger: LedgerHandle;
let ipcMain: StandInIpcMain;
let dispatched: string[];
let progressSink: (event: ProgressEvent) => void;

/** The same rule main.ts applies: our window, its top frame, showing our page. */
const isTrustedSender: IpcHandlerOptions['isTrustedSender'] = (senderFrame, from) =>
  from.id === APP_WINDOW_ID && senderFrame !== null && senderFrame.parent === null && isAppUrl(senderFrame.url);

const trusted = () => invokeEvent(frame(`${appUrl}#/projects`), sender(APP_WINDOW_ID));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-ipc-'));
  rendererDir = path.join(dir, 'app', 'dist', 'renderer');
  progressSink = () => undefined;
  ledger = openLedger({ dbFile: path.join(dir, 'ledger.db'), door: 'electron', onProgress: (event) => progressSink(event) });
  ipcMain = new StandInIpcMain();
  dispatched = [];
  registerIpcHandlers(ipcMain, {
    dispatch: (channel, input) => {
      dispatched.push(channel);
      return dispatch(ledger, channel, input);
    },
    isTrustedSender,
  });
});

afterEach(() => {
  ledger.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('registerIpcHandlers', () => {
  it('registers every channel of the contract exactly once, and nothing else', () => {
    expect(ipcMain.registrations).toHaveLength(CHANNELS.length);
    expect(new Set(ipcMain.registrations).size).toBe(CHANNELS.length);
    expect([...ipcMain.registrations].sort()).toEqual([...CHANNELS].sort());
    expect(ipcMain.handlers.has(PROGRESS_CHANNEL)).toBe(false);
  });

  it('can register again (e.g. after reopening the ledger) and unregister everything', () => {
    const again = registerIpcHandlers(ipcMain, { dispatch: () => Promise.resolve({ ok: true, value: null }), isTrustedSender });
    expect(ipcMain.handlers.size).toBe(CHANNELS.length);
    again();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('hands the sender to dispatch, so each window keeps its own sign-in session', async () => {
    const sessions = new Map<number, SessionSlot>();
    const perWindow = new StandInIpcMain();
    registerIpcHandlers(perWindow, {
      dispatch: (channel, input, from) => {
        if (!sessions.has(from.id)) sessions.set(from.id, newSessionSlot());
        return dispatch(withSession(ledger, sessions.get(from.id)!), channel, input);
      },
      isTrustedSender: (senderFrame) => senderFrame !== null && senderFrame.parent === null && isAppUrl(senderFrame.url),
    });
    const win = (id: number) => invokeEvent(frame(`${appUrl}#/home`), sender(id));
    const on = await perWindow.invoke(win(1), 'operators.setMultiUser', { enabled: true, adminName: '赵管理', password: 'admin-pass' });
    expect(on).toMatchObject({ ok: true, value: { operator: { name: '赵管理' } } });
    expect(await perWindow.invoke(win(1), 'dashboard.summary', undefined)).toMatchObject({ ok: true });
    expect(await perWindow.invoke(win(2), 'dashboard.summary', undefined)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await perWindow.invoke(win(2), 'session.current', {})).toMatchObject({ ok: true, value: { multiUser: true, operator: null } });
  });

  it('answers a trusted call from the real ledger', async () => {
    const summary = await ipcMain.invoke(trusted(), 'dashboard.summary', undefined);
    expect(summary).toMatchObject({ ok: true, value: { isEmpty: true, projects: 0 } });
    const info = await ipcMain.invoke(trusted(), 'app.info', {});
    expect(info).toMatchObject({ ok: true, value: { door: 'electron', dbFile: ledger.dbFile } });
  });

  it('refuses bad input with VALIDATION and a Chinese message', async () => {
    const bad = await ipcMain.invoke(trusted(), 'divisions.create', { level: 'village', parentId: -1, code: '12', name: '' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('VALIDATION');
    expect(bad.error.message).toMatch(CHINESE);

    const notAnObject = await ipcMain.invoke(trusted(), 'divisions.create', 'DROP TABLE divisions');
    expect(notAnObject).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(notAnObject.ok === false && notAnObject.error.message).toMatch(CHINESE);
    // Nothing was written.
    expect(await ipcMain.invoke(trusted(), 'divisions.list', undefined)).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['another web contents', () => invokeEvent(frame(appUrl), sender(2))],
    ['a destroyed frame', () => invokeEvent(null, sender(APP_WINDOW_ID))],
    ['a foreign page in our window', () => invokeEvent(frame('https://example.com/'), sender(APP_WINDOW_ID))],
    ['a sub-frame', () => invokeEvent(frame(appUrl, {}), sender(APP_WINDOW_ID))],
    ['another page of the app origin', () => invokeEvent(frame('app://ledger/assets/x.html'), sender(APP_WINDOW_ID))],
    ['the built renderer opened from file://', () => invokeEvent(frame(pathToFileURL(path.join(rendererDir, 'index.html')).href), sender(APP_WINDOW_ID))],
  ])('refuses %s with FORBIDDEN and never dispatches', async (_name, makeEvent) => {
    const answer = await ipcMain.invoke(makeEvent(), 'settings.update', { officeName: '篡改' });
    expect(answer).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: FORBIDDEN_MESSAGE } });
    expect(FORBIDDEN_MESSAGE).toMatch(CHINESE);
    expect(dispatched).toEqual([]);
  });

  it('treats a sender check that throws as untrusted, and a failing dispatch as INTERNAL', async () => {
    const local = new StandInIpcMain();
    registerIpcHandlers(local, {
      dispatch: () => Promise.reject(new Error('boom')),
      isTrustedSender: (f) => {
        if (f?.url === 'throw:') throw new Error('frame gone');
        return true;
      },
    });
    expect(await local.invoke(invokeEvent(frame('throw:'), sender(1)), 'app.info', undefined)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const failed = await local.invoke(invokeEvent(frame(appUrl), sender(1)), 'app.info', undefined);
    expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(failed.ok === false && failed.error.message).toMatch(CHINESE);
  });
});

describe('isAppUrl', () => {
  it("accepts the app's own index on app://ledger, with any query or #route", () => {
    expect(isAppUrl(appUrl)).toBe(true);
    expect(isAppUrl(`${appUrl}#/funds/payments`)).toBe(true);
    expect(isAppUrl(`${appUrl}?tab=1`)).toBe(true);
    expect(isAppUrl('app://ledger/')).toBe(true);
    expect(isAppUrl('APP://LEDGER/index.html')).toBe(true);
  });

  it('refuses remote pages, file:// (even the built renderer), other app:// hosts or files, and other schemes', () => {
    for (const url of [
      'https://example.com',
      'https://example.com/index.html',
      'https://ledger/index.html',
      'http://127.0.0.1:5173/',
      pathToFileURL(path.join(rendererDir, 'index.html')).href,
      'file:///etc/passwd',
      'app://evil/index.html',
      'app://ledger.evil/index.html',
      'app://user@ledger/index.html',
      'app://ledger:8080/index.html',
      'app://ledger/assets/index.html',
      'app://ledger/index.html.evil',
      'app://ledger/assets/app.js',
      'data:text/html,<script>alert(1)</script>',
      'javascript:alert(1)',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('trusts the dev server origin only when one is given', () => {
    const dev = 'http://127.0.0.1:5173';
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(true);
    expect(isAppUrl('http://127.0.0.1:5173/src/main.tsx', dev)).toBe(true);
    expect(isAppUrl('http://127.0.0.1:5174/', dev)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(false);
    expect(isAppUrl('https://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAppUrl(appUrl, dev)).toBe(true);
  });
});

describe('preload (bundled as scripts/build-electron.mjs does, run as in the sandbox)', () => {
  interface Exposed {
    call(channel: string, input: unknown): Promise<ApiResponse>;
    onProgress(callback: (event: ProgressEvent) => void): () => void;
  }
  type RendererListener = (event: unknown, payload: ProgressEvent) => void;

  async function loadPreload() {
    const result = await build({
      entryPoints: [path.resolve(__dirname, '../../electron/preload.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    const exposed = new Map<string, unknown>();
    const required: string[] = [];
    const invoked: string[] = [];
    const listeners = new Map<string, Set<RendererListener>>();
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: {
        invoke: (channel: string, input: unknown) => {
          invoked.push(channel);
          return ipcMain.invoke(trusted(), channel, input);
        },
        on: (channel: string, listener: RendererListener) => {
          const set = listeners.get(channel) ?? new Set<RendererListener>();
          set.add(listener);
          listeners.set(channel, set);
        },
        removeListener: (channel: string, listener: RendererListener) => listeners.get(channel)?.delete(listener),
      },
    };
    const module = { exports: {} };
    // A fresh V8 context: no process, Buffer or Node require — only what a sandboxed preload gets.
    vm.runInNewContext(code, {
      module,
      exports: module.exports,
      console,
      require: (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`sandboxed preload cannot require ${name}`);
        return fakeElectron;
      },
    });
    // The main process's webContents.send(PROGRESS_CHANNEL, event).
    progressSink = (event) => {
      for (const listener of listeners.get(PROGRESS_CHANNEL) ?? []) listener({ sender: 'ipcRenderer would leak here' }, structuredClone(event));
    };
    return { exposed, required, invoked, listeners, ledgerApi: exposed.get('ledger') as Exposed };
  }

  it('exposes exactly window.ledger with call and onProgress, and requires only electron', async () => {
    const { exposed, required, ledgerApi } = await loadPreload();
    expect([...exposed.keys()]).toEqual(['ledger']);
    expect(Object.keys(ledgerApi).sort()).toEqual(['call', 'onProgress']);
    expect([...new Set(required)]).toEqual(['electron']);
  });

  it('carries calls through ipcMain to the ledger and refuses unknown channels before IPC', async () => {
    const { ledgerApi, invoked } = await loadPreload();
    const summary = await ledgerApi.call('dashboard.summary', undefined);
    expect(JSON.parse(JSON.stringify(summary))).toMatchObject({ ok: true, value: { isEmpty: true } });

    const bad = await ledgerApi.call('settings.update', { officeName: '单'.repeat(100) });
    expect(JSON.parse(JSON.stringify(bad))).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'officeName' } });

    const unknown = await ledgerApi.call('fs.readFile', '/etc/passwd');
    expect(JSON.parse(JSON.stringify(unknown))).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(unknown.ok === false && unknown.error.message).toMatch(CHINESE);
    expect(invoked).toEqual(['dashboard.summary', 'settings.update']);
  });

  it('delivers progress payloads (not the IPC event) until unsubscribed', async () => {
    const { ledgerApi, listeners } = await loadPreload();
    const seen: unknown[] = [];
    const unsubscribe = ledgerApi.onProgress((event) => seen.push(event));
    const event: ProgressEvent = { jobId: 'import-1', label: '正在导入', done: 3, total: 10 };
    ledger.emitProgress(event);
    expect(JSON.parse(JSON.stringify(seen))).toEqual([event]);
    unsubscribe();
    expect(listeners.get(PROGRESS_CHANNEL)?.size).toBe(0);
    ledger.emitProgress({ ...event, done: 4 });
    expect(seen).toHaveLength(1);
  });
});
