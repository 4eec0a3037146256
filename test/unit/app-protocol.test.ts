// app://ledger/ (electron/app-protocol.ts): the renderer's files and nothing else, with their MIME types and
// the CSP, served through Node's own Request/Response exactly as protocol.handle hands them over.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES, resolveAppRequest, serveAppRequest } from '../../electron/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { tempDir } from '../helpers/ledger';

let base: string;
let rendererDir: string;

beforeAll(() => {
  base = tempDir('app-protocol-');
  rendererDir = path.join(base, 'dist', 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>扶贫台账</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  fs.writeFileSync(path.join(rendererDir, 'assets', '字体.woff2'), 'w');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'blob.bin'), 'x');
  // Beside the renderer: what a traversal would want.
  fs.writeFileSync(path.join(base, 'ledger.db'), 'SQLite format 3');
  fs.mkdirSync(path.join(base, 'dist', 'renderer-copy'));
  fs.writeFileSync(path.join(base, 'dist', 'renderer-copy', 'index.html'), 'other');
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

async function get(url: string, method = 'GET'): Promise<Response> {
  return serveAppRequest(new Request(url, { method }), rendererDir);
}

describe('app:// protocol handler', () => {
  it('serves the index for / and /index.html, and assets, with the right MIME type, CSP and nosniff', async () => {
    for (const url of ['app://ledger/', APP_INDEX_URL, `${APP_INDEX_URL}?x=1#/funds`]) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toContain('扶贫台账');
    }
    const js = await get('app://ledger/assets/index-abc.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    expect((await get('app://ledger/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get(`app://ledger/assets/${encodeURIComponent('字体')}.woff2`)).headers.get('content-type')).toBe('font/woff2');
    const head = await get('app://ledger/assets/index-abc.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('refuses traversal out of the renderer folder, however it is spelt', async () => {
    for (const url of [
      'app://ledger/../ledger.db',
      'app://ledger/%2e%2e/%2e%2e/ledger.db',
      'app://ledger/assets/%2E%2E/%2E%2E/%2E%2E/ledger.db',
      'app://ledger/..%2f..%2fledger.db',
      'app://ledger/..%5c..%5cledger.db',
      'app://ledger/assets%5c..%5c..%5c..%5cledger.db',
      'app://ledger/%00index.html',
      `app://ledger/${encodeURIComponent(path.join(base, 'ledger.db'))}`,
      'app://ledger/C:/Windows/win.ini',
      'app://ledger/../renderer-copy/index.html',
    ]) {
      const res = await get(url);
      expect([403, 404], url).toContain(res.status);
      expect(await res.text(), url).toBe('');
    }
    expect(resolveAppRequest('app://ledger/..%2f..%2fledger.db', 'GET', rendererDir)).toEqual({ status: 403 });
  });

  it('answers only GET/HEAD on app://ledger, and 404 for missing or untyped files', async () => {
    expect((await get('app://ledger/index.html', 'POST')).status).toBe(405);
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://ledger:81/index.html')).status).toBe(404);
    expect((await get('app://ledger/missing.js')).status).toBe(404);
    expect((await get('app://ledger/assets/blob.bin')).status).toBe(404);
    expect((await get('app://ledger/assets')).status).toBe(404);
    expect(resolveAppRequest('app://ledger/%E0%A4%A', 'GET', rendererDir)).toEqual({ status: 400 });
  });

  it('registers a standard, secure origin that does not bypass the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
  });
});
