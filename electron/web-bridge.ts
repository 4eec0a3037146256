// Browser mode: the same handler table over HTTP on 127.0.0.1 only, for development and end-to-end tests
// in Chromium. Every API request must carry the per-run random token; the Host header must be the
// loopback address (a DNS-rebinding page cannot reach us). Progress events go out as Server-Sent Events.
// Not shipped in the installer.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { z } from 'zod';
import type { ApiResponse, ProgressEvent } from '../shared/api';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { newSessionSlot, type LedgerHandle, type SessionSlot } from './platform/context';
import { dispatch } from './platform/handlers';
import { withSession } from './ledger/operators/service';


const MAX_BODY_BYTES = 50 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.pdf': 'application/pdf',
};

const callBody = z.object({ channel: z.string().max(100), input: z.unknown().optional() });

export interface WebBridgeOptions {
  ledger: LedgerHandle;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface WebBridge {
  /** Address to open, with the token: http://127.0.0.1:PORT/?token=… */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function tokensMatch(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

function refuse(res: http.ServerResponse, status: number, code: 'FORBIDDEN' | 'BAD_REQUEST' | 'NOT_FOUND' | 'TOO_LARGE', message: string): void {
  const body: ApiResponse = { ok: false, error: { code, message } };
  sendJson(res, status, body);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

/**
 * A browser names the page that made a request in Origin (and Sec-Fetch-Site). Our own page is same-origin;
 * any other site's page is refused even if it somehow had the token. No Origin at all: a non-browser client
 * (curl, tests) or a same-origin GET — the token and Host checks still apply.
 */
export function isOwnOrigin(originHeader: string | undefined, fetchSite: string | undefined, port: number): boolean {
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
  if (originHeader === undefined) return true;
  return originHeader === `http://127.0.0.1:${port}` || originHeader === `http://localhost:${port}`;
}

/** Resolve a request path inside the renderer folder; null for anything that would leave it. */
export function resolveStaticPath(rendererDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const full = path.resolve(root, relative);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  return full;
}

export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const listeners = new Set<http.ServerResponse>();
  /** One sign-in session per token (the bridge hands out one token per run, so one session per run). */
  const sessions = new Map<string, SessionSlot>([[token, newSessionSlot()]]);
  let port = 0;

  options.ledger.emitProgress = (event: ProgressEvent) => {
    const frame = `event: progress\ndata: ${JSON.stringify(event)}\n\n`;
    for (const res of listeners) res.write(frame);
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      if (!isLoopbackHost(req.headers.host, port)) {
        refuse(res, 403, 'FORBIDDEN', '只接受本机地址 127.0.0.1 或 localhost 的访问');
        return;
      }
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (url.pathname.startsWith('/api/') && !isOwnOrigin(req.headers.origin, req.headers['sec-fetch-site'] as string | undefined, port)) {
        return refuse(res, 403, 'FORBIDDEN', '只接受扶贫台账自己页面的请求，其他网页的请求已被拦截');
      }
      if (url.pathname === '/api/call') {
        if (req.method !== 'POST') return refuse(res, 405, 'BAD_REQUEST', '请用 POST 调用接口');
        if (!tokensMatch(req.headers['x-ledger-token'] as string | undefined, token)) {
          return refuse(res, 401, 'FORBIDDEN', '访问令牌不正确，请使用启动时显示的完整地址打开');
        }
        const body = await readBody(req);
        if (body === null) return refuse(res, 413, 'TOO_LARGE', '请求内容过大');
        let parsed: z.infer<typeof callBody>;
        try {
          parsed = callBody.parse(JSON.parse(body.toString('utf8')));
        } catch {
          return refuse(res, 400, 'BAD_REQUEST', '请求格式不正确');
        }
        const slot = sessions.get(token) ?? newSessionSlot();
        const answer = await dispatch(withSession(options.ledger, slot), parsed.channel, parsed.input);
        return sendJson(res, 200, answer);
      }
      if (url.pathname === '/api/events') {
        if (!tokensMatch(url.searchParams.get('token'), token)) {
          return refuse(res, 401, 'FORBIDDEN', '访问令牌不正确，请使用启动时显示的完整地址打开');
        }
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        listeners.add(res);
        req.on('close', () => listeners.delete(res));
        return;
      }
      if (url.pathname.startsWith('/api/')) return refuse(res, 404, 'NOT_FOUND', '没有这个接口');
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'BAD_REQUEST', '不支持的请求方法');
      const file = resolveStaticPath(options.rendererDir, url.pathname);
      if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        return refuse(res, 404, 'NOT_FOUND', '页面不存在');
      }
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).pipe(res);
    })().catch(() => {
      if (!res.headersSent) refuse(res, 500, 'BAD_REQUEST', '请求处理失败');
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('web bridge has no TCP address');
  port = address.port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of listeners) res.end();
        listeners.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
