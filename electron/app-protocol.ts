// The renderer's own origin, app://ledger/, served from dist/renderer by protocol.handle (main.ts) instead of
// file://: a page on file:// may read other local files, so one injected script could read the whole ledger.
// Here only files inside the renderer folder answer, by GET/HEAD, with a fixed MIME type and the CSP header.
// Plain Node (Request/Response are Node's own), so the handler is tested without Electron.
import fs from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { APP_HOST, APP_SCHEME } from './app-origin';

export { APP_HOST, APP_INDEX_URL, APP_ORIGIN, APP_SCHEME } from './app-origin';

/** registerSchemesAsPrivileged's entry: a standard, secure origin (fetch, module scripts, code cache); no CSP bypass. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, codeCache: true } as const;

/** By extension: everything vite emits into dist/renderer, and nothing guessed from the content. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pdf': 'application/pdf',
};

export type AppRequestTarget = { status: 200; file: string; mimeType: string } | { status: 400 | 403 | 404 | 405 };

/** The file an app:// request names inside `rendererDir`, or the status that refuses it. */
export function resolveAppRequest(url: string, method: string, rendererDir: string): AppRequestTarget {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405 };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 400 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host.toLowerCase() !== APP_HOST || parsed.username || parsed.password || parsed.port) return { status: 404 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return { status: 400 };
  }
  // A backslash is a separator on Windows and NUL ends a path: neither belongs in a renderer URL.
  if (pathname.includes('\\') || pathname.includes('\0')) return { status: 403 };
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || /^[A-Za-z]:/.test(s))) return { status: 403 };
  const relative = segments.length === 0 ? 'index.html' : segments.join(path.sep);
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  const inside = path.relative(root, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return { status: 403 };
  const mimeType = MIME_TYPES[path.extname(file).toLowerCase()];
  return mimeType ? { status: 200, file, mimeType } : { status: 404 };
}

export type ReadFile = (file: string) => Promise<Uint8Array>;

/** protocol.handle's handler: the file with its MIME type and the app's CSP, or an empty error response. */
export async function serveAppRequest(request: Request, rendererDir: string, readFile: ReadFile = (f) => fs.promises.readFile(f)): Promise<Response> {
  const target = resolveAppRequest(request.url, request.method, rendererDir);
  if (target.status !== 200) return new Response(null, { status: target.status });
  let body: Uint8Array;
  try {
    body = await readFile(target.file);
  } catch {
    return new Response(null, { status: 404 });
  }
  const headers = {
    'Content-Type': target.mimeType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}
