// The renderer's only way to the ledger: window.ledger (Electron preload) when present, otherwise the
// loopback browser-mode bridge. Nothing else in the renderer knows which door it is behind.
import type { ApiResponse, Channel, ChannelInput, ChannelResult, ProgressEvent } from '../../../shared/api';
import type { ApiError } from '../../../shared/errors';

export interface LedgerBridge {
  call(channel: string, input: unknown): Promise<ApiResponse>;
  onProgress(callback: (event: ProgressEvent) => void): () => void;
}

declare global {
  interface Window {
    ledger?: LedgerBridge;
  }
}

const TOKEN_KEY = 'ledger-bridge-token';

/** The browser bridge hands its token in the address once (?token=…); keep it for reloads, hide it from the bar. */
function bridgeToken(): string {
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const query = params.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpBridge(): LedgerBridge {
  const token = bridgeToken();
  return {
    async call(channel, input) {
      try {
        const response = await fetch('/api/call', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-ledger-token': token },
          body: JSON.stringify({ channel, input }),
        });
        return (await response.json()) as ApiResponse;
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: '无法连接到台账服务，请确认程序仍在运行后刷新页面' } };
      }
    },
    onProgress(callback) {
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      const listener = (event: MessageEvent<string>) => callback(JSON.parse(event.data) as ProgressEvent);
      source.addEventListener('progress', listener);
      return () => source.close();
    },
  };
}

let bridge: LedgerBridge | null = null;
function currentBridge(): LedgerBridge {
  bridge ??= window.ledger ?? httpBridge();
  return bridge;
}

/** Thrown by `call` so screens can show the Chinese message at the right field. */
export class LedgerCallError extends Error {
  readonly code: ApiError['code'];
  readonly field: string | undefined;
  constructor(error: ApiError) {
    super(error.message);
    this.code = error.code;
    this.field = error.field;
  }
}

export async function call<C extends Channel>(channel: C, ...args: undefined extends ChannelInput<C> ? [input?: ChannelInput<C>] : [input: ChannelInput<C>]): Promise<ChannelResult<C>> {
  const response = await currentBridge().call(channel, args[0]);
  if (!response.ok) throw new LedgerCallError(response.error);
  return response.value as ChannelResult<C>;
}

export function onProgress(callback: (event: ProgressEvent) => void): () => void {
  return currentBridge().onProgress(callback);
}
