// The bridge between the sandboxed renderer and the main process. It exposes exactly
// window.ledger.call(channel, input) and window.ledger.onProgress(cb) — no ipcRenderer, no Node.
// Sandboxed preloads may only require 'electron', so scripts/build-electron.mjs bundles shared/api.ts in.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isChannel, type ApiResponse, type ProgressEvent } from '../shared/api';
import { PROGRESS_CHANNEL } from './ipc';

const bridge = {
  call(channel: string, input: unknown): Promise<ApiResponse> {
    // Only the contract's channels leave this page; anything else never reaches ipcRenderer.
    if (!isChannel(channel)) {
      const shown = typeof channel === 'string' ? channel.slice(0, 60) : typeof channel;
      return Promise.resolve<ApiResponse>({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `没有名为“${shown}”的操作，请升级到最新版本后重试` } });
    }
    return (ipcRenderer.invoke(channel, input) as Promise<ApiResponse>).catch((): ApiResponse => ({
      ok: false,
      error: { code: 'INTERNAL', message: '与台账主程序的连接出错，操作可能没有完成。请重试；如仍出错，请重新启动扶贫台账。' },
    }));
  },
  onProgress(callback: (event: ProgressEvent) => void): () => void {
    // Hand over the payload only: the IpcRendererEvent would give the page a way to ipcRenderer.
    const listener = (_event: IpcRendererEvent, progress: ProgressEvent) => callback(progress);
    ipcRenderer.on(PROGRESS_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(PROGRESS_CHANNEL, listener);
    };
  },
};

contextBridge.exposeInMainWorld('ledger', bridge);
