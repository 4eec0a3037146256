// The Electron security checklist, checked where Node can check it: the main process source (Electron's
// binary cannot run here), the external-link allow-list, and the electronegativity gate that `npm run lint`
// runs in CI (it must fail on bad code and on an eng-disable without a reason).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_EXTERNAL_LINKS, isAllowedExternalUrl } from '../../electron/external-links';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { tempDir } from '../helpers/ledger';

const root = path.resolve(__dirname, '..', '..');
const mainSource = fs.readFileSync(path.join(root, 'electron', 'main.ts'), 'utf8');

function scan(dir: string): { status: number | null; out: string } {
  const res = spawnSync(process.execPath, [path.join(root, 'scripts', 'electronegativity.mjs'), dir], { encoding: 'utf8', timeout: 120_000 });
  return { status: res.status, out: `${res.stdout}${res.stderr}` };
}

function plant(files: Record<string, string>): string {
  const dir = tempDir('eneg-');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const GOOD_WINDOW = `import { BrowserWindow, session } from 'electron';
session.defaultSession.setPermissionRequestHandler((_c, _p, cb) => cb(false));
export function open() {
  const win = new BrowserWindow({ webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' } });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  session.defaultSession.webRequest.onHeadersReceived((d, cb) => cb({ responseHeaders: { ...d.responseHeaders, 'Content-Security-Policy': ["default-src 'self'"] } }));
  return win;
}
`;

describe('main process security settings', () => {
  it('keeps every window isolated, sandboxed, without Node, with web security and without Auxclick', () => {
    for (const needle of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true', "disableBlinkFeatures: 'Auxclick'", 'app.enableSandbox()', 'devTools: isDev', 'safeDialogs: true']) {
      expect(mainSource, needle).toContain(needle);
    }
    for (const forbidden of ['allowRunningInsecureContent', 'experimentalFeatures', 'enableBlinkFeatures', 'nodeIntegrationInSubFrames', 'webviewTag: true', 'contextIsolation: false', 'sandbox: false']) {
      expect(mainSource, forbidden).not.toContain(forbidden);
    }
  });

  it('denies navigation, new windows, webviews and every permission, and sets the CSP on every response', () => {
    for (const needle of ["'will-navigate'", "'will-frame-navigate'", "'will-redirect'", "'will-attach-webview'", 'setWindowOpenHandler', "action: 'deny'", 'setPermissionRequestHandler', 'setPermissionCheckHandler', "'Content-Security-Policy'", "'web-contents-created'"]) {
      expect(mainSource, needle).toContain(needle);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self';/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/object-src 'none'/);
  });

  it('serves the renderer from app://ledger/ through protocol.handle, never file://', () => {
    for (const needle of ['protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }])', 'protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, rendererDir))', 'win.loadURL(devServerUrl ?? APP_INDEX_URL)']) {
      expect(mainSource, needle).toContain(needle);
    }
    for (const forbidden of ['loadFile(', "'file:", 'registerFileProtocol', 'bypassCSP']) {
      expect(mainSource, forbidden).not.toContain(forbidden);
    }
    // Every navigation and sender check uses the same rule, without the renderer folder (file:// is never the app).
    expect(mainSource.match(/isAppUrl\([^)]*\)/g)).toEqual(['isAppUrl(frame.url, devServerUrl)', 'isAppUrl(event.url, devServerUrl)', 'isAppUrl(event.url, devServerUrl)']);
  });

  it('calls shell.openExternal in one place only, behind the allow-list', () => {
    const calls = mainSource.match(/openExternal\(/g) ?? [];
    expect(calls).toHaveLength(1);
    expect(mainSource).toMatch(/if \(isAllowedExternalUrl\(url\)\) void shell\.openExternal\(url\)/);
  });
});

describe('external links', () => {
  it('opens only https addresses the app itself listed, exactly', () => {
    expect(APP_EXTERNAL_LINKS.length).toBeGreaterThan(0);
    for (const url of APP_EXTERNAL_LINKS) {
      expect(url.startsWith('https://')).toBe(true);
      expect(isAllowedExternalUrl(url)).toBe(true);
    }
    const list = ['https://www.moa.gov.cn/'];
    expect(isAllowedExternalUrl('https://www.moa.gov.cn', list)).toBe(true);
    for (const bad of [
      'http://www.moa.gov.cn/',
      'https://www.moa.gov.cn/other',
      'https://www.moa.gov.cn.evil.com/',
      'https://user:pass@www.moa.gov.cn/',
      'https://www.moa.gov.cn:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'smb://server/share',
      'https://evil.com/?https://www.moa.gov.cn/',
      'not a url',
      '',
    ]) {
      expect(isAllowedExternalUrl(bad, list), bad).toBe(false);
    }
  });
});

describe('electronegativity gate (npm run lint)', () => {
  it('passes the real source', () => {
    const res = scan(root);
    expect(res.out).toMatch(/electronegativity：扫描/);
    expect(res.status).toBe(0);
  });

  it('fails on insecure BrowserWindow settings and on an eng-disable that gives no reason, and passes when justified', () => {
    const bad = plant({
      'electron/main.ts': `import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n`,
    });
    const badRun = scan(bad);
    expect(badRun.status).toBe(1);
    expect(badRun.out).toMatch(/NODE_INTEGRATION_JS_CHECK|CONTEXT_ISOLATION_JS_CHECK/);

    const unexplained = plant({ 'electron/main.ts': GOOD_WINDOW.replace("sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' }", "sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick', preload: 'p.js' /* eng-disable PRELOAD_JS_CHECK */ }") });
    const unexplainedRun = scan(unexplained);
    expect(unexplainedRun.status).toBe(1);
    expect(unexplainedRun.out).toMatch(/没有写明理由/);

    const justified = plant({ 'electron/main.ts': GOOD_WINDOW.replace("sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' }", "sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick', preload: 'p.js' /* eng-disable PRELOAD_JS_CHECK — exposes one function through contextBridge */ }") });
    const justifiedRun = scan(justified);
    expect(justifiedRun.out).not.toMatch(/没有写明理由/);
    expect(justifiedRun.status, justifiedRun.out).toBe(0);
    for (const d of [bad, unexplained, justified]) fs.rmSync(d, { recursive: true, force: true });
  });
});
