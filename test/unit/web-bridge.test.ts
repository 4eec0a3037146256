import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveStaticPath, startWebBridge, type WebBridge } from '../../electron/web-bridge';
import { tempDir, tempLedger, type TempLedger } from '../helpers/ledger';

let ledger: TempLedger;
let bridge: WebBridge;
let rendererDir: string;

beforeEach(async () => {
  ledger = tempLedger({ door: 'web' });
  rendererDir = tempDir('renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>扶贫台账</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  bridge = await startWebBridge({ ledger, rendererDir });
});
afterEach(async () => {
  await bridge.close();
  ledger.dispose();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

/** A raw request, so the Host header can be set the way a DNS-rebinding page would. */
function request(options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: bridge.port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

const callBody = JSON.stringify({ channel: 'dashboard.summary', input: undefined });

describe('browser-mode bridge', () => {
  it('listens on 127.0.0.1 with a random token in the printed address', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('answers API calls that carry the token', async () => {
    const res = await request({ method: 'POST', path: '/api/call', headers: { 'x-ledger-token': bridge.token, 'content-type': 'application/json' }, body: callBody });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { isEmpty: true } });
  });

  it('refuses requests without the token, with a wrong token, or a foreign Host header', async () => {
    const noToken = await request({ method: 'POST', path: '/api/call', body: callBody });
    expect(noToken.status).toBe(401);
    expect(JSON.parse(noToken.body).error.message).toMatch(/令牌/);
    const wrong = await request({ method: 'POST', path: '/api/call', headers: { 'x-ledger-token': 'f'.repeat(48) }, body: callBody });
    expect(wrong.status).toBe(401);
    const rebinding = await request({ method: 'POST', path: '/api/call', headers: { host: `evil.example:${bridge.port}`, 'x-ledger-token': bridge.token }, body: callBody });
    expect(rebinding.status).toBe(403);
    const events = await request({ path: '/api/events' });
    expect(events.status).toBe(401);
  });

  it('refuses DNS-rebinding Host values and foreign Origins, and keeps a session per token', async () => {
    const headers = { 'x-ledger-token': bridge.token, 'content-type': 'application/json' };
    const port = bridge.port;
    const foreignHosts = [
      `127.0.0.1.evil.com:${port}`,
      `localhost.evil.com:${port}`,
      `evil.com:${port}`,
      `127.0.0.1:${port}.evil.com`,
      `127.0.0.1:${port}@evil.com`,
      `127.0.0.1`,
      `localhost`,
      `127.0.0.1:${port + 1}`,
      `[::1]:${port}`,
      `0.0.0.0:${port}`,
      `127.1:${port}`,
      `localhost.:${port}`,
      `2130706433:${port}`,
    ];
    for (const host of foreignHosts) {
      for (const path of ['/api/call', '/', '/assets/app.js']) {
        const res = await request({ method: path === '/api/call' ? 'POST' : 'GET', path, headers: { ...headers, host }, body: path === '/api/call' ? callBody : undefined });
        expect(res.status, `${host} ${path}`).toBe(403);
        expect(res.body).not.toContain('isEmpty');
      }
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      expect((await request({ method: 'POST', path: '/api/call', headers: { ...headers, host }, body: callBody })).status).toBe(200);
    }
    for (const origin of ['http://evil.com', `http://127.0.0.1.evil.com:${port}`, `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, 'null']) {
      const res = await request({ method: 'POST', path: '/api/call', headers: { ...headers, origin }, body: callBody });
      expect(res.status, origin).toBe(403);
      expect(JSON.parse(res.body).error.message).toMatch(/其他网页/);
    }
    const crossSite = await request({ method: 'POST', path: '/api/call', headers: { ...headers, 'sec-fetch-site': 'cross-site' }, body: callBody });
    expect(crossSite.status).toBe(403);
    const events = await request({ path: `/api/events?token=${bridge.token}`, headers: { origin: 'http://evil.com' } });
    expect(events.status).toBe(403);
    const own = await request({ method: 'POST', path: '/api/call', headers: { ...headers, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' }, body: callBody });
    expect(own.status).toBe(200);

    // Each token is its own session: signing in through this bridge does not sign in another one.
    const signIn = JSON.stringify({ channel: 'operators.setMultiUser', input: { enabled: true, adminName: '赵管理', password: 'admin-pass' } });
    const on = JSON.parse((await request({ method: 'POST', path: '/api/call', headers, body: signIn })).body);
    expect(on).toMatchObject({ ok: true, value: { multiUser: true, operator: { name: '赵管理' } } });
    expect(JSON.parse((await request({ method: 'POST', path: '/api/call', headers, body: callBody })).body).ok).toBe(true);
    const second = await startWebBridge({ ledger, rendererDir });
    try {
      const res = await fetch(`${second.origin}/api/call`, { method: 'POST', headers: { 'x-ledger-token': second.token, 'content-type': 'application/json' }, body: callBody });
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      await second.close();
    }
  });

  it('answers bad bodies and unknown channels with Chinese errors', async () => {
    const headers = { 'x-ledger-token': bridge.token };
    const garbage = await request({ method: 'POST', path: '/api/call', headers, body: '{not json' });
    expect(garbage.status).toBe(400);
    const unknown = await request({ method: 'POST', path: '/api/call', headers, body: JSON.stringify({ channel: 'audit.delete', input: {} }) });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const get = await request({ path: '/api/call', headers });
    expect(get.status).toBe(405);
  });

  it('serves the renderer with a CSP and never a file outside it', async () => {
    const index = await request({ path: '/' });
    expect(index.status).toBe(200);
    expect(index.body).toContain('扶贫台账');
    expect(index.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(index.headers['content-security-policy']).not.toMatch(/unsafe-eval/);
    expect((await request({ path: '/assets/app.js' })).headers['content-type']).toMatch(/javascript/);
    expect((await request({ path: '/../../etc/passwd' })).status).toBe(404);
    expect((await request({ path: '/%2e%2e/%2e%2e/etc/passwd' })).status).toBe(404);
    expect(resolveStaticPath(rendererDir, '/%2e%2e/secret')).toBeNull();
    expect(resolveStaticPath(rendererDir, '/%E0%A4%A')).toBeNull();
  });

  it('streams progress events to subscribers', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: bridge.port, path: `/api/events?token=${bridge.token}` }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes(': connected')) ledger.emitProgress({ jobId: 'j', label: '测试', done: 1, total: 2 });
          if (text.includes('event: progress')) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', reject);
    });
    expect(received).toContain('"label":"测试"');
  });
});
