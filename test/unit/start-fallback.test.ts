// `npm start` where Electron's binary cannot be downloaded (this machine: the download is refused) says in
// Chinese what failed and how to fix it, then serves the same app in browser mode. The binary's presence is read
// from node_modules/electron/path.txt and dist/ (or ELECTRON_OVERRIDE_DIST_PATH), never by importing 'electron'.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadFailureReason, electronBinary, electronMissingMessage, ensureElectronBinary } from '../../scripts/electron-binary';
import { browserOpener } from '../../scripts/start';

const repo = path.resolve(__dirname, '..', '..');
const CJK = /[\u4e00-\u9fff]/;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('is the Electron binary there', () => {
  it('reads path.txt and dist/ as electron/index.js does', () => {
    const pkg = tempDir('electron-pkg-');
    expect(electronBinary(pkg, {})).toBeNull(); // fresh install: no path.txt
    fs.writeFileSync(path.join(pkg, 'path.txt'), 'electron');
    expect(electronBinary(pkg, {})).toBeNull(); // path.txt but no dist/
    fs.mkdirSync(path.join(pkg, 'dist'));
    fs.writeFileSync(path.join(pkg, 'dist', 'electron'), '');
    expect(electronBinary(pkg, {})).toBe(path.join(pkg, 'dist', 'electron'));
    // ELECTRON_OVERRIDE_DIST_PATH wins, as in electron/index.js.
    const override = tempDir('electron-dist-');
    expect(electronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBeNull();
    fs.writeFileSync(path.join(override, 'electron'), '');
    expect(electronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBe(path.join(override, 'electron'));
  });

  it('the project never runs `electron .` directly: npm start and npm run dev go through the check', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe('npm run build && tsx scripts/start.ts');
    expect(scripts.dev).toBe('tsx scripts/dev.mjs');
    expect(fs.readFileSync(path.join(repo, 'scripts', 'dev.mjs'), 'utf8')).toContain("from './electron-binary.ts'");
  });
});

describe('getting the binary: electron’s own install step first (npm start and npm run dev)', () => {
  const quiet = { say: () => undefined };

  it('uses the binary that is there without downloading', async () => {
    let installs = 0;
    const got = await ensureElectronBinary({ ...quiet, env: {}, find: () => '/e/electron', install: () => Promise.resolve({ ok: true, output: String(++installs) }) });
    expect(got).toEqual({ binary: '/e/electron', reason: null });
    expect(installs).toBe(0);
  });

  it('downloads a missing binary, telling the developer, and uses it', async () => {
    let present = false;
    const said: string[] = [];
    const got = await ensureElectronBinary({
      say: (t) => said.push(t),
      env: {},
      find: () => (present ? '/e/electron' : null),
      install: () => {
        present = true;
        return Promise.resolve({ ok: true, output: '' });
      },
    });
    expect(got).toEqual({ binary: '/e/electron', reason: null });
    expect(said.join('')).toContain('正在下载 Electron 程序文件');
  });

  it('gives the reason when the download fails, and does not try when told to skip it', async () => {
    const failed = await ensureElectronBinary({ ...quiet, env: {}, find: () => null, install: () => Promise.resolve({ ok: false, output: 'TypeError: fetch failed\n    at x' }) });
    expect(failed).toEqual({ binary: null, reason: 'fetch failed' });
    let installs = 0;
    const skipped = await ensureElectronBinary({ ...quiet, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, find: () => null, install: () => Promise.resolve({ ok: true, output: String(++installs) }) });
    expect(skipped).toEqual({ binary: null, reason: '设置了 ELECTRON_SKIP_BINARY_DOWNLOAD' });
    expect(installs).toBe(0);
  });

  it('npm run dev goes through the same step and the same browser-mode fallback as npm start', () => {
    const dev = fs.readFileSync(path.join(repo, 'scripts', 'dev.mjs'), 'utf8');
    expect(dev).toContain("import { ensureElectronBinary } from './electron-binary.ts'");
    expect(dev).toContain("import { startBrowserFallback } from './start.ts'");
    expect(dev).toMatch(/const \{ binary, reason \} = await ensureElectronBinary\(\);\s+if \(!binary\) \{\s+await browserFallback\(reason, args\);/);
    expect(dev).not.toContain('electronBinary()');
    // The download code lives once, in electron-binary.ts.
    expect(fs.readFileSync(path.join(repo, 'scripts', 'start.ts'), 'utf8')).not.toContain('install.js');
  });
});

describe('the message', () => {
  it("takes the reason from @electron/get's output, not the stack", () => {
    const output = [
      'TypeError: fetch failed',
      '    at node:internal/deps/undici/undici:15270:13',
      '    at async FetchDownloader.download (file:///x/node_modules/@electron/get/dist/FetchDownloader.js:46:30)',
    ].join('\n');
    expect(downloadFailureReason(output)).toBe('fetch failed');
    expect(downloadFailureReason('HTTPError: Response code 404 (Not Found)')).toBe('Response code 404 (Not Found)');
    expect(downloadFailureReason('')).toBeNull();
  });

  it('says what failed and both ways out, with the command for the platform', () => {
    const linux = electronMissingMessage('fetch failed', 'linux');
    expect(linux).toMatch(CJK);
    expect(linux).toContain('Electron 程序文件没有下载下来（fetch failed）');
    expect(linux).toContain('ELECTRON_MIRROR=镜像地址 npx install-electron');
    expect(linux).toContain('安装包');
    expect(linux).toContain('浏览器模式');
    expect(linux).not.toMatch(/\bat \w+ \(/); // no stack frames
    expect(electronMissingMessage(null, 'win32')).toContain('set ELECTRON_MIRROR=镜像地址，再运行 npx install-electron');
  });

  it('opens the default browser only where there is a display', () => {
    expect(browserOpener('linux', {})).toBeNull();
    expect(browserOpener('linux', { DISPLAY: ':0' })).toEqual({ command: 'xdg-open', args: [] });
    expect(browserOpener('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toEqual({ command: 'xdg-open', args: [] });
    expect(browserOpener('win32', {})).toEqual({ command: 'rundll32', args: ['url.dll,FileProtocolHandler'] });
  });
});

// -- the real start script --------------------------------------------------------------------------------

/** Environment for a start whose download cannot succeed: no mirror settings of the caller, a mirror that
 *  refuses connections, an empty download cache, no display, and the binary looked for in an empty folder. */
function startEnv(distDir: string, cacheDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/electron|^DISPLAY$|^WAYLAND_DISPLAY$/i.test(k)) env[k] = v;
  return { ...env, ELECTRON_MIRROR: 'http://127.0.0.1:1/', electron_config_cache: cacheDir, ELECTRON_OVERRIDE_DIST_PATH: distDir };
}

function startScript(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => { stdout: string; stderr: string }; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [path.join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(repo, 'scripts', 'start.ts'), ...args], {
    cwd: repo,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  cleanups.push(() => {
    if (child.exitCode !== null || child.pid === undefined) return;
    // The whole group: tsx runs the script in a child Node of its own.
    if (process.platform === 'win32') child.kill();
    else process.kill(-child.pid, 'SIGTERM');
  });
  return { child, output: () => ({ stdout, stderr }), exited };
}

async function waitFor<T>(probe: () => T | null, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm start with the binary absent', () => {
  it('prints what failed and how to fix it in Chinese, then serves browser mode at an address that answers', async () => {
    const dir = tempDir('start-');
    const renderer = path.join(dir, 'renderer');
    fs.mkdirSync(renderer);
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>扶贫台账</title>');
    const run = startScript(['--port', '0', '--db', path.join(dir, 'ledger.db'), '--renderer', renderer], startEnv(tempDir('dist-'), tempDir('cache-')));

    const url = await waitFor(() => /请在浏览器中打开：(http:\/\/127\.0\.0\.1:\d+\/\?token=\w+)/.exec(run.output().stdout)?.[1] ?? null, 60_000).catch(() => {
      throw new Error(`no address printed:\n${run.output().stdout}\n${run.output().stderr}`);
    });
    // The sentence about the browser follows the address in a later write: wait for it rather than race it.
    await waitFor(() => (run.output().stdout.includes('打开浏览器') ? true : null), 10_000).catch(() => undefined);
    const { stdout, stderr } = run.output();
    expect(stdout).toContain('正在下载 Electron 程序文件');
    expect(stderr).toContain('桌面程序无法启动：Electron 程序文件没有下载下来（');
    expect(stderr).toContain('ELECTRON_MIRROR');
    expect(stderr).toContain('安装包');
    expect(stderr).not.toContain('    at '); // @electron/get's stack trace stays out of sight
    expect(stdout).toContain('无法自动打开浏览器'); // no display here: the address is what the clerk gets

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>扶贫台账</title>');
    // The same handlers as the window: the ledger answers through the bridge with the printed token.
    const api = await fetch(new URL('/api/call', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ledger-token': new URL(url).searchParams.get('token') ?? '' },
      body: JSON.stringify({ channel: 'app.info', input: undefined }),
    });
    expect(api.status).toBe(200);
    expect(((await api.json()) as { ok: boolean }).ok).toBe(true);

    if (run.child.pid !== undefined && process.platform !== 'win32') process.kill(-run.child.pid, 'SIGTERM');
    else run.child.kill();
    await run.exited;
  });

  it.runIf(process.platform !== 'win32')('with the binary present it runs Electron on the app, and no browser mode', async () => {
    const dist = tempDir('dist-');
    const log = path.join(dist, 'ran.txt');
    fs.writeFileSync(path.join(dist, 'electron'), `#!/bin/sh\nprintf '%s ' "$@" > '${log}'\n`, { mode: 0o755 });
    const run = startScript(['--port', '0'], startEnv(dist, tempDir('cache-')));
    expect(await run.exited).toBe(0);
    expect(fs.readFileSync(log, 'utf8').trim()).toBe('. --port 0');
    expect(run.output().stdout).not.toContain('浏览器模式');
    expect(run.output().stderr).toBe('');
  });
});
